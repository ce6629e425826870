/** The option parser of the CLIs (lib/cli.ts): values, repeats, `--`, and one-line usage errors. */
import { CommandSpec, helpText, parseCommandLine } from '../../lib/cli';

const SPEC: CommandSpec = {
  usage: 'tool IMAGE [options] [-- ARGS...]',
  options: {
    mem: { type: 'string', value: 'SIZE', describe: 'memory' },
    verbose: { type: 'boolean', describe: 'talk' },
    accel: { type: 'string', choices: ['kvm', 'tcg'], describe: 'accelerator' },
    p: { type: 'string', multiple: true, describe: 'ports' },
    output: { type: 'string', short: 'o', describe: 'out' },
  },
  positionals: { min: 1, max: 1, missing: 'give the image' },
  rest: true,
};
const parse = (...args: string[]) => parseCommandLine(SPEC, args, 'see tool --help');

test('values, repeats, the last of a repeated option, and ARGS after -- untouched', () => {
  const line = parse('img', '--mem', '8M', '--mem=16M', '-p', '1:2', '-p', '3:4', '--verbose', '-o', 'x', '--', '--mem', '-p', '');
  expect(line.positionals).toEqual(['img']);
  expect(line.values).toEqual({ mem: '16M', p: ['1:2', '3:4'], verbose: true, output: 'x' });
  expect(line.rest).toEqual(['--mem', '-p', '']);
});

test.each([
  [['img', '--bogus'], 'unknown option --bogus: see tool --help'],
  [['img', '--mem'], '--mem needs a value: see tool --help'],
  [['img', '--mem', '--verbose'], '--mem needs a value: see tool --help'],
  [['img', '--verbose=yes'], '--verbose takes no value: see tool --help'],
  [['img', '--accel', 'hvf'], '--accel hvf: choose one of kvm, tcg: see tool --help'],
  [[], 'give the image: see tool --help'],
  [['a', 'b'], "unexpected argument 'b': see tool --help"],
])('%j is refused in one line', (args, message) => {
  expect(() => parse(...args)).toThrow(message);
});

test('--help needs no positionals, and the help lists every option', () => {
  expect(parse('--help').help).toBe(true);
  const text = helpText(SPEC);
  for (const word of ['usage: tool IMAGE', '--mem SIZE', '--verbose', '-o, --output', '-p VALUE', '-h, --help']) expect(text).toContain(word);
});

/**
 * Command lines of the CLIs: a declared set of options parsed with Node's own
 * util.parseArgs, and the help text made from the same declaration. (yargs
 * took 50 ms to load, a third of `unicore run hello.kvm`; docs/architecture.md,
 * "Start-up".) Pure: the caller prints and exits.
 */
import { parseArgs } from 'util';
import { UserError } from './errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  describe: string;
  /** The value's name in the help (string options), e.g. SIZE. */
  value?: string;
  short?: string;
  /** Repeatable: every value is kept, in order (otherwise the last one wins). */
  multiple?: boolean;
  choices?: readonly string[];
}

export interface CommandSpec {
  /** The usage line, e.g. "unicore run IMAGE [options] [-- ARGS...]". */
  usage: string;
  describe?: string;
  options: Record<string, OptionSpec>;
  /** Positionals accepted before `--`: at least min, at most max (default: none). */
  positionals?: { min: number; max: number; missing: string };
  /** Words after `--` are kept untouched in `rest`; without this, `--` ends options only. */
  rest?: boolean;
  epilogue?: string;
}

export interface ParsedLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  rest: string[];
  help: boolean;
}

/**
 * Parses args (after the command's name) against spec. Bad usage is a
 * UserError whose message names the word and ends with the help hint.
 */
export function parseCommandLine(spec: CommandSpec, args: string[], hint: string): ParsedLine {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) =>
    [name, { type: o.type, multiple: o.multiple === true, ...(o.short ? { short: o.short } : {}) }]));
  const { tokens } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: false, allowPositionals: true, tokens: true });
  const bad = (what: string) => new UserError(`${what}: ${hint}`, 2);
  const parsed: ParsedLine = { values: {}, positionals: [], rest: [], help: false };
  let ended = -1;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      ended = token.index;
      break;
    }
    if (token.kind === 'positional') {
      parsed.positionals.push(token.value);
      continue;
    }
    if (token.name === 'help') {
      parsed.help = true;
      continue;
    }
    const o = spec.options[token.name];
    if (!o) throw bad(`unknown option ${token.rawName}`);
    if (o.type === 'boolean') {
      if (token.inlineValue) throw bad(`${token.rawName} takes no value`);
      parsed.values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && value !== '-')) {
      throw bad(`${token.rawName} needs a value`);
    }
    if (o.choices && !o.choices.includes(value)) throw bad(`${token.rawName} ${value}: choose one of ${o.choices.join(', ')}`);
    if (o.multiple) parsed.values[token.name] = [...((parsed.values[token.name] as string[] | undefined) ?? []), value];
    else parsed.values[token.name] = value;
  }
  if (ended >= 0) {
    const after = args.slice(ended + 1);
    if (spec.rest) parsed.rest = after;
    else parsed.positionals.push(...after);
  }
  if (parsed.help) return parsed;
  const { min, max, missing } = spec.positionals ?? { min: 0, max: 0, missing: '' };
  if (parsed.positionals.length < min) throw bad(missing);
  if (parsed.positionals.length > max) throw bad(`unexpected argument '${parsed.positionals[max]}'`);
  return parsed;
}

/** The help text: usage, description, one line per option, epilogue. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = name.length === 1 ? `-${name}` : `--${name}`;
    const names = o.short ? `-${o.short}, ${flag}` : flag;
    const left = o.type === 'string' ? `${names} ${o.value ?? 'VALUE'}` : names;
    const choices = o.choices ? ` (${o.choices.join(', ')})` : '';
    return [left, `${o.describe}${choices}`];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    `usage: ${spec.usage}`,
    ...(spec.describe ? ['', spec.describe] : []),
    '',
    'options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    ...(spec.epilogue ? ['', spec.epilogue] : []),
  ].join('\n') + '\n';
}

/**
 * Images whose path holds blanks, quotes and `$` (issue 8, case 1): QEMU's
 * multiboot loader puts the file's name before the command line, so the guest
 * must still get exactly its arguments, its streams, its status and its end of
 * input, on every platform.
 */
import * as fs from 'fs';
import * as path from 'path';
import { bake, buildProgram, run, workdir } from '../support/unicore';

const PLATFORMS = ['kvm', 'baremetal', 'xen', 'linuxu'];

describe.each(PLATFORMS)('an image under a path with blanks, quotes and $ on %s', (platform) => {
  let odd: string;
  const image = async (name: string) => {
    const program = await buildProgram(name, platform, odd);
    return bake(platform, program, ['-o', path.join(odd, `my ${name} "1" 'x' $HOME.${platform}`)]);
  };

  beforeAll(() => {
    odd = path.join(workdir(`odd-${platform}`), `dir with blanks 'single' "double" $PATH`);
    fs.mkdirSync(odd);
  });

  test('arguments, stdout and stderr arrive exactly', async () => {
    const r = await run(await image('streams'), { args: ['42', 'a b', '$HOME'] });
    expect(r.stdout.toString()).toBe('arg1=[42]\narg2=[a b]\narg3=[$HOME]\nto stdout\n');
    expect(r.stderr).toBe('to stderr\n');
    expect(r.exitCode).toBe(0);
  });

  test('a crash gives its report and status 139', async () => {
    const r = await run(await image('null_deref'));
    expect(r.stdout.toString()).toBe('about to crash\n');
    expect(r.stderr).toMatch(/^unicore: crash: /m);
    expect(r.exitCode).toBe(139);
  });

  test('end of input arrives', async () => {
    const r = await run(await image('read_line'), { input: '', timeoutMs: 60000 });
    expect(r.stdout.toString()).toBe('no input\n');
    expect(r.exitCode).toBe(1);
  });
});

test('an ISO under a path with blanks, a comma and $ boots with its baked arguments', async () => {
  const dir = path.join(workdir('odd-iso'), `iso dir, 'q' $HOME`);
  fs.mkdirSync(dir);
  const program = await buildProgram('streams', 'baremetal', dir);
  const iso = await bake('baremetal', program, ['--iso', '--cmdline', `a 'b c'`, '-o', path.join(dir, 'my, "iso".iso')]);
  const r = await run(iso);
  expect(r.stdout.toString()).toBe('to stderr\narg1=[a]\narg2=[b c]\nto stdout\n');   // an ISO's console mixes the streams
  expect(r.exitCode).toBe(0);
});

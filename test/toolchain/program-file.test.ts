/**
 * The wrapper's link output (docs/architecture.md, "The program file"): it runs
 * on the build machine as the linuxu build of the program, and the very same
 * file is what unicore-bake takes, for kvm as for any platform.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, run, sh, workdir } from '../support/unicore';

describe('a program linked by x86_64-unicore-kvm-gcc', () => {
  let dir: string;
  let program: string;
  beforeAll(async () => {
    dir = workdir('program-file');
    program = await buildProgram('echo_status', 'kvm', dir);
  });

  const args = ['one', 'two words', ''];
  const input = 'first\nsecond\n';
  const expected = 'arg 1: [one]\narg 2: [two words]\narg 3: []\nin: first\nin: second\n';

  test('runs as ./prog on the build machine: arguments, stdin, stdout, stderr, exit status', async () => {
    const r = await execa('./echo_status', args, { cwd: dir, input, reject: false });
    expect(r.stdout + '\n').toBe(expected);
    expect(r.stderr).toBe('to stderr');
    expect(r.exitCode).toBe(44);
  });

  test('baked for kvm, the same file boots and behaves the same', async () => {
    const image = await bake('kvm', program);
    const r = await run(image, { args, input });
    expect(r.stdout.toString()).toBe(expected);
    expect(r.stderr).toContain('to stderr');
    expect(r.exitCode).toBe(44);
  });

  test('bake links the embedded object: the image is the one bake makes of that object alone', async () => {
    const alone = path.join(dir, 'alone');
    fs.mkdirSync(alone, { recursive: true });
    // Same basename, so the baked program name is the same.
    await sh(`objcopy --dump-section .unicore.program=alone/echo_status echo_status`, dir);
    const fromFile = await bake('kvm', program, ['-o', path.join(dir, 'from-file.kvm')]);
    const fromObject = await bake('kvm', path.join(alone, 'echo_status'), ['-o', path.join(dir, 'from-object.kvm')]);
    expect(fs.readFileSync(fromFile).equals(fs.readFileSync(fromObject))).toBe(true);
  });
});

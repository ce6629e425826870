/**
 * unicore-bake with hostile-but-fair input (issue 8): names that look like
 * options are files, and a rootfs with FIFOs, sockets and device nodes is
 * warned about once, at bake, not at every boot.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import execa from 'execa';
import { buildProgram, run, toolchainEnv, workdir } from '../support/unicore';

const bake = (args: string[], cwd: string) => execa('unicore-bake', args, { cwd, env: toolchainEnv(), reject: false });

let dir: string;
beforeAll(() => { dir = workdir('bake-safety'); });

describe('inputs whose names start with -', () => {
  test('a program named --version after -- is baked, not read as an option', async () => {
    fs.copyFileSync(await buildProgram('streams', 'kvm', dir), path.join(dir, '--version'));
    const r = await bake(['kvm', '--', '--version'], dir);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const out = await run(path.join(dir, '--version.kvm'), { args: ['a'] });
    expect(out.stdout.toString()).toBe('arg1=[a]\nto stdout\n');
    expect(out.exitCode).toBe(0);
  });

  test('an object named -oX.o is an input, not -o X', async () => {
    await execa('x86_64-unicore-kvm-gcc', ['-c', path.join(__dirname, '..', 'programs', 'exit_code.c'), '-o', '-oX.o'],
      { cwd: dir, env: toolchainEnv() });
    const r = await bake(['kvm', '--', '-oX.o'], dir);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, 'X'))).toBe(false);
    const out = await run(path.join(dir, '-oX.kvm'), { args: ['7'] });
    expect(out.exitCode).toBe(7);
  });
});

describe.each(['kvm', 'linuxu'])('a rootfs with FIFOs, sockets and device nodes on %s', (platform) => {
  test('bake warns once and leaves them out; the guest boots without a word about them', async () => {
    const root = path.join(dir, `root-${platform}`);
    fs.mkdirSync(path.join(root, 'data'), { recursive: true });
    fs.writeFileSync(path.join(root, 'data', 'in.txt'), 'kept\n');
    await execa('mkfifo', [path.join(root, 'data', 'fifo')]);
    const server = net.createServer().listen(path.join(root, 'sock'));
    await new Promise((resolve) => server.once('listening', resolve));
    const special = ['data/fifo', 'sock'];
    if (process.getuid?.() === 0) {
      fs.mkdirSync(path.join(root, 'dev'));
      await execa('mknod', [path.join(root, 'dev', 'null'), 'c', '1', '3']);
      special.splice(1, 0, 'dev/null');   // the walk's order: data/, dev/, sock
    }
    try {
      const program = await buildProgram('cat_file', platform, dir);
      const out = path.join(dir, `cat_file.${platform}`);
      const r = await bake([platform, program, '--rootfs', root, '--cmdline', '/data/in.txt', '-o', out], dir);
      expect(r.stderr).toBe(`unicore-bake: warning: --rootfs ${root}: left out ${special.length} FIFO(s), socket(s) or device node(s), ` +
        `which the guest's in-memory filesystem cannot hold: ${special.join(', ')}`);
      expect(r.exitCode).toBe(0);
      const booted = await run(out);
      expect(booted.stdout.toString()).toBe('kept\n');
      expect(booted.stderr).toBe('');
      expect(booted.exitCode).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('-o only ever replaces a regular file that is not an input', () => {
  let program: string;
  beforeAll(async () => { program = await buildProgram('exit_code', 'kvm', dir); });
  const hash = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

  test('-o /dev/null is refused and /dev/null stays a device', async () => {
    const r = await bake(['kvm', program, '-o', '/dev/null'], dir);
    expect(r.stderr).toBe('unicore-bake: -o /dev/null is a device, not a regular file: give the file name the image should have');
    expect(r.exitCode).toBe(1);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('-o naming the input is refused and the input is untouched', async () => {
    const before = hash(program);
    const r = await bake(['kvm', program, '-o', program], dir);
    expect(r.stderr).toBe(`unicore-bake: -o ${program} is the input ${program}: give the image another name`);
    expect(r.exitCode).toBe(1);
    expect(hash(program)).toBe(before);
  });

  test('a FIFO or a symbolic link as -o is refused; nothing is left beside it', async () => {
    const fifo = path.join(dir, 'out.fifo');
    await execa('mkfifo', [fifo]);
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'keep me\n');
    const link = path.join(dir, 'out.link');
    fs.symlinkSync(victim, link);
    const before = fs.readdirSync(dir).sort();
    for (const [out, what] of [[fifo, 'a FIFO'], [link, 'a symbolic link']]) {
      const r = await bake(['kvm', program, '-o', out], dir);
      expect(r.stderr).toBe(`unicore-bake: -o ${out} is ${what}, not a regular file: give the file name the image should have`);
      expect(r.exitCode).toBe(1);
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('an existing regular file is replaced by the image', async () => {
    const out = path.join(dir, 'old.kvm');
    fs.writeFileSync(out, 'old\n');
    const r = await bake(['kvm', program, '-o', out], dir);
    expect(r.exitCode).toBe(0);
    expect((await run(out, { args: ['5'] })).exitCode).toBe(5);
  });

  test("-o '' is one line, not a stack trace", async () => {
    const r = await bake(['kvm', program, '-o', ''], dir);
    expect(r.stderr).toBe('unicore-bake: -o is empty: give the file name of the image, or leave -o out for INPUT.PLATFORM');
    expect(r.exitCode).toBe(1);
  });
});

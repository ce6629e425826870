/**
 * unicore-bake with hostile-but-fair input (issue 8): names that look like
 * options are files, and a rootfs with FIFOs, sockets and device nodes is
 * warned about once, at bake, not at every boot.
 */
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

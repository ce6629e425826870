/**
 * Wrapper overhead (issue 2): median wall time of `x86_64-unicore-kvm-gcc -c`
 * against the backend `gcc -c` on the same file, split into the sh wrapper's
 * own cost (against gcc given the wrapper's compile specs: what it execs) and
 * the target's (that gcc against plain gcc: newlib's headers), and of GNU hello's
 * `./configure && make` for the unicore host against a native build, as ratios.
 * Program link (issue 12): the wrapper's final link (program file: ferment,
 * stub link, linuxu link, objcopy) against the same wrapper writing the bare
 * fermented object (its linuxu step cut out), in interleaved pairs.
 * Prints Markdown tables; asserts nothing.
 *
 *   npm run build && node dist/test/bench/wrappers.js [PREFIX]
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { benchWorkdir, median, printTable, seconds, time } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const HELLO = path.resolve(REPO, '..', 'shared', 'distfiles', 'hello-2.10.tar.gz');
// Enough interleaved pairs that the median of their ratios sees 5 % (issue 15, part 6).
const COMPILE_RUNS = 41;
const BUILD_RUNS = 3;

/** A small translation unit: a little code, one libc header, as configure tests and most sources are. */
const SOURCE = '#include <stdio.h>\nint main(int argc, char **argv) { printf("%d %s\\n", argc, argv[0]); return 0; }\n';

async function main(): Promise<void> {
  const prefix = path.resolve(process.argv[2] ?? process.env.UNICORE_PREFIX ?? path.join(REPO, '.test-prefix'));
  const env = { ...process.env, PATH: `${prefix}/bin:${process.env.PATH}`, CONFIG_SITE: path.join(prefix, 'share', 'unicore', 'config.site') };
  const nativeEnv = { ...process.env };
  delete nativeEnv.CONFIG_SITE;
  const work = benchWorkdir(REPO, 'bench-wrappers');
  fs.writeFileSync(path.join(work, 'small.c'), SOURCE);
  const run = (cmd: string, args: string[], e: NodeJS.ProcessEnv) => execa(cmd, args, { cwd: work, env: e });

  // Warm the page cache for both before timing; interleave so drift hits both alike.
  const wrapped: number[] = [];
  const plain: number[] = [];
  const specced: number[] = [];
  const args = ['-O2', '-c', 'small.c', '-o', 'small.o'];
  // What the wrapper execs for -c: gcc with the compile specs, which find the tree through UNICORE_ROOT.
  const specArgs = [`-specs=${path.join(prefix, 'lib', 'unicore', 'specs', 'compile.specs')}`, ...args];
  const specEnv = { ...nativeEnv, UNICORE_ROOT: prefix };
  await run('x86_64-unicore-kvm-gcc', args, env);
  await run('gcc', args, nativeEnv);
  await run('gcc', specArgs, specEnv);
  for (let i = 0; i < COMPILE_RUNS; i++) {
    wrapped.push(await time(() => run('x86_64-unicore-kvm-gcc', args, env)));
    plain.push(await time(() => run('gcc', args, nativeEnv)));
    specced.push(await time(() => run('gcc', specArgs, specEnv)));
  }

  // The same wrapper without the program-file step: what a link cost before.
  const bin = path.join(prefix, 'bin');
  const objectOnly = path.join(bin, `.bench-object-only-${process.pid}-gcc`);
  const wrapper = fs.readFileSync(path.join(bin, 'x86_64-unicore-kvm-gcc'), 'utf8');
  if (!wrapper.includes('linuxu=$lib/platforms/linuxu')) throw new Error('the wrapper has no program-file step to cut out');
  fs.writeFileSync(objectOnly, wrapper.replace('linuxu=$lib/platforms/linuxu', 'linuxu=/nonexistent'), { mode: 0o755 });
  const programLinks: number[] = [];
  const objectLinks: number[] = [];
  try {
    const link = (cmd: string) => run(cmd, ['-o', 'small', 'small.o'], env);
    await link('x86_64-unicore-kvm-gcc');
    await link(objectOnly);
    for (let i = 0; i < COMPILE_RUNS; i++) {
      programLinks.push(await time(() => link('x86_64-unicore-kvm-gcc')));
      objectLinks.push(await time(() => link(objectOnly)));
    }
  } finally {
    fs.rmSync(objectOnly, { force: true });
  }

  const buildHello = (dir: string, configure: string, e: NodeJS.ProcessEnv) => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return time(() => execa('sh', ['-c', `tar xzf '${HELLO}' && cd hello-2.10 && ${configure} >/dev/null && make >/dev/null 2>&1`], { cwd: dir, env: e }));
  };
  const unicoreBuilds: number[] = [];
  const nativeBuilds: number[] = [];
  for (let i = 0; i < BUILD_RUNS; i++) {
    unicoreBuilds.push(await buildHello(path.join(work, 'hello-unicore'), './configure --host=x86_64-unicore-kvm', env));
    nativeBuilds.push(await buildHello(path.join(work, 'hello-native'), './configure', nativeEnv));
  }

  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
  // Pair by pair: drift of the machine's load cancels within a pair.
  const pairRatio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i])).toFixed(3);
  printTable('Wrapper overhead (median wall time; goal: `cc -c` ≤ 1.05)', ['what', 'unicore (s)', 'native (s)', 'ratio (median of pair ratios)', 'runs'], [
    ['`cc -O2 -c small.c`', seconds(median(wrapped)), seconds(median(plain)), pairRatio(wrapped, plain), String(COMPILE_RUNS)],
    ['  of which the sh wrapper: vs `gcc -specs=compile.specs` (what it execs)', seconds(median(wrapped)), seconds(median(specced)), pairRatio(wrapped, specced), String(COMPILE_RUNS)],
    ['  of which the target: `gcc -specs=compile.specs` (newlib\'s headers) vs `gcc`', seconds(median(specced)), seconds(median(plain)), pairRatio(specced, plain), String(COMPILE_RUNS)],
    ['program link `cc -o small small.o` (vs. bare object)', seconds(median(programLinks)), seconds(median(objectLinks)), pairRatio(programLinks, objectLinks), String(COMPILE_RUNS)],
    ['GNU hello `./configure && make`', seconds(median(unicoreBuilds)), seconds(median(nativeBuilds)), ratio(unicoreBuilds, nativeBuilds), String(BUILD_RUNS)],
  ]);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

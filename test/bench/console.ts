/**
 * Console throughput (issue 15, part 1): how fast the framed stdin/stdout
 * channel of `unicore run` moves bytes, per platform, next to `cat` on the
 * host in the same run.
 *
 * stdout: `unicore run IMG -- out N` writes N bytes; the time of `out 0` (boot
 * and exit) is subtracted, so MB/s is the channel's alone (wall MB/s, boot
 * included, is printed too). stdin: N bytes from a file into `-- in`, which
 * prints the count and a hash that are checked. Native: `cat FILE` into the
 * same counting pipe, and the file through `cat` into /dev/null.
 *
 *   npm run build && node dist/test/bench/console.js [PREFIX]
 *   UNICORE_BENCH_CONSOLE="kvm linuxu" OUT_MB=50 IN_MB=5 (the defaults: all four, 50, 5)
 *
 * xen's channel is still a UART under QEMU (Xen's serial console: a 128-byte
 * receive ring, bytes polled), so it moves XEN_OUT_MB=2 and XEN_IN_MB=0.1 by
 * default: 5 MB would take hours there.
 */
import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { benchToolchain, benchWorkdir, median, printTable } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const PLATFORMS = (process.env.UNICORE_BENCH_CONSOLE ?? 'kvm baremetal xen linuxu').split(/\s+/).filter(Boolean);
const OUT_BYTES = Math.round(Number(process.env.OUT_MB ?? 50) * 1e6);
const IN_BYTES = Math.round(Number(process.env.IN_MB ?? 5) * 1e6);
const SIZES: Record<string, { out: number; in: number }> = {
  xen: { out: Math.round(Number(process.env.XEN_OUT_MB ?? 2) * 1e6), in: Math.round(Number(process.env.XEN_IN_MB ?? 0.1) * 1e6) },
};
const RUNS = Number(process.env.RUNS ?? 1);

interface Run { seconds: number; stdout: Buffer; code: number | null }

/** Runs argv with stdin from a file (or nothing), counting/keeping stdout. */
function run(argv: string[], env: NodeJS.ProcessEnv, stdinFile: string | undefined, keep: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const input = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
    const child = spawn(argv[0], argv.slice(1), { env, stdio: [input, 'pipe', 'inherit'] });
    if (typeof input === 'number') fs.closeSync(input);
    const kept: Buffer[] = [];
    let count = 0;
    child.stdout!.on('data', (b: Buffer) => { count += b.length; if (keep) kept.push(b); });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ seconds, stdout: keep ? Buffer.concat(kept) : Buffer.alloc(count), code });
    });
  });
}

function fnv1a(data: Buffer): string {
  let h = 0xcbf29ce484222325n;
  const mask = (1n << 64n) - 1n;
  for (const b of data) h = ((h ^ BigInt(b)) * 0x100000001b3n) & mask;
  return h.toString(16).padStart(16, '0');
}

const mbps = (bytes: number, s: number) => (s > 0 ? bytes / 1e6 / s : NaN);
const fmt = (v: number) => (Number.isNaN(v) ? '-' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3));

/** A file of the first n bytes of data, and the line `in` must print for it. */
function inputFile(work: string, data: Buffer, n: number): { file: string; expected: string } {
  const file = path.join(work, `in-${n}.bin`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, data.subarray(0, n));
  return { file, expected: `${n} ${fnv1a(data.subarray(0, n))}` };
}

async function main(): Promise<void> {
  const { env } = benchToolchain(REPO);
  const work = benchWorkdir(REPO, 'bench-console');
  const sh = (cmd: string) => execa('sh', ['-c', cmd], { env, cwd: work });
  const outFile = path.join(work, 'out.bin');
  fs.writeFileSync(outFile, crypto.randomBytes(OUT_BYTES));
  const input = crypto.randomBytes(Math.max(IN_BYTES, ...Object.values(SIZES).map((v) => v.in)));
  const emptyFile = path.join(work, 'empty');
  fs.writeFileSync(emptyFile, '');

  const best = async (f: () => Promise<number>) => {
    const t: number[] = [];
    for (let i = 0; i < RUNS; i++) t.push(await f());
    return median(t);
  };
  const nativeOut = mbps(OUT_BYTES, await best(async () => (await run(['cat', outFile], env, undefined, false)).seconds));
  const nativeIn = mbps(IN_BYTES, await best(async () => (await run(['sh', '-c', 'cat >/dev/null'], env, inputFile(work, input, IN_BYTES).file, false)).seconds));
  const rows: string[][] = [['native cat', String(OUT_BYTES / 1e6), '-', fmt(nativeOut), '1', String(IN_BYTES / 1e6), '-', fmt(nativeIn), '1']];

  for (const p of PLATFORMS) {
    const size = SIZES[p] ?? { out: OUT_BYTES, in: IN_BYTES };
    await sh(`x86_64-unicore-${p}-gcc -O2 -o cb-${p} ${REPO}/test/programs/console_bench.c && unicore-bake ${p} cb-${p} -o cb.${p}`);
    const img = path.join(work, `cb.${p}`);
    const unicore = (args: string[]) => ['unicore', 'run', img, '--', ...args];
    const checked = async (r: Promise<Run>, what: string, check: (r: Run) => boolean) => {
      const got = await r;
      if (got.code !== 0 || !check(got)) throw new Error(`${p} ${what}: exit ${got.code}, output ${got.stdout.subarray(0, 200).toString()}`);
      return got.seconds;
    };
    const { file, expected } = inputFile(work, input, size.in);
    const boot = await best(() => checked(run(unicore(['out', '0']), env, undefined, false), 'out 0', (r) => r.stdout.length === 0));
    const out = await best(() => checked(run(unicore(['out', String(size.out)]), env, undefined, false), 'out', (r) => r.stdout.length === size.out));
    const bootIn = await best(() => checked(run(unicore(['in']), env, emptyFile, true), 'in (empty)', (r) => r.stdout.toString().startsWith('0 ')));
    const inn = await best(() => checked(run(unicore(['in']), env, file, true), 'in', (r) => r.stdout.toString().trim() === expected));
    const outRate = mbps(size.out, out - boot);
    const inRate = mbps(size.in, inn - bootIn);
    rows.push([p, String(size.out / 1e6), fmt(mbps(size.out, out)), fmt(outRate), (outRate / nativeOut).toFixed(4),
      String(size.in / 1e6), fmt(mbps(size.in, inn)), fmt(inRate), (inRate / nativeIn).toFixed(4)]);
    process.stderr.write(`console ${p}: boot ${boot.toFixed(2)} s, out ${out.toFixed(2)} s, in (empty) ${bootIn.toFixed(2)} s, in ${inn.toFixed(2)} s\n`);
  }
  printTable('Console throughput through `unicore run`: MB/s = bytes / (run - the same run with no data); '
    + `wall: boot included; ratio to native \`cat\` in the same run; median of ${RUNS}`,
  ['platform', 'stdout MB', 'stdout wall MB/s', 'stdout MB/s', 'vs cat', 'stdin MB', 'stdin wall MB/s', 'stdin MB/s', 'vs cat'], rows);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

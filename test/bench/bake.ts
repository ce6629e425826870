/**
 * Bake time (issue 15): `unicore-bake PLATFORM hello` of GNU hello 2.10 on
 * each platform, by the prefix's unicore-bake: the native helper
 * (bake/native/unicore-bake.c) against the Node CLI (UNICORE_BAKE_NATIVE=0),
 * in interleaved pairs, with the load average before and after (the machine
 * may be busy). Checks that both paths wrote the same image. Prints a
 * Markdown table; asserts nothing else.
 *
 *   npm run build && node dist/test/bench/bake.js [PREFIX]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import execa from 'execa';
import { benchToolchain, benchWorkdir, interleaved, median, printTable, seconds } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const PLATFORMS = ['kvm', 'xen', 'baremetal', 'linuxu'];
const PAIRS = 11;

type Sh = (cmd: string) => Promise<unknown>;

/** PAIRS interleaved bakes of program by each path (after one of each to warm up): their wall times. */
export async function bakeTimes(sh: Sh, platform: string, program: string, pairs = PAIRS): Promise<{ native: number[]; node: number[] }> {
  const native = () => sh(`unicore-bake ${platform} ${program} -o ${program}.native.${platform}`);
  const node = () => sh(`UNICORE_BAKE_NATIVE=0 unicore-bake ${platform} ${program} -o ${program}.node.${platform}`);
  const { a, b } = await interleaved(pairs, native, node);
  if (!fs.readFileSync(`${program}.native.${platform}`).equals(fs.readFileSync(`${program}.node.${platform}`))) {
    throw new Error(`the native helper and the Node CLI baked different ${platform} images of ${program}`);
  }
  return { native: a, node: b };
}

export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const { env } = benchToolchain(REPO);
  const work = benchWorkdir(REPO, 'bench-bake');
  const sh = (cmd: string) => execa('sh', ['-c', cmd], { env, cwd: work });
  const hello: Record<string, string> = {};
  for (const p of PLATFORMS) hello[p] = (await sh(`${REPO}/packages/build hello ${p} ${work}/${p}`)).stdout.trim();

  const before = loadAverage();
  const rows = [];
  for (const p of PLATFORMS) {
    const t = await bakeTimes(sh, p, hello[p]);
    const diffs = t.node.map((n, i) => n - t.native[i]);
    rows.push([p, seconds(median(t.native)), seconds(median(t.node)), seconds(median(diffs)), String(t.native.length)]);
  }
  printTable(`GNU hello 2.10: unicore-bake PLATFORM hello, median wall time of interleaved pairs (goal ≤ 0.2 s; load average ${before} before, ${loadAverage()} after, ${os.cpus().length} CPUs)`,
    ['platform', 'native helper (s)', 'Node CLI (s)', 'median saving (s)', 'pairs'], rows);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

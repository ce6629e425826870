/**
 * Start-up of the CLIs (issue 15, part 2): `unicore platforms` (the CLI alone)
 * and `unicore-bake --help` against bare `node -e 0`, and a whole
 * `unicore-bake kvm` of a C hello against the same. Interleaved pairs; each
 * row gives the medians, the median of the pair differences and of the pair
 * ratios. Prints a Markdown table; asserts nothing.
 *
 *   npm run build && node dist/test/bench/startup.js [PREFIX]
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { benchToolchain, benchWorkdir, interleaved, median, printTable } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const PAIRS = 41;

/** A table row: medians in ms, median of the differences (ms) and of the ratios. */
export function pairRow(what: string, floor: string, r: { a: number[]; b: number[] }, goal: string): string[] {
  const ms = (s: number) => (s * 1000).toFixed(1);
  const diffs = r.a.map((x, i) => x - r.b[i]);
  const ratios = r.a.map((x, i) => x / r.b[i]);
  return [what, floor, ms(median(r.a)), ms(median(r.b)), `+${ms(median(diffs))}`, median(ratios).toFixed(2), goal, String(r.a.length)];
}

async function main(): Promise<void> {
  const { env } = benchToolchain(REPO);
  const work = benchWorkdir(REPO, 'bench-startup');
  const node = () => execa('node', ['-e', '0'], { env });
  const unicore = path.join(REPO, 'bin', 'unicore');
  const bakeCli = path.join(REPO, 'bin', 'unicore-bake');

  fs.writeFileSync(path.join(work, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n');
  await execa('x86_64-unicore-kvm-gcc', ['-O2', '-o', 'hello', 'hello.c'], { cwd: work, env });

  const rows = [
    pairRow('`unicore platforms`', '`node -e 0`', await interleaved(PAIRS, () => execa(unicore, ['platforms'], { env }), node), '≤ +20 ms'),
    pairRow('`unicore-bake --help`', '`node -e 0`', await interleaved(PAIRS, () => execa(bakeCli, ['--help'], { env }), node), '≤ +20 ms'),
    pairRow('`unicore-bake kvm hello` (C puts)', '`node -e 0`',
      await interleaved(11, () => execa(bakeCli, ['kvm', 'hello'], { cwd: work, env }), node), '≤ 0.2 s in all'),
  ];
  printTable('CLI start-up (wall time, interleaved pairs)',
    ['what', 'floor', 'median (ms)', 'floor (ms)', 'median difference (ms)', 'median ratio', 'goal', 'pairs'], rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

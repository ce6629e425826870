/** Small helpers shared by the benchmark scripts: timing, medians, tables, a work directory. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * A fresh directory under REPO/.work, removed when the script exits with
 * status 0; kept (and its path printed) when it fails.
 */
export function benchWorkdir(repo: string, name: string): string {
  fs.mkdirSync(path.join(repo, '.work'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repo, '.work', `${name}-`));
  process.on('exit', (code) => {
    if (code === 0) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept for the failed run: ${dir}\n`);
  });
  return dir;
}

/** The toolchain prefix (argv[2], $UNICORE_PREFIX or the test prefix) and the environment using it. */
export function benchToolchain(repo: string): { prefix: string; env: NodeJS.ProcessEnv } {
  const prefix = path.resolve(process.argv[2] ?? process.env.UNICORE_PREFIX ?? path.join(repo, '.test-prefix'));
  return {
    prefix,
    env: {
      ...process.env,
      PATH: `${prefix}/bin:${process.env.PATH}`,
      // For the source tree's bin/unicore and bin/unicore-bake, which find no prefix of their own.
      UNICORE_PREFIX: prefix,
      CONFIG_SITE: path.join(prefix, 'share', 'unicore', 'config.site'),
      UNICORE_DISTDIR: path.resolve(repo, '..', 'shared', 'distfiles'),
    },
  };
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function seconds(value: number): string {
  return value.toFixed(3);
}

/** Prints a Markdown table, so the output can be pasted into notes as it is. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** Runs a and b alternately `pairs` times (after one warm-up each): their times, pair by pair. */
export async function interleaved(pairs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<{ a: number[]; b: number[] }> {
  await a();
  await b();
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    out.a.push(await time(a));
    out.b.push(await time(b));
  }
  return out;
}

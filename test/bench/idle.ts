/**
 * Idle cost (issue 11): host CPU per second of guest sleep on every platform.
 * A program sleeps 0 s and 5 s under `unicore run`; the difference in CPU time
 * of everything `unicore run` started (user + system, from sh's `times`), over
 * the 5 s, is what idling costs the host. Busy polling costs ~1 s per second;
 * a halting guest next to nothing. Prints a table; asserts nothing.
 *
 *   npm run build && node dist/test/bench/idle.js [PREFIX]
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { median, printTable } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const PLATFORMS = ['kvm', 'baremetal', 'xen', 'linuxu'];
const SLEEP = 5;
const RUNS = 3;

/** Children's user + system seconds from the second line of sh's `times`. */
function childCpu(timesOutput: string): number {
  const line = timesOutput.trim().split('\n').pop()!;
  return line.split(/\s+/).reduce((sum, t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    if (!m) throw new Error(`unexpected output of times: ${line}`);
    return sum + Number(m[1]) * 60 + Number(m[2]);
  }, 0);
}

async function main(): Promise<void> {
  const prefix = path.resolve(process.argv[2] ?? process.env.UNICORE_PREFIX ?? path.join(REPO, '.test-prefix'));
  const env = { ...process.env, PATH: `${prefix}/bin:${process.env.PATH}` };
  fs.mkdirSync(path.join(REPO, '.work'), { recursive: true });
  const work = fs.mkdtempSync(path.join(REPO, '.work', 'bench-idle-'));
  const sh = (cmd: string) => execa('sh', ['-c', cmd], { env, cwd: work });
  const cpuOf = async (image: string, seconds: number) =>
    childCpu((await sh(`unicore run ${image} -- ${seconds} >/dev/null && times`)).stdout);

  const rows: string[][] = [];
  try {
    for (const p of PLATFORMS) {
      await sh(`x86_64-unicore-${p}-gcc -O2 -o idle_sleep-${p} ${REPO}/test/programs/idle_sleep.c && unicore-bake ${p} idle_sleep-${p} -o idle.${p}`);
      const idle: number[] = [];
      const base: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        base.push(await cpuOf(`idle.${p}`, 0));
        idle.push(await cpuOf(`idle.${p}`, SLEEP));
      }
      const perSecond = Math.max(0, median(idle) - median(base)) / SLEEP;
      rows.push([p, median(base).toFixed(2), median(idle).toFixed(2), perSecond.toFixed(3)]);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(`Idle: host CPU of \`unicore run\` (median of ${RUNS}), sleep(0) vs sleep(${SLEEP})`,
    ['platform', 'sleep 0: CPU s', `sleep ${SLEEP}: CPU s`, 'host CPU s per s of sleep'], rows);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

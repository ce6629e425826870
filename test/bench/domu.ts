/**
 * Xen domU benchmark (issue 13): in the toolstack harness (a Linux dom0 in
 * Xen in QEMU, run/toolstack.ts), the time from `xl create` to the first
 * console output of GNU hello baked for xen, against the same for the floor
 * (a PVH guest that writes one line into its console ring and shuts down,
 * floor/xen-domu.S). One dom0 boot per guest, so they do not share the CPU;
 * also prints the dom0 boot time. Prints a table; asserts nothing.
 *
 *   npm run build && node dist/test/bench/domu.js [PREFIX]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import execa from 'execa';
import { runGuestsInDom0 } from '../../run/toolstack';
import { xlConfig } from '../../run/xl-config';
import { benchToolchain, median, printTable, seconds } from './measure';

const REPO = path.resolve(__dirname, '..', '..', '..');
const FLOOR_SRC = path.join(REPO, 'test', 'bench', 'floor');
const RUNS = 2;

async function main(): Promise<void> {
  const { env } = benchToolchain(REPO);
  fs.mkdirSync(path.join(REPO, '.work'), { recursive: true });
  const work = fs.mkdtempSync(path.join(REPO, '.work', 'bench-domu-'));
  const sh = (cmd: string) => execa('sh', ['-c', cmd], { env, cwd: work });

  const program = (await sh(`${REPO}/packages/build hello xen ${work}/hello`)).stdout.trim();
  await sh(`unicore-bake xen ${program} -o hello.xen && unicore run hello.xen --xl-config hello.cfg -- --greeting=unicore-hello-up`);
  await sh(`gcc -m32 -c -o domu.o ${FLOOR_SRC}/xen-domu.S && ld -m elf_i386 -T ${FLOOR_SRC}/floor.ld -o floor-domu.elf domu.o`);
  const guests = {
    hello: fs.readFileSync(path.join(work, 'hello.cfg'), 'utf8'),
    floor: xlConfig({ name: 'floor', kernel: path.join(work, 'floor-domu.elf'), memoryMiB: 16, cmdline: '' }),
  };

  const times: Record<string, number[]> = { hello: [], floor: [], dom0Guest: [], dom0Wall: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const which of ['floor', 'hello'] as const) {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unicore-bench-domu-'));
      try {
        const report = await runGuestsInDom0([{ config: guests[which] }], scratch);
        const g = report.guests[0];
        if (g.outputAt === undefined || g.createdAt === undefined) throw new Error(`${which}: no console output seen`);
        times[which].push(g.outputAt - g.createdAt);
        times.dom0Guest.push(report.readyAt);
        times.dom0Wall.push(report.readyWallSeconds);
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    }
  }
  const ratio = (median(times.hello) / median(times.floor)).toFixed(2);
  printTable('Xen domU under xl (dom0 in Xen in QEMU TCG; medians, dom0 clock at 10 ms)', ['what', 'unicore (s)', 'floor (s)', 'ratio'], [
    ['`xl create` to first console output: GNU hello vs ring-console PVH floor', seconds(median(times.hello)), seconds(median(times.floor)), ratio],
  ]);
  printTable('The harness', ['what', 'seconds'], [
    ['dom0 boot to toolstack up, dom0 uptime', seconds(median(times.dom0Guest))],
    ['dom0 boot to toolstack up, host wall time', seconds(median(times.dom0Wall))],
  ]);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

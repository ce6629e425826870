/**
 * What the guest's console said that was not for the app (firmware, GRUB,
 * Xen, QEMU's own messages): written to a log file, echoed on stderr with
 * --verbose, and its last lines kept for error messages.
 */
import * as fs from 'fs';
import * as path from 'path';
import { makeDirs } from '../lib/fsutil';
import { processAlive } from '../lib/tempdirs';

/** How many last lines the log keeps for error messages (the native launcher too: run/native.ts). */
export const KEEP = 15;

/**
 * Each run writes its own file, NAME.PID.log beside NAME.log, and renames it
 * to NAME.log when it closes: runs of programs with the same name at the same
 * time never write into one file, and NAME.log is the last run's whole log.
 * A run killed before closing leaves NAME.PID.log; removeStaleLogs() takes
 * those of processes that are gone.
 */
export class BootLog {
  private tail: string[] = [];
  private fd: number | undefined;
  /** The log's file: the run's own while it runs, NAME.log once closed. */
  file: string | undefined;

  constructor(private readonly final: string | undefined, private readonly verbose: boolean) {
    if (!final) return;
    const own = final.replace(/\.log$/, '') + `.${process.pid}.log`;
    try {
      makeDirs(path.dirname(final));
      fs.rmSync(own, { force: true });
      this.fd = fs.openSync(own, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
      this.file = own;
    } catch {
      this.fd = undefined;   // a log we cannot write must not stop the run
    }
  }

  add(line: string): void {
    const clean = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b-\x1f]/g, '');
    this.tail.push(clean);
    if (this.tail.length > KEEP) this.tail.shift();
    if (this.fd !== undefined) fs.writeSync(this.fd, `${clean}\n`);
    if (this.verbose) process.stderr.write(`${clean}\n`);
  }

  /** A line for the file and --verbose only, not among the last lines an error shows (which path ran, say). */
  note(line: string): void {
    if (this.fd !== undefined) fs.writeSync(this.fd, `${line}\n`);
    if (this.verbose) process.stderr.write(`${line}\n`);
  }

  /** The last lines, for "the guest stopped without ..." messages. */
  lastLines(): string {
    const lines = this.tail.filter((l) => l.trim() !== '');
    return lines.length ? lines.map((l) => `  | ${l}`).join('\n') : '  (the console stayed silent)';
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.closeSync(this.fd);
    this.fd = undefined;
    try {
      fs.renameSync(this.file!, this.final!);
      this.file = this.final;
    } catch {
      // keep the run's own name
    }
  }
}

/** Removes the NAME.PID.log files of runs whose process is gone (killed before closing their log). */
export function removeStaleLogs(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.(\d+)\.log$/.exec(name);
    if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))) fs.rmSync(path.join(dir, name), { force: true });
  }
}

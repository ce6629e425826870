/**
 * What the guest's console said that was not for the app (firmware, GRUB,
 * Xen, QEMU's own messages): written to a log file, echoed on stderr with
 * --verbose, and its last lines kept for error messages.
 */
import * as fs from 'fs';
import * as path from 'path';

const KEEP = 15;

export class BootLog {
  private tail: string[] = [];
  private fd: number | undefined;

  constructor(readonly file: string | undefined, private readonly verbose: boolean) {
    if (!file) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      this.fd = fs.openSync(file, 'w');
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

  /** The last lines, for "the guest stopped without ..." messages. */
  lastLines(): string {
    const lines = this.tail.filter((l) => l.trim() !== '');
    return lines.length ? lines.map((l) => `  | ${l}`).join('\n') : '  (the console stayed silent)';
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

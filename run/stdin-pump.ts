/**
 * Feeds our stdin to the guest within its credit (framed channel): data lines
 * while credit lasts, then `.` at end of input. Starts reading stdin only when
 * the guest first asks, as a local process that never reads leaves it alone
 * (and opens it only then: Node's process.stdin takes a few ms to set up).
 */
import { Readable, Writable } from 'stream';
import { EOF_LINE, LINE_MAX_WIRE, dataFitting, dataLine, wireSize } from './framed';

export const HIGH_WATER = 1 << 20;   // stop reading our stdin beyond this much queued
// The guest's line buffer takes LINE_MAX_WIRE bytes, newline included.
const MAX_LINE_DATA = dataFitting(LINE_MAX_WIRE);

export class StdinPump {
  private credit = 0;
  private queue: Buffer[] = [];
  private queued = 0;
  private eof = false;
  private eofSent = false;
  private started = false;
  private stopped = false;
  private input!: Readable;   // set when started

  constructor(private readonly open: () => Readable, private guest: Writable) {}

  /** The guest granted n more wire bytes, on the channel `to` (the one it asked on). */
  grant(n: number, to?: Writable): void {
    if (to) this.guest = to;
    this.credit += n;
    this.start();
    this.flush();
  }

  stop(): void {
    this.stopped = true;
    if (this.started) {
      this.input.removeAllListeners('data');
      this.input.pause();
    }
  }

  private start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.input = this.open();
    this.input.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
      if (this.queued > HIGH_WATER) this.input.pause();
      this.flush();
    });
    this.input.on('end', () => this.finish());
    this.input.on('error', () => this.finish());   // unreadable stdin: the app sees end of input
    this.input.resume();
  }

  private finish(): void {
    this.eof = true;
    this.flush();
  }

  private flush(): void {
    if (this.stopped) return;
    while (this.credit >= EOF_LINE.length) {
      if (this.queued > 0) {
        const n = Math.min(this.queued, dataFitting(this.credit), MAX_LINE_DATA);
        if (n === 0) break;
        this.guest.write(dataLine(this.take(n)));
        this.credit -= wireSize(n);
      } else if (this.eof && !this.eofSent) {
        this.guest.write(EOF_LINE);
        this.credit -= EOF_LINE.length;
        this.eofSent = true;
      } else {
        break;
      }
    }
    if (this.queued < HIGH_WATER / 2 && this.input.isPaused() && !this.eof) this.input.resume();
  }

  private take(n: number): Buffer {
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const head = this.queue[0];
      if (head.length <= need) {
        parts.push(head);
        this.queue.shift();
        need -= head.length;
      } else {
        parts.push(head.subarray(0, need));
        this.queue[0] = head.subarray(need);
        need = 0;
      }
    }
    this.queued -= n;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}

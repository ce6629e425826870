/**
 * The host side of the framed console channel (docs/architecture.md, "Framed
 * console channel"): splits the guest's serial output into frames and boot-log
 * lines, and encodes stdin within the guest's credit. Pure: bytes in, events
 * and bytes out.
 */

export type GuestEvent =
  | { kind: 'log'; line: string }
  | { kind: 'up' }
  | { kind: 'output'; stream: 1 | 2; data: Buffer }
  | { kind: 'credit'; bytes: number }
  | { kind: 'exit'; status: number };

const FRAME = '@UC:';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Turns one line (without its newline) into an event. */
export function parseLine(line: string): GuestEvent {
  if (line.endsWith('\r')) line = line.slice(0, -1);
  // A hypervisor's log may share the line's start (Xen prints without waiting
  // for the guest's newline); frames never contain '@', so the last marker wins.
  const at = line.lastIndexOf(FRAME);
  if (at < 0) return { kind: 'log', line };
  const frame = line.slice(at + FRAME.length);
  let m: RegExpExecArray | null;
  if (frame === 'H') return { kind: 'up' };
  if ((m = /^([12]):(.*)$/.exec(frame)) && BASE64.test(m[2]) && m[2].length % 4 === 0) {
    return { kind: 'output', stream: m[1] === '1' ? 1 : 2, data: Buffer.from(m[2], 'base64') };
  }
  if ((m = /^R:(\d{1,9})$/.exec(frame))) return { kind: 'credit', bytes: Number(m[1]) };
  if ((m = /^X:(\d{1,3})$/.exec(frame))) return { kind: 'exit', status: Number(m[1]) & 255 };
  return { kind: 'log', line };
}

/** Splits a byte stream into lines and parses them; keeps a partial last line. */
export class FrameDecoder {
  private pending: Buffer[] = [];

  /** The events in the bytes received so far (complete lines only). */
  feed(chunk: Buffer): GuestEvent[] {
    const events: GuestEvent[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.pending.push(chunk.subarray(start, nl));
      events.push(parseLine(Buffer.concat(this.pending).toString('latin1')));
      this.pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) this.pending.push(Buffer.from(chunk.subarray(start)));
    return events;
  }

  /** What is left when the stream ends: an unterminated last line is boot log. */
  end(): GuestEvent[] {
    const rest = Buffer.concat(this.pending).toString('latin1');
    this.pending = [];
    return rest.replace(/\r$/, '') ? [{ kind: 'log', line: rest.replace(/\r$/, '') }] : [];
  }
}

/** Wire bytes of a data line carrying n bytes: base64 plus the newline. */
export function wireSize(n: number): number {
  return Math.ceil(n / 3) * 4 + 1;
}

/** The most data bytes one line may carry within credit wire bytes (a multiple of 3). */
export function dataFitting(credit: number): number {
  return Math.max(0, Math.floor((credit - 1) / 4) * 3);
}

export const EOF_LINE = '.\n';

/** Encodes one stdin line: `<base64>\n`. */
export function dataLine(data: Buffer): string {
  return `${data.toString('base64')}\n`;
}

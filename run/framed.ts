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
    // Output frames decode straight into one buffer; a run of lines of one stream becomes one event.
    const out = Buffer.allocUnsafe(Math.ceil(chunk.length / 4) * 3);
    let used = 0;
    let run: { kind: 'output'; stream: 1 | 2; data: Buffer } | undefined;
    let runFrom = 0;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; start = nl + 1, nl = chunk.indexOf(10, start)) {
      if (this.pending.length === 0) {
        const stream = outputStream(chunk, start, nl);
        const end = stream ? decodeFrame(chunk, start, nl, out, used) : -1;
        if (end >= 0) {
          if (!run || run.stream !== stream || events[events.length - 1] !== run) {
            run = { kind: 'output', stream: stream as 1 | 2, data: out };
            runFrom = used;
            events.push(run);
          }
          run.data = out.subarray(runFrom, end);
          used = end;
          continue;
        }
        events.push(parseLine(chunk.toString('latin1', start, nl)));
        continue;
      }
      this.pending.push(chunk.subarray(start, nl));
      events.push(parseLine(Buffer.concat(this.pending).toString('latin1')));
      this.pending = [];
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

const VALUE = new Int8Array(256).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((c, v) => { VALUE[c.charCodeAt(0)] = v; });

/** 1 or 2 if buf[start, end) starts as an output frame from the line's start (`@UC:1:`, `@UC:2:`), else 0. */
function outputStream(buf: Buffer, start: number, end: number): 0 | 1 | 2 {
  if (end - start < 6 || buf[start] !== 64 || buf[start + 1] !== 85 || buf[start + 2] !== 67 || buf[start + 3] !== 58
    || buf[start + 5] !== 58) return 0;
  return buf[start + 4] === 49 ? 1 : buf[start + 4] === 50 ? 2 : 0;
}

/**
 * The fast path of parseLine for the commonest line, an output frame: decodes
 * the base64 of buf[start + 6, end) (an optional `\r` at the end) into out
 * at o and returns where it ends, or -1 when it is not canonical base64 (then
 * parseLine decides what the line is).
 */
function decodeFrame(buf: Buffer, start: number, end: number, out: Buffer, o: number): number {
  if (buf[end - 1] === 13) end--;
  start += 6;
  if ((end - start) % 4 !== 0) return -1;
  const pad = end > start && buf[end - 1] === 61 ? (buf[end - 2] === 61 ? 2 : 1) : 0;
  const whole = pad ? end - 4 : end;
  let i = start;
  for (; i < whole; i += 4) {
    const a = VALUE[buf[i]], b = VALUE[buf[i + 1]], c = VALUE[buf[i + 2]], d = VALUE[buf[i + 3]];
    if ((a | b | c | d) < 0) return -1;
    out[o++] = a << 2 | b >> 4;
    out[o++] = (b & 15) << 4 | c >> 2;
    out[o++] = (c & 3) << 6 | d;
  }
  if (!pad) return o;
  const a = VALUE[buf[i]], b = VALUE[buf[i + 1]], c = pad === 1 ? VALUE[buf[i + 2]] : 0;
  if ((a | b | c) < 0) return -1;
  out[o++] = a << 2 | b >> 4;
  if (pad === 1) out[o++] = (b & 15) << 4 | c >> 2;
  return o;
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

/** The longest stdin line the guest takes, newline included (its line buffer). */
export const LINE_MAX_WIRE = 8192;

/** Encodes one stdin line: `<base64>\n`. */
export function dataLine(data: Buffer): string {
  return `${data.toString('base64')}\n`;
}

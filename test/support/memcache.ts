/**
 * A small client of memcached's text protocol for tests: one TCP connection
 * to 127.0.0.1, pipelined `set`s, multi-key `get`s and `stats`, every answer
 * awaited with a deadline. Values are bytes (the protocol carries any byte,
 * CR and LF included, by length).
 */
import * as net from 'net';

const CRLF = Buffer.from('\r\n');

export class Memcache {
  private buf: Buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: net.Socket, private readonly timeoutMs: number) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.wake?.();
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('memcached closed the connection')));
  }

  /** Connects to 127.0.0.1:port and checks with `version` that memcached answers. */
  static async open(port: number, timeoutMs = 60000): Promise<Memcache> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    const mc = new Memcache(socket, timeoutMs);
    try {
      socket.write('version\r\n');
      const line = await mc.line();
      if (!line.startsWith('VERSION ')) throw new Error(`memcached answered 'version' with '${line}'`);
    } catch (err) {
      mc.close();
      throw err;
    }
    return mc;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Stores every [key, flags, value] in one pipelined write; each must answer STORED. */
  async set(items: Array<[string, number, Buffer]>): Promise<void> {
    const parts: Buffer[] = [];
    for (const [key, flags, value] of items) {
      parts.push(Buffer.from(`set ${key} ${flags} 0 ${value.length}\r\n`), value, CRLF);
    }
    this.socket.write(Buffer.concat(parts));
    for (const [key] of items) {
      const line = await this.line();
      if (line !== 'STORED') throw new Error(`set ${key}: memcached answered '${line}'`);
    }
  }

  /** `get k1 k2 ...`: the values found, by key, with their flags. */
  async get(keys: string[]): Promise<Map<string, { flags: number; value: Buffer }>> {
    this.socket.write(`get ${keys.join(' ')}\r\n`);
    const found = new Map<string, { flags: number; value: Buffer }>();
    for (let i = 0; i <= keys.length; i++) {
      const line = await this.line();
      if (line === 'END') return found;
      const m = /^VALUE (\S+) (\d+) (\d+)$/.exec(line);
      if (!m) throw new Error(`get: unexpected line '${line}'`);
      const value = await this.bytes(Number(m[3]));
      if ((await this.bytes(2)).compare(CRLF) !== 0) throw new Error(`get ${m[1]}: value not followed by CRLF`);
      found.set(m[1], { flags: Number(m[2]), value });
    }
    throw new Error(`get: more values than the ${keys.length} keys asked for`);
  }

  /** `stats`: name -> value. */
  async stats(): Promise<Map<string, string>> {
    this.socket.write('stats\r\n');
    const stats = new Map<string, string>();
    for (let i = 0; i < 1000; i++) {
      const line = await this.line();
      if (line === 'END') return stats;
      const m = /^STAT (\S+) (.*)$/.exec(line);
      if (!m) throw new Error(`stats: unexpected line '${line}'`);
      stats.set(m[1], m[2]);
    }
    throw new Error('stats: no END after 1000 lines');
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }

  /** Waits until take(buf) returns something, at most timeoutMs. */
  private async until<T>(take: () => T | undefined): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const got = take();
      if (got !== undefined) return got;
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`memcached did not answer within ${this.timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private line(): Promise<string> {
    return this.until(() => {
      const end = this.buf.indexOf(CRLF);
      if (end < 0) return undefined;
      const line = this.buf.subarray(0, end).toString('latin1');
      this.buf = this.buf.subarray(end + 2);
      return line;
    });
  }

  private bytes(n: number): Promise<Buffer> {
    return this.until(() => {
      if (this.buf.length < n) return undefined;
      const out = Buffer.from(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
      return out;
    });
  }
}

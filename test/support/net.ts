/**
 * Host-side helpers for network tests: free loopback ports, small servers on
 * 127.0.0.1, a guest started in the background whose output can be awaited,
 * and the byte pattern test/programs/net.c sends. Everything here listens on
 * 127.0.0.1 only, and is closed or killed by the test that made it.
 */
import { createHash } from 'crypto';
import * as dgram from 'dgram';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { performance } from 'perf_hooks';
import execa from 'execa';
import { toolchainEnv } from './unicore';

export function freePort(proto: 'tcp' | 'udp' = 'tcp'): Promise<number> {
  return new Promise((resolve, reject) => {
    if (proto === 'udp') {
      const s = dgram.createSocket('udp4');
      s.bind(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
      s.on('error', reject);
      return;
    }
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** test/programs/net.c's pattern: byte i is (i * 7 + i / 251) & 255. */
export function pattern(len: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (i * 7 + Math.floor(i / 251)) & 255;
  return b;
}

/** A TCP server on 127.0.0.1 calling onConn for each connection. */
export async function tcpServer(onConn: (s: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConn(s);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () => new Promise((resolve) => {
      sockets.forEach((s) => s.destroy());
      srv.close(() => resolve());
    }),
  };
}

/** Connects to 127.0.0.1:port, sends data, half-closes, returns all it reads back. */
export function exchange(port: number, data: Buffer, timeoutMs = 60000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1', () => s.end(data));
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no answer on port ${port}`)); }, timeoutMs);
    s.on('data', (d) => chunks.push(d));
    s.on('error', (err) => { clearTimeout(timer); reject(err); });
    s.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
  });
}

/**
 * Opens a connection and waits for its first round trip (an echo of hello):
 * once it resolves, the guest has accepted the connection.
 */
export function openEchoed(port: number, hello: Buffer): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const s = net.connect(port, '127.0.0.1', () => s.write(hello));
    const onData = (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= hello.length) {
        s.removeListener('data', onData);
        resolve(s);
      }
    };
    s.on('data', onData);
    s.once('error', reject);
  });
}

/** Sends data on an open connection, half-closes it, returns all it reads back. */
export function finish(s: net.Socket, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (d) => chunks.push(d));
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(chunks)));
    s.end(data);
  });
}

/** Sends one datagram to 127.0.0.1:port and waits for the answer (retrying). */
export function udpAsk(port: number, msg: string | Buffer, tries = 20): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    let left = tries;
    const send = () => {
      if (left-- === 0) {
        s.close();
        reject(new Error(`no UDP answer on port ${port}`));
        return;
      }
      s.send(msg, port, '127.0.0.1');
      timer = setTimeout(send, 1000);
    };
    let timer = setTimeout(send, 0);
    s.on('message', (m) => { clearTimeout(timer); s.close(); resolve(m.toString()); });
  });
}

/** latenciesMs: one per answer (request sent to body complete), in answer order. */
export interface LoadResult { ok: number; failed: string[]; connections: number; latenciesMs: number[] }

/**
 * A keep-alive load generator: `requests` GETs of url over at most
 * `connections` persistent connections, each answer checked against `expect`
 * (status 200 and the exact body). Bounded in count and in time (`timeoutMs`
 * for the whole run); reports how many answers were right, what went wrong,
 * and how many connections were opened (keep-alive reuse keeps it at
 * `connections` when the server never closes one).
 *
 * Concurrency grows by one with each answer instead of opening every
 * connection at once: QEMU's user networking accepts forwarded connections
 * with a listen backlog of 1, so a burst of connects overflows the host's
 * accept queue (SYNs dropped and retried after 1, 2, 4... s, some connections
 * reset), which tests QEMU rather than the guest.
 */
export function keepAliveLoad(url: string, requests: number, connections: number, expect: string, timeoutMs: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const result: LoadResult = { ok: 0, failed: [], connections: 0, latenciesMs: [] };
  const origCreate = agent.createConnection.bind(agent);
  (agent as unknown as { createConnection: typeof origCreate }).createConnection = (...args: Parameters<typeof origCreate>) => {
    result.connections++;
    return origCreate(...args);
  };
  let started = 0;
  let settled = 0;
  return new Promise((resolve) => {
    const finish = () => { clearTimeout(timer); agent.destroy(); resolve(result); };
    const timer = setTimeout(() => { result.failed.push(`timed out after ${timeoutMs} ms with ${requests - settled} answers missing`); finish(); }, timeoutMs);
    let width = 1;
    const done = (sent: number, error?: string) => {
      result.latenciesMs.push(performance.now() - sent);
      if (error) result.failed.push(error); else result.ok++;
      if (++settled === requests) return finish();
      next();
      if (width < connections) { width++; next(); }
    };
    const next = () => {
      if (started >= requests) return;
      started++;
      const sent = performance.now();
      http.get(url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          done(sent, res.statusCode !== 200 ? `status ${res.statusCode}` : body !== expect ? `a body of ${body.length} bytes` : undefined);
        });
        res.on('error', (e) => done(sent, e.message));
      }).on('error', (e) => done(sent, e.message));
    };
    next();
  });
}

/** What Apache's ab (Debian's apache2-utils) reports for one run. */
export interface AbResult {
  complete: number;
  /** "Failed requests", and its parts (Connect, Receive, Length, Exceptions). */
  failed: number;
  failedWhy: string;
  non2xx: number;
  keepAlive: number;
  rps: number;
  output: string;
}

/**
 * `ab -k -c CONCURRENCY -n REQUESTS URL`: keep-alive, all connections opened at
 * once. -r: a receive error is counted, not the end of the run; -s: a request
 * waits 60 s at most; the whole run is bounded by timeoutMs.
 */
export async function apacheBench(url: string, requests: number, concurrency: number, timeoutMs: number): Promise<AbResult> {
  const r = await execa('ab', ['-k', '-r', '-s', '60', '-c', String(concurrency), '-n', String(requests), url], { reject: false, timeout: timeoutMs });
  const output = `${r.stdout}\n${r.stderr}`;
  const num = (re: RegExp, missing?: number): number => {
    const m = re.exec(r.stdout);
    if (m) return Number(m[1]);
    if (missing !== undefined) return missing;
    throw new Error(`ab ${r.timedOut ? 'timed out' : `exited ${r.exitCode}`} without ${re}: ${output}`);
  };
  return {
    complete: num(/^Complete requests:\s+(\d+)/m),
    failed: num(/^Failed requests:\s+(\d+)/m),
    failedWhy: /^\s+\((Connect: .*)\)$/m.exec(r.stdout)?.[1] ?? '',
    non2xx: num(/^Non-2xx responses:\s+(\d+)/m, 0),
    keepAlive: num(/^Keep-Alive requests:\s+(\d+)/m, 0),
    rps: num(/^Requests per second:\s+([\d.]+)/m),
    output,
  };
}

/** Waits until a DNS server on 127.0.0.1:port answers a query for name (A). */
export async function dnsReady(port: number, name: string): Promise<void> {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  await udpAsk(port, Buffer.concat([header, ...labels, Buffer.from([0, 0, 1, 0, 1])]));
}

/** A guest (`unicore run IMAGE FLAGS -- ARGS`) running in the background. */
export class Guest {
  readonly proc: execa.ExecaChildProcess<Buffer>;
  private out = '';
  private waiters: Array<() => void> = [];

  constructor(image: string, flags: string[], args: string[]) {
    this.proc = execa('unicore', ['run', image, ...flags, '--', ...args], {
      env: toolchainEnv(), input: '', encoding: null, reject: false, timeout: 300000,
    });
    this.proc.stdout!.on('data', (d: Buffer) => {
      this.out += d.toString();
      this.waiters.forEach((w) => w());
    });
  }

  get stdout(): string {
    return this.out;
  }

  /** Resolves once stdout matches re (rejects if the guest ends first). */
  waitFor(re: RegExp, timeoutMs = 120000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (re.test(this.out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => reject(new Error(`guest never printed ${re}; it printed: ${this.out}`)), timeoutMs);
      this.waiters.push(check);
      this.proc.then((r) => {
        clearTimeout(timer);
        if (!re.test(this.out)) reject(new Error(`guest ended (${r.exitCode}) without printing ${re}: ${this.out}${r.stderr}`));
      }, () => undefined);
      check();
    });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) this.proc.kill('SIGTERM');
    await this.proc;
  }
}

/**
 * A rootfs for lighttpd (packages/lighttpd): /etc/lighttpd.conf listening on
 * port (plus extra config lines), /var/www/index.html = page and
 * /var/www/big.bin = pattern(bigBytes). Returns its directory, dir/www-root.
 */
export function lighttpdRoot(dir: string, port: number, page: string, bigBytes: number, extra: string[] = []): string {
  const root = path.join(dir, 'www-root');
  fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
  fs.mkdirSync(path.join(root, 'var', 'www'), { recursive: true });
  fs.writeFileSync(path.join(root, 'etc', 'lighttpd.conf'), [
    'server.document-root = "/var/www"',
    `server.port = ${port}`,
    'server.bind = "0.0.0.0"',
    'server.upload-dirs = ( "/tmp" )',
    'server.modules = ( "mod_indexfile", "mod_staticfile" )',
    'index-file.names = ( "index.html" )',
    'mimetype.assign = ( ".html" => "text/html", ".bin" => "application/octet-stream" )',
    ...extra,
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(root, 'var', 'www', 'index.html'), page);
  fs.writeFileSync(path.join(root, 'var', 'www', 'big.bin'), pattern(bigBytes));
  return root;
}

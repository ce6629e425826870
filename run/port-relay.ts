/**
 * The host side of a published TCP port (`unicore run -p HOST:GUEST` with
 * QEMU user networking): `unicore run` listens on the host port itself and
 * relays each connection to QEMU's hostfwd, which listens on an internal
 * loopback port.
 *
 * Why: QEMU's user networking (libslirp) listens for a hostfwd rule with a
 * backlog of 1 (`ss -ltn` shows Send-Q 1 on QEMU's port). A burst of
 * connects (ab -c 30, 100 clients at once) overflows that accept queue: the
 * kernel drops SYNs and handshake ACKs, the clients retry after 1, 2, 4... s,
 * and under load some connections end short or reset. The relay's own listen
 * queue is Node's (511); it connects upstream at most `maxConnecting` at a
 * time and queues the rest, so QEMU's queue never holds more than it can.
 *
 * A connection's upstream connect holds its slot until QEMU can have taken it
 * off its queue: the first byte from upstream, the upstream closing, or
 * `settleMs` after the connect completed (slirp accepts on its next main-loop
 * turn; the guest may legitimately say nothing first). Half-close passes
 * through both ways (allowHalfOpen), a reset on one side resets the other,
 * and close() ends everything: the listener, the relayed pairs, the queue and
 * the timers.
 */
import * as net from 'net';
import { NetMode, PortForward, hostPortError } from './network';

export interface RelayOptions {
  /** Where users connect: host address and port. */
  host: string;
  port: number;
  /** QEMU's hostfwd listener. */
  upstreamHost: string;
  upstreamPort: number;
  /** Upstream connects in flight at once (libslirp's queue: backlog 1 holds 2). */
  maxConnecting?: number;
  /** How long a completed connect keeps its slot without an upstream byte. */
  settleMs?: number;
  /** Refused upstream connects (QEMU not listening yet) are retried this long. */
  retryMs?: number;
}

export interface RelayStats {
  accepted: number;
  /** Relayed pairs open now. */
  open: number;
  /** Waiting for a connect slot now. */
  queued: number;
  /** Most upstream connects in flight at once so far. */
  maxInFlight: number;
  failed: number;
}

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
  timer?: NodeJS.Timeout;
  holdsSlot: boolean;
  started: number;
}

const RETRY_STEP_MS = 100;

export class PortRelay {
  readonly stats: RelayStats = { accepted: 0, open: 0, queued: 0, maxInFlight: 0, failed: 0 };
  private readonly pairs = new Set<Pair>();
  private readonly queue: Pair[] = [];
  private inFlight = 0;
  private closed = false;
  private readonly maxConnecting: number;
  private readonly settleMs: number;
  private readonly retryMs: number;

  private constructor(private readonly opts: RelayOptions, private readonly server: net.Server) {
    this.maxConnecting = Math.max(1, opts.maxConnecting ?? 2);
    this.settleMs = opts.settleMs ?? 50;
    this.retryMs = opts.retryMs ?? 15000;
    server.on('connection', (client) => this.accept(client));
  }

  /** Listens on opts.host:opts.port; rejects with the listen error (err.code EADDRINUSE...). */
  static listen(opts: RelayOptions): Promise<PortRelay> {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
      server.once('error', reject);
      server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => {
        server.removeListener('error', reject);
        // Later errors (EMFILE on accept) must not kill `unicore run`: the client is lost, the relay goes on.
        server.on('error', () => undefined);
        resolve(new PortRelay(opts, server));
      });
    });
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Stops listening and ends every relayed connection (resets them: the guest is gone). */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.queue.length = 0;
    for (const p of [...this.pairs]) this.drop(p, true);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.closed) { client.destroy(); return; }
    this.stats.accepted++;
    const pair: Pair = { client, holdsSlot: false, started: Date.now() };
    this.pairs.add(pair);
    this.stats.open = this.pairs.size;
    client.setNoDelay(true);
    client.on('error', () => this.drop(pair, true));
    client.on('close', (hadError) => {
      if (hadError || !pair.upstream) this.drop(pair, hadError);
      else this.settled(pair);
    });
    this.queue.push(pair);
    this.pump();
  }

  /** Starts queued connects while there is room. */
  private pump(): void {
    while (!this.closed && this.inFlight < this.maxConnecting && this.queue.length) {
      const pair = this.queue.shift()!;
      if (pair.client.destroyed) continue;
      pair.holdsSlot = true;
      this.inFlight++;
      this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
      this.connect(pair);
    }
    this.stats.queued = this.queue.length;
  }

  private release(pair: Pair): void {
    if (pair.timer) { clearTimeout(pair.timer); pair.timer = undefined; }
    if (!pair.holdsSlot) return;
    pair.holdsSlot = false;
    this.inFlight--;
    // Not from inside a socket's event: let the current one finish first.
    setImmediate(() => this.pump());
  }

  private connect(pair: Pair): void {
    const up = net.connect({ host: this.opts.upstreamHost, port: this.opts.upstreamPort, allowHalfOpen: true });
    pair.upstream = up;
    let connected = false;
    up.setNoDelay(true);
    up.once('connect', () => {
      connected = true;
      if (pair.holdsSlot) pair.timer = setTimeout(() => this.release(pair), this.settleMs);
      up.once('data', () => this.release(pair));
      pair.client.pipe(up);
      up.pipe(pair.client);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      // QEMU has not bound its port yet (the relay listens before QEMU starts): try again.
      if (err.code === 'ECONNREFUSED' && !connected && !this.closed && Date.now() - pair.started < this.retryMs) {
        pair.upstream = undefined;
        up.destroy();
        pair.timer = setTimeout(() => { pair.timer = undefined; if (!pair.client.destroyed && !this.closed) this.connect(pair); }, RETRY_STEP_MS);
        return;
      }
      this.drop(pair, true);
    });
    up.on('close', (hadError) => {
      if (pair.upstream !== up) return;
      this.release(pair);
      if (hadError) this.drop(pair, true);
      else this.settled(pair);
    });
  }

  /** A side closed cleanly: once both have, the pair is gone; until then the other may still finish. */
  private settled(pair: Pair): void {
    const other = pair.client.destroyed ? pair.upstream : pair.client;
    if (other && !other.destroyed) {
      // Its peer is gone for good: finish what is queued for it, then close.
      other.end();
      return;
    }
    this.forget(pair);
  }

  /** Ends a pair: reset = RST both sides (an error or the relay closing), else a plain close. */
  private drop(pair: Pair, reset: boolean): void {
    if (!this.pairs.has(pair)) return;
    if (reset) this.stats.failed += this.closed ? 0 : 1;
    for (const s of [pair.client, pair.upstream]) {
      if (!s || s.destroyed) continue;
      if (reset && s.readyState !== 'opening') s.resetAndDestroy(); else s.destroy();
    }
    this.release(pair);
    this.forget(pair);
  }

  private forget(pair: Pair): void {
    if (pair.timer) { clearTimeout(pair.timer); pair.timer = undefined; }
    if (pair.holdsSlot) this.release(pair);
    const i = this.queue.indexOf(pair);
    if (i >= 0) this.queue.splice(i, 1);
    this.pairs.delete(pair);
    this.stats.open = this.pairs.size;
    this.stats.queued = this.queue.length;
  }
}

/** A free TCP port on 127.0.0.1 now (for QEMU's internal hostfwd listener). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `-p` for QEMU user networking: a relay on each TCP forward's host port, and
 * the mode QEMU gets instead (those forwards on internal 127.0.0.1 ports; UDP
 * stays a plain hostfwd). A host port that cannot be taken is a one-line
 * error, and no relay stays open.
 */
export async function relayForwards(mode: NetMode): Promise<{ mode: NetMode; close: () => Promise<void> }> {
  if (mode.kind !== 'user' || !mode.forwards.some((f) => f.proto === 'tcp')) return { mode, close: async () => undefined };
  const relays: PortRelay[] = [];
  const close = async () => { await Promise.all(relays.splice(0).map((r) => r.close())); };
  const forwards: PortForward[] = [];
  try {
    for (const f of mode.forwards) {
      if (f.proto !== 'tcp') { forwards.push(f); continue; }
      const internal = await freeLoopbackPort();
      try {
        relays.push(await PortRelay.listen({ host: f.hostAddr, port: f.hostPort, upstreamHost: '127.0.0.1', upstreamPort: internal }));
      } catch (err) {
        throw hostPortError(f, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
      }
      forwards.push({ ...f, hostAddr: '127.0.0.1', hostPort: internal });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { mode: { kind: 'user', forwards }, close };
}

/**
 * run/port-relay.ts with real sockets on 127.0.0.1: bytes both ways,
 * half-close and resets passed through, connects paced under a burst, a busy
 * port refused, and close() leaving nothing open.
 */
import * as net from 'net';
import { parsePublish } from '../../run/network';
import { PortRelay, freeLoopbackPort, relayForwards } from '../../run/port-relay';

interface Upstream { server: net.Server; port: number; sockets: Set<net.Socket>; accepted: number; close: () => Promise<void> }

async function upstream(onConn: (s: net.Socket) => void, port = 0, backlog = 511): Promise<Upstream> {
  const sockets = new Set<net.Socket>();
  const u = { sockets, accepted: 0 } as Upstream;
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    u.accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConn(s);
  });
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1', backlog }, resolve));
  u.server = server;
  u.port = (server.address() as net.AddressInfo).port;
  u.close = () => new Promise((resolve) => { sockets.forEach((s) => s.destroy()); server.close(() => resolve()); });
  return u;
}

function relayTo(port: number, extra: Partial<Parameters<typeof PortRelay.listen>[0]> = {}): Promise<PortRelay> {
  return PortRelay.listen({ host: '127.0.0.1', port: 0, upstreamHost: '127.0.0.1', upstreamPort: port, ...extra });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Everything s sends until its end, or the error that ended it. */
function readAll(s: net.Socket): Promise<{ data: string; error?: string }> {
  return new Promise((resolve) => {
    let data = '';
    s.on('data', (d) => { data += d.toString(); });
    s.on('end', () => resolve({ data }));
    s.on('error', (e: NodeJS.ErrnoException) => resolve({ data, error: e.code }));
  });
}

const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('port relay', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => { for (const c of cleanup.splice(0).reverse()) await c(); });

  test('relays both ways and passes a half-close on: the client ends, the answer still comes back', async () => {
    // Answers with the upper-cased request once the request has ended.
    const up = await upstream((s) => {
      let got = '';
      s.on('data', (d) => { got += d.toString(); });
      s.on('end', () => setTimeout(() => s.end(got.toUpperCase()), 20));
    });
    cleanup.push(up.close);
    const relay = await relayTo(up.port);
    cleanup.push(() => relay.close());
    const c = await connect(relay.port);
    const answer = readAll(c);
    c.end('hello relay');
    expect(await answer).toEqual({ data: 'HELLO RELAY' });
    await until(() => relay.stats.open === 0 && up.sockets.size === 0);
  });

  test('the guest side ending first: the client reads the end and can still send', async () => {
    let upGot = Promise.resolve('');
    const up = await upstream((s) => {
      s.end('bye first');
      upGot = readAll(s).then((r) => r.data);
    });
    cleanup.push(up.close);
    const relay = await relayTo(up.port);
    cleanup.push(() => relay.close());
    const c = await connect(relay.port);
    expect(await readAll(c)).toEqual({ data: 'bye first' });
    c.end('after the end');
    await until(() => up.accepted === 1 && up.sockets.size === 0);
    expect(await upGot).toBe('after the end');
    await until(() => relay.stats.open === 0);
  });

  test('a reset from either side resets the other', async () => {
    const upSide: net.Socket[] = [];
    const up = await upstream((s) => { upSide.push(s); });
    cleanup.push(up.close);
    const relay = await relayTo(up.port);
    cleanup.push(() => relay.close());

    const a = await connect(relay.port);
    a.write('x');
    await until(() => upSide.length === 1);
    const aEnd = readAll(a);
    upSide[0].resetAndDestroy();
    expect((await aEnd).error).toBe('ECONNRESET');

    const b = await connect(relay.port);
    b.write('y');
    await until(() => upSide.length === 2);
    const bUp = readAll(upSide[1]);
    b.resetAndDestroy();
    expect((await bUp).error).toBe('ECONNRESET');
    await until(() => relay.stats.open === 0 && up.sockets.size === 0);
  });

  test('100 connects at once: at most maxConnecting upstream connects in flight, all served, all closed', async () => {
    // Like libslirp's hostfwd listener: backlog 1, and it answers only after the request.
    const up = await upstream((s) => s.on('data', (d) => s.end(`echo ${d}`)), 0, 1);
    cleanup.push(up.close);
    const relay = await relayTo(up.port, { maxConnecting: 2, settleMs: 20 });
    cleanup.push(() => relay.close());
    const clients = await Promise.all(Array.from({ length: 100 }, () => connect(relay.port)));
    const answers = await Promise.all(clients.map((c, i) => { const r = readAll(c); c.write(`${i}`); return r; }));
    answers.forEach((a, i) => expect(a).toEqual({ data: `echo ${i}` }));
    expect(relay.stats.accepted).toBe(100);
    expect(relay.stats.maxInFlight).toBeLessThanOrEqual(2);
    expect(relay.stats.failed).toBe(0);
    clients.forEach((c) => c.end());
    await until(() => relay.stats.open === 0 && up.sockets.size === 0);
  });

  test('connects made before the upstream listens wait for it (QEMU still starting)', async () => {
    const port = await freeLoopbackPort();
    const relay = await relayTo(port);
    cleanup.push(() => relay.close());
    const c = await connect(relay.port);
    const answer = readAll(c);
    c.write('early');
    await new Promise((r) => setTimeout(r, 250));
    const up = await upstream((s) => s.on('data', (d) => s.end(`late ${d}`)), port);
    cleanup.push(up.close);
    expect(await answer).toEqual({ data: 'late early' });
  });

  test('a busy host port is refused with EADDRINUSE', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as net.AddressInfo).port;
    await expect(PortRelay.listen({ host: '127.0.0.1', port, upstreamHost: '127.0.0.1', upstreamPort: 1 })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  test('close() ends relayed and queued connections and frees the port', async () => {
    const up = await upstream(() => undefined);   // accepts, never answers
    cleanup.push(up.close);
    const relay = await relayTo(up.port, { maxConnecting: 1, settleMs: 60000 });
    const clients = await Promise.all([1, 2, 3].map(() => connect(relay.port)));
    const ends = clients.map(readAll);
    await until(() => relay.stats.open === 3 && up.accepted === 1);
    expect(relay.stats.queued).toBe(2);
    const port = relay.port;
    await relay.close();
    for (const e of await Promise.all(ends)) expect(e.data).toBe('');
    await until(() => up.sockets.size === 0);
    expect(relay.stats.open).toBe(0);
    // The port is free again.
    const again = await PortRelay.listen({ host: '127.0.0.1', port, upstreamHost: '127.0.0.1', upstreamPort: up.port });
    await again.close();
  });

  test('relayForwards: TCP forwards go to QEMU on internal loopback ports, UDP stays; a busy port is a one-line error', async () => {
    const [a, b] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const r = await relayForwards({ kind: 'user', forwards: [parsePublish(`${a}:80`), parsePublish(`${b}:53/udp`)] });
    try {
      if (r.mode.kind !== 'user') throw new Error('not user networking');
      const [tcp, udp] = r.mode.forwards;
      expect(tcp).toMatchObject({ proto: 'tcp', hostAddr: '127.0.0.1', guestPort: 80 });
      expect(tcp.hostPort).not.toBe(a);
      expect(udp).toEqual(parsePublish(`${b}:53/udp`));
      // a is ours now: a second run publishing it gets the one-line error, and keeps nothing open.
      await expect(relayForwards({ kind: 'user', forwards: [parsePublish(`${b}:81`), parsePublish(`${a}:80`)] }))
        .rejects.toThrow(`-p ${a}:80: host port 127.0.0.1:${a}/tcp is already in use: pick another host port or stop what uses it`);
      const again = await PortRelay.listen({ host: '127.0.0.1', port: b, upstreamHost: '127.0.0.1', upstreamPort: 1 });
      await again.close();
    } finally {
      await r.close();
    }
    expect(await relayForwards({ kind: 'none' })).toMatchObject({ mode: { kind: 'none' } });
  });
});

/**
 * Sockets end to end (test/programs/net.c): loopback inside the guest, a TCP
 * echo server in the guest answering the host over a published port (also
 * 100 connects at once, all served and closed), a guest client fetching from and sending to a
 * server on the host (QEMU user networking's host alias 10.0.2.2; linuxu
 * reaches 127.0.0.1 directly), 10 MB byte-identical both ways, UDP both ways,
 * non-blocking connect with poll, names through /etc/hosts and through a
 * dnsmasq on a loopback port (the guest asks it as unicore.net.dns=HOST:PORT),
 * and the one-line errors. The host side listens on 127.0.0.1 only.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, run, testPlatforms, workdir } from '../support/unicore';
import { Guest, dnsReady, exchange, finish, freePort, openEchoed, pattern, sha256, tcpServer, udpAsk } from '../support/net';

const PLATFORMS = testPlatforms(['linuxu', 'kvm', 'baremetal']);
const TEN_MB = 10 * 1024 * 1024;

describe.each(PLATFORMS)('sockets on %s', (platform) => {
  const hostAlias = platform === 'linuxu' ? '127.0.0.1' : '10.0.2.2';
  let dir: string;
  let image: string;
  const guests: Guest[] = [];

  /** -p for a guest port: linuxu programs bind the host port itself, so it is the same. */
  async function publish(guestPort: number, udp = false): Promise<{ flag: string[]; host: number; guest: number }> {
    const host = await freePort(udp ? 'udp' : 'tcp');
    const guest = platform === 'linuxu' ? host : guestPort;
    return { flag: ['-p', `${host}:${guest}${udp ? '/udp' : ''}`], host, guest };
  }

  function start(flags: string[], args: string[]): Guest {
    const g = new Guest(image, flags, args);
    guests.push(g);
    return g;
  }

  beforeAll(async () => {
    dir = workdir(`net-${platform}`);
    const root = path.join(dir, 'root', 'etc');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'hosts'), '127.0.0.1 localhost\n10.1.2.3 db.example.internal db\n');
    image = await bake(platform, await buildProgram('net', platform, dir), ['--rootfs', path.dirname(root)]);
  });

  afterEach(async () => {
    await Promise.all(guests.splice(0).map((g) => g.stop()));
  });

  test('loopback inside the guest: TCP over 127.0.0.1 and ::1, UDP, socketpair, options, errors', async () => {
    // No NIC: the unknown name must not reach a real DNS server through QEMU's.
    const r = await run(image, { args: ['local'], runFlags: platform === 'linuxu' ? [] : ['--net', 'none'] });
    const out = r.stdout.toString();
    expect(out).not.toContain('FAIL');
    expect(out).toContain('local ok\n');
    expect(r.exitCode).toBe(0);
  });

  test('a server thread answers the host while another thread spins without blocking', async () => {
    const p = await publish(7100);
    const g = start(p.flag, ['spin-echo', String(p.guest)]);
    await g.waitFor(/listening/);
    expect((await exchange(p.host, Buffer.from('beside a spinner\n'))).toString()).toBe('beside a spinner\n');
    const r = await g.proc;
    expect(g.stdout).toContain('served 1\nthe spinner ran beside it (spun)\n');
    expect(r.exitCode).toBe(0);
  });

  test('a TCP echo server in the guest answers the host, also 100 connections at once', async () => {
    const p = await publish(7000);
    const g = start(p.flag, ['echo-server', String(p.guest), '101']);
    await g.waitFor(/listening/);
    expect((await exchange(p.host, Buffer.from('first\n'))).toString()).toBe('first\n');
    // 100 connects at once (a burst: unicore run's relay paces them into QEMU),
    // each answered, all open in the guest together, then all talking at once.
    const open = await Promise.all(Array.from({ length: 100 }, (_, i) => openEchoed(p.host, Buffer.from(`hello ${i}\n`))));
    const msgs = open.map((_, i) => Buffer.from(`connection ${i} `.repeat(50)));
    const answers = await Promise.all(open.map((s, i) => finish(s, msgs[i])));
    answers.forEach((a, i) => expect(a.toString()).toBe(msgs[i].toString()));
    // The server counts a connection served when it has closed it: all 101 torn down.
    const r = await g.proc;
    expect(g.stdout).toContain('open at most 100\nserved 101\n');
    expect(r.exitCode).toBe(0);
  });

  test('a guest client fetches 10 MB from a host server, byte-identical', async () => {
    const data = pattern(TEN_MB).reverse();
    const srv = await tcpServer((s) => s.end(data));
    try {
      const r = await run(image, { args: ['fetch', hostAlias, String(srv.port)], timeoutMs: 240000 });
      expect(r.stdout.toString()).toBe(`bytes ${TEN_MB} sha256 ${sha256(data)}\n`);
      expect(r.exitCode).toBe(0);
    } finally {
      await srv.close();
    }
  });

  test('a guest client sends 10 MB to a host server, byte-identical', async () => {
    let got: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));
    const srv = await tcpServer((s) => {
      got = new Promise((resolve) => {
        const chunks: Buffer[] = [];
        s.on('data', (d) => chunks.push(d));
        s.on('end', () => { s.end(); resolve(Buffer.concat(chunks)); });
      });
    });
    try {
      const r = await run(image, { args: ['send', hostAlias, String(srv.port), String(TEN_MB)], timeoutMs: 240000 });
      const expected = sha256(pattern(TEN_MB));
      expect(r.stdout.toString()).toBe(`bytes ${TEN_MB} sha256 ${expected}\n`);
      expect(sha256(await got)).toBe(expected);
      expect(r.exitCode).toBe(0);
    } finally {
      await srv.close();
    }
  });

  test('a guest receives 10 MB over a published port, byte-identical', async () => {
    const p = await publish(9000);
    const g = start(p.flag, ['sink', String(p.guest)]);
    await g.waitFor(/listening/);
    const data = pattern(TEN_MB);
    await exchange(p.host, data, 240000);
    const r = await g.proc;
    expect(g.stdout).toContain(`bytes ${TEN_MB} sha256 ${sha256(data)}\n`);
    expect(r.exitCode).toBe(0);
  });

  test('UDP both ways: a guest server answers the host, a guest client asks the host', async () => {
    const p = await publish(5300, true);
    const g = start(p.flag, ['udp-echo', String(p.guest), '2']);
    await g.waitFor(/listening/);
    expect(await udpAsk(p.host, 'ping one')).toBe('ping one');
    expect(await udpAsk(p.host, 'ping two')).toBe('ping two');
    expect((await g.proc).exitCode).toBe(0);

    const dgramMod = await import('dgram');
    const echo = dgramMod.createSocket('udp4');
    echo.on('message', (m, from) => echo.send(Buffer.concat([Buffer.from('host says '), m]), from.port, from.address));
    await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));
    try {
      const r = await run(image, { args: ['udp-ask', hostAlias, String(echo.address().port), 'hello'] });
      expect(r.stdout.toString()).toBe('answer [host says hello]\n');
    } finally {
      echo.close();
    }
  });

  test('non-blocking connect with poll: SO_ERROR 0 to a server, ECONNREFUSED to a closed port', async () => {
    const srv = await tcpServer((s) => s.end('hi'));
    try {
      const ok = await run(image, { args: ['nb-connect', hostAlias, String(srv.port)] });
      expect(ok.stdout.toString()).toMatch(/^connect: (EINPROGRESS|0)\npoll 1 SO_ERROR 0\nread \[hi\]\n$/);
    } finally {
      await srv.close();
    }
    const closed = await freePort();
    const refused = await run(image, { args: ['nb-connect', hostAlias, String(closed)] });
    expect(refused.stdout.toString()).toMatch(/^connect: (EINPROGRESS|Connection refused)\n(poll 1 SO_ERROR ECONNREFUSED\n)?/);
  });

  test('names: /etc/hosts from the rootfs, and a DNS server on a loopback port', async () => {
    const hosts = await run(image, { args: ['resolve', 'db.example.internal'] });
    expect(hosts.stdout.toString()).toContain('address 10.1.2.3\n');
    expect(hosts.stdout.toString()).toContain('gethostbyname db.example.internal 10.1.2.3\n');

    const port = await freePort('udp');
    const dns = execa('dnsmasq', ['--keep-in-foreground', '--conf-file=/dev/null', `--port=${port}`, '--listen-address=127.0.0.1',
      '--bind-interfaces', '--no-resolv', '--no-hosts', `--pid-file=${path.join(dir, 'dnsmasq.pid')}`,
      '--address=/web.unicore.test/10.9.8.7'], { reject: false });
    try {
      await dnsReady(port, 'web.unicore.test');
      const r = await run(image, { args: [`unicore.net.dns=${hostAlias}:${port}`, 'resolve', 'web.unicore.test'] });
      expect(r.stdout.toString()).toContain('address 10.9.8.7\n');
      expect(r.stdout.toString()).toContain('gethostbyname web.unicore.test 10.9.8.7\n');
    } finally {
      dns.kill('SIGTERM');
      await dns;
    }
  });

  test('a malformed network word is a one-line error', async () => {
    const r = await run(image, { args: ['unicore.net.ip=10.0.2.15', 'local'] });
    expect(r.exitCode).toBe(2);
    expect(r.stdout.toString()).toBe('');
    expect(r.stderr.trim().split('\n').filter((l) => !/RDRAND/.test(l))).toEqual([
      "unicore: malformed boot option 'unicore.net.ip=10.0.2.15': expected an IPv4 address and prefix length, such as unicore.net.ip=10.0.2.15/24",
    ]);
  });

  test('publishing a port that is in use is a one-line error before anything boots', async () => {
    const srv = await tcpServer(() => undefined);
    try {
      const r = await run(image, { runFlags: ['-p', `${srv.port}:${platform === 'linuxu' ? srv.port : 80}`], args: ['local'] });
      expect(r.exitCode).not.toBe(0);
      expect(r.stdout.toString()).toBe('');
      expect(r.stderr).toBe(`unicore run: -p ${srv.port}:${platform === 'linuxu' ? srv.port : 80}: host port 127.0.0.1:${srv.port}/tcp is already in use: pick another host port or stop what uses it\n`);
    } finally {
      await srv.close();
    }
  });
});

describe('unicore run network options', () => {
  let dir: string;
  let noNet: string;

  beforeAll(async () => {
    dir = workdir('net-options');
    noNet = await bake('kvm', await buildProgram('exit_code', 'kvm', dir));
  });

  test('an image whose program uses no sockets cannot publish a port', async () => {
    const r = await run(noNet, { runFlags: ['-p', '8080:80'], args: ['0'] });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toBe(`unicore run: -p 8080:80: ${noNet} has no networking (its program never uses sockets), so nothing in it can answer on a port: drop -p\n`);
  });

  test.each([
    [['-p', '80'], /^unicore run: -p 80: not a port mapping: give -p HOSTPORT:GUESTPORT/],
    [['-p', '8080:99999'], /^unicore run: -p 8080:99999: '99999' is not a port number/],
    [['--net', 'bridge'], /^unicore run: --net bridge: unknown network mode: use --net user, --net none or --net tap=IFNAME\n$/],
  ])('bad flags %j are one-line errors', async (flags, message) => {
    const r = await run(noNet, { runFlags: flags as string[], args: ['0'] });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

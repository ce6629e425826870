/**
 * `unicore run`'s network options: `-p [ADDR:]HOSTPORT:GUESTPORT[/udp]`
 * (repeatable) and `--net user|none|tap=IFNAME`, checked against the image,
 * and the QEMU arguments they become. Pure, except checkHostPortsFree. With
 * user networking, TCP forwards reach QEMU through port-relay.ts.
 */
import * as dgram from 'dgram';
import * as net from 'net';
import { UserError } from '../lib/errors';

export interface PortForward {
  proto: 'tcp' | 'udp';
  hostAddr: string;
  hostPort: number;
  guestPort: number;
  spec: string;       // as the user wrote it
}

export type NetMode = { kind: 'none' } | { kind: 'user'; forwards: PortForward[] } | { kind: 'tap'; ifname: string };

const PORT_FORM = 'give -p HOSTPORT:GUESTPORT, -p ADDR:HOSTPORT:GUESTPORT or add /udp, e.g. -p 8080:80';

function port(text: string, spec: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 65535)) throw new UserError(`-p ${spec}: '${text}' is not a port number (1-65535): ${PORT_FORM}`);
  return n;
}

export function parsePublish(spec: string): PortForward {
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?([^:/]+):([^:/]+)(?:\/(tcp|udp))?$/.exec(spec);
  if (!m) throw new UserError(`-p ${spec}: not a port mapping: ${PORT_FORM}`);
  const [, addr, host, guest, proto] = m;
  if (addr && !addr.split('.').every((b) => Number(b) <= 255)) throw new UserError(`-p ${spec}: '${addr}' is not an IPv4 address: ${PORT_FORM}`);
  return { proto: (proto ?? 'tcp') as 'tcp' | 'udp', hostAddr: addr ?? '127.0.0.1', hostPort: port(host, spec), guestPort: port(guest, spec), spec };
}

/** --net's value (undefined: user networking when the image uses sockets, else none). */
export function parseNetMode(value: string | undefined, forwards: PortForward[], imageNet: boolean): NetMode {
  if (value === undefined) return imageNet || forwards.length ? { kind: 'user', forwards } : { kind: 'none' };
  if (value === 'user') return { kind: 'user', forwards };
  if (value === 'none' || value.startsWith('tap=')) {
    if (forwards.length) {
      throw new UserError(`-p ${forwards[0].spec}: --net ${value} has no port forwarding: use --net user (the default) to publish ports`);
    }
    if (value === 'none') return { kind: 'none' };
    const ifname = value.slice(4);
    if (!/^[A-Za-z0-9_.-]{1,15}$/.test(ifname)) throw new UserError(`--net ${value}: '${ifname}' is not an interface name: give --net tap=IFNAME, e.g. --net tap=tap0`);
    return { kind: 'tap', ifname };
  }
  throw new UserError(`--net ${value}: unknown network mode: use --net user, --net none or --net tap=IFNAME`);
}

/** Two forwards may not take the same host port. */
export function checkDistinct(forwards: PortForward[]): void {
  const seen = new Set<string>();
  for (const f of forwards) {
    const key = `${f.proto}:${f.hostAddr}:${f.hostPort}`;
    if (seen.has(key)) throw new UserError(`-p ${f.spec}: host port ${f.hostPort}/${f.proto} is published twice: give each -p its own host port`);
    seen.add(key);
  }
}

/** QEMU's -netdev/-device arguments for the mode. */
export function qemuNetArgs(mode: NetMode): string[] {
  if (mode.kind === 'none') return [];
  const dev = ['-device', 'virtio-net-pci,netdev=net0'];
  if (mode.kind === 'tap') return ['-netdev', `tap,id=net0,ifname=${mode.ifname},script=no,downscript=no`, ...dev];
  const fwd = mode.forwards.map((f) => `,hostfwd=${f.proto}:${f.hostAddr}:${f.hostPort}-:${f.guestPort}`).join('');
  return ['-netdev', `user,id=net0${fwd}`, ...dev];
}

function tryBind(f: PortForward): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (f.proto === 'udp') {
      const s = dgram.createSocket('udp4');
      s.once('error', (err: NodeJS.ErrnoException) => { s.close(); resolve(err.code ?? err.message); });
      s.bind(f.hostPort, f.hostAddr, () => s.close(() => resolve(undefined)));
      return;
    }
    const s = net.createServer();
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    s.listen({ port: f.hostPort, host: f.hostAddr, exclusive: true }, () => s.close(() => resolve(undefined)));
  });
}

/** A host port that cannot be taken is a one-line error, before anything boots. */
export async function checkHostPortsFree(forwards: PortForward[]): Promise<void> {
  for (const f of forwards) {
    const why = await tryBind(f);
    if (why) throw hostPortError(f, why);
  }
}

/** The one-line error for a host port that cannot be taken (why: the errno code). */
export function hostPortError(f: PortForward, why: string): UserError {
  if (why === 'EADDRINUSE') {
    return new UserError(`-p ${f.spec}: host port ${f.hostAddr}:${f.hostPort}/${f.proto} is already in use: pick another host port or stop what uses it`);
  }
  return new UserError(`-p ${f.spec}: cannot use host address ${f.hostAddr}:${f.hostPort}/${f.proto} (${why}): pick an address of this machine`);
}

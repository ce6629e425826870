/**
 * Networking of xen images as domUs: netfront (components/plat/xen/netfront.c)
 * over a vif on dom0's bridge xenbr0 (10.0.3.1/24), in the toolstack harness
 * (run/toolstack.ts). One dom0 boot runs two guests at once, started from
 * the configs `unicore run --xl-config` writes, and a script in dom0 that
 * talks to them with busybox's nc and wget:
 *   - a TCP echo server (10.0.3.2, static address from the boot words),
 *   - lighttpd (packages/lighttpd, 10.0.3.4, static address from the boot
 *     words), serving a page and a 10 MB file.
 * (Not DHCP: busybox 1.35.0's dumpleases crashed now and then reading the lease back.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { Dom0Report, HarnessGuest, runGuestsInDom0 } from '../../run/toolstack';
import { xlField } from '../../run/xl-config';
import { bake, buildPackage, buildProgram, run, tmpdir, workdir } from '../support/unicore';
import { lighttpdRoot, pattern, sha256 } from '../support/net';

const POWEROFF = 0;
const BIG = 10 * 1024 * 1024;
const PAGE = `<html><body>${'lighttpd in a Xen domU. '.repeat(20)}</body></html>\n`;

/** dom0's side, in busybox sh; every step bounded, every result one line. */
function dom0Script(echo: string, www: string): string {
  return `
log() { echo "/var/log/xen/console/guest-$1.log"; }
# Waits (up to 3 minutes) until guest $1's console shows $2.
# The loops count with seq, not with $((...)): busybox sh once expanded
# $((i + 1)) to a literal "%lld" under load ("sh: %lld: bad number"), which
# ended a bounded wget after 14 s with 9.4 of its 10 MB.
wait_log() {
	for _ in $(seq 1800); do
		grep -q "$2" "$(log "$1")" 2>/dev/null && return 0
		usleep 100000
	done
	echo "no '$2' from $1"; return 1
}
# Runs the command line $2 in the background and stops it after $1 seconds
# (busybox's timeout applet crashed now and then under load; a background
# "$@" inside this function once ran as a command named "@="). Its counter is
# local: a shared one reset the callers' loop counters, and a retry loop never ended.
bounded() {
	local pid
	sh -c "$2" & pid=$!
	for _ in $(seq $(($1 * 10))); do
		kill -0 $pid 2> /dev/null || break
		usleep 100000
	done
	kill $pid 2> /dev/null; wait $pid
}
wait_log ${echo} 'listening 7'
echo 'hello over netfront' > /tmp/hello
bounded 60 'nc 10.0.3.2 7 < /tmp/hello > /tmp/echo'
echo "echo: $(cat /tmp/echo)"
addr=10.0.3.4
# lighttpd logs "server started" once it listens; then ask (a few times).
# No wget -T: Debian's busybox 1.35.0 wget segfaults with it (bounded times it out).
wait_log ${www} 'server started'
tries=0
while [ ! -s /tmp/page ] && [ $tries -lt 10 ]; do
	bounded 10 "wget -q -O /tmp/page http://$addr/"
	tries=$((tries + 1)); [ -s /tmp/page ] || sleep 1
done
echo "page: $(base64 -w 0 < /tmp/page)"
[ -s /tmp/page ] || { echo "no page after $tries tries"; bounded 10 "wget -O /tmp/x http://$addr/ 2>&1"
	bounded 10 "ping -c 2 -W 2 $addr 2>&1"; ip neigh; cat "$(log ${www})"; }
t0=$(cut -d' ' -f1 /proc/uptime)
[ -s /tmp/page ] && bounded 300 "wget -q -O /tmp/got http://$addr/big.bin"
echo "got: $(wc -c < /tmp/got) $(sha256sum < /tmp/got)"
echo "got in: $t0 $(cut -d' ' -f1 /proc/uptime)"
xl shutdown ${www}
`;
}

/** The value after "KEY: " in the dom0 script's output. */
function said(report: Dom0Report, key: string): string {
  const m = new RegExp(`^${key}: (.*)$`, 'm').exec(report.dom0Output.toString());
  return m ? m[1] : '';
}

describe('xen domU networking (netfront)', () => {
  let report: Dom0Report;
  let names: string[];

  beforeAll(async () => {
    const dir = workdir('xen-net');
    const echo = await bake('xen', await buildProgram('net', 'xen', dir));
    const [lighttpd] = await buildPackage('lighttpd', 'xen', dir);
    const www = await bake('xen', lighttpd, ['--rootfs', lighttpdRoot(dir, 80, PAGE, BIG), '-o', path.join(dir, 'lighttpd.xen')]);

    const plan: Array<[string, string[]]> = [
      [echo, ['unicore.net.ip=10.0.3.2/24', 'echo-server', '7', '1']],
      [www, ['unicore.net.ip=10.0.3.4/24', '-D', '-f', '/etc/lighttpd.conf']],
    ];
    const guests: HarnessGuest[] = [];
    for (const [image, args] of plan) {
      const file = path.join(dir, `${path.basename(image)}.cfg`);
      const r = await run(image, { runFlags: ['--xl-config', file], args });
      expect(r.exitCode).toBe(0);
      const config = fs.readFileSync(file, 'utf8');
      expect(config).toContain('vif = [ "bridge=xenbr0" ]');
      guests.push({ config });
    }
    names = guests.map((g) => xlField(g.config, 'name')!);
    const scratch = tmpdir('xen-net');
    try {
      report = await runGuestsInDom0(guests, scratch, 840000, dom0Script(names[0], names[1]));
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    process.stderr.write(`xen-net: dom0 said:\n${report.dom0Output}\nwall ${report.wallSeconds.toFixed(1)} s\n`);
  }, 1200000);

  test('TCP echo between dom0 and the domU', () => {
    expect(said(report, 'echo')).toBe('hello over netfront');
    const guest = report.guests[0];
    expect(guest.console.toString()).toBe('listening 7\r\nopen at most 1\r\nserved 1\r\n');
    expect(guest.reason).toBe(POWEROFF);
    expect(guest.xlExit).toBe(0);
  });

  test('lighttpd in the domU serves a page and 10 MB byte-identical to wget in dom0', () => {
    expect(Buffer.from(said(report, 'page'), 'base64').toString()).toBe(PAGE);
    expect(said(report, 'got')).toBe(`${BIG} ${sha256(pattern(BIG))}  -`);
    // xl shutdown reached it through xenstore: it ended as asked, with its vif closed.
    // (One that does not is destroyed by dom0 a minute later: its console's end shows here.)
    const www = report.guests[1];
    expect({ reason: www.reason, console: www.console.toString().slice(-2000) })
      .toEqual({ reason: POWEROFF, console: expect.any(String) });
    expect(report.dom0Exit).toBe(0);
  });
});

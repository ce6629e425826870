/** unicore run's network options (run/network.ts) and boot-option splitting (run/run.ts). */
import { checkDistinct, parseNetMode, parsePublish, qemuNetArgs } from '../../run/network';
import { splitBootOptions } from '../../run/run';
import { xlConfig } from '../../run/xl-config';

describe('-p and --net', () => {
  test('port mappings: host side on 127.0.0.1 unless an address is given; /udp', () => {
    expect(parsePublish('8080:80')).toEqual({ proto: 'tcp', hostAddr: '127.0.0.1', hostPort: 8080, guestPort: 80, spec: '8080:80' });
    expect(parsePublish('0.0.0.0:5353:53/udp')).toMatchObject({ proto: 'udp', hostAddr: '0.0.0.0', hostPort: 5353, guestPort: 53 });
    expect(() => parsePublish('80')).toThrow(/not a port mapping/);
    expect(() => parsePublish('8080:0')).toThrow(/'0' is not a port number/);
    expect(() => parsePublish('300.1.1.1:80:80')).toThrow(/not an IPv4 address/);
    expect(() => checkDistinct([parsePublish('80:1'), parsePublish('80:2')])).toThrow(/published twice/);
    expect(() => checkDistinct([parsePublish('80:1'), parsePublish('80:1/udp')])).not.toThrow();
  });

  test('modes: user by default for socket programs, none otherwise; tap and none take no -p', () => {
    const fwd = [parsePublish('8080:80')];
    expect(parseNetMode(undefined, [], true)).toEqual({ kind: 'user', forwards: [] });
    expect(parseNetMode(undefined, [], false)).toEqual({ kind: 'none' });
    expect(parseNetMode('tap=tap0', [], true)).toEqual({ kind: 'tap', ifname: 'tap0' });
    expect(() => parseNetMode('none', fwd, true)).toThrow(/has no port forwarding/);
    expect(() => parseNetMode('tap=a b', [], true)).toThrow(/not an interface name/);
    expect(() => parseNetMode('bridge', [], true)).toThrow(/unknown network mode/);
  });

  test('QEMU arguments', () => {
    expect(qemuNetArgs({ kind: 'none' })).toEqual([]);
    expect(qemuNetArgs({ kind: 'user', forwards: [parsePublish('8080:80'), parsePublish('5353:53/udp')] })).toEqual([
      '-netdev', 'user,id=net0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=udp:127.0.0.1:5353-:53', '-device', 'virtio-net-pci,netdev=net0']);
    expect(qemuNetArgs({ kind: 'tap', ifname: 'tap0' })).toEqual([
      '-netdev', 'tap,id=net0,ifname=tap0,script=no,downscript=no', '-device', 'virtio-net-pci,netdev=net0']);
  });

  test('leading unicore.* words of ARGS are boot options; a -- after them is dropped', () => {
    expect(splitBootOptions(['unicore.net.dns=10.0.2.2:53', '--', 'resolve', 'x'])).toEqual({ options: ['unicore.net.dns=10.0.2.2:53'], args: ['resolve', 'x'] });
    expect(splitBootOptions(['-D', 'unicore.hostname=a'])).toEqual({ options: [], args: ['-D', 'unicore.hostname=a'] });
    expect(splitBootOptions(['--', 'unicore.x=1'])).toEqual({ options: [], args: ['--', 'unicore.x=1'] });
    expect(() => splitBootOptions(['unicore.console=raw'])).toThrow(/chooses the console itself/);
  });

  test('xl configs get a vif for images that use sockets', () => {
    const guest = { name: 'web', kernel: '/i/web.xen', memoryMiB: 64, cmdline: '--' };
    expect(xlConfig({ ...guest, vif: true })).toContain('\nvif = [ "bridge=xenbr0" ]\n');
    expect(xlConfig(guest)).not.toContain('vif');
  });
});

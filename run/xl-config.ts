/**
 * An xl domain configuration for a unicore image (xl.cfg(5)): a PVH guest whose
 * kernel is the image. Pure: fields in, text out.
 */

export interface XlGuest {
  name: string;
  kernel: string;    // absolute path of the image
  memoryMiB: number;
  cmdline: string;   // the boot command line (docs/architecture.md)
  vif?: boolean;     // the program uses sockets: one network interface on xl's default bridge
}

/** xl's double-quoted strings take C-style escapes. */
export function xlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The settings, in order: what a guest is and what happens when it stops. */
export function xlSettings(guest: XlGuest): Array<[string, string | number]> {
  return [
    ['name', guest.name],
    ['type', 'pvh'],
    ['kernel', guest.kernel],
    ['memory', guest.memoryMiB],
    ['vcpus', 1],
    // xl makes the kernel command line of extra (after root=, which we have none of).
    ['extra', guest.cmdline],
    ...(guest.vif ? [['vif', '[ "bridge=xenbr0" ]'] as [string, string]] : []),
    // The app ending is the guest ending: never start it again.
    ['on_poweroff', 'destroy'],
    ['on_reboot', 'destroy'],
    ['on_crash', 'destroy'],
  ];
}

export function xlConfig(guest: XlGuest): string {
  const lines = xlSettings(guest).map(([key, value]) =>
    `${key} = ${typeof value === 'number' || key === 'vif' ? value : xlString(value)}`);
  return `# xl domain configuration for ${guest.name} (written by unicore run; boot: xl create -c FILE)\n${lines.join('\n')}\n`;
}

/** Domain names: letters, digits and a few marks (xl refuses others). */
export function domainName(name: string, suffix?: string): string {
  const base = name.replace(/[^A-Za-z0-9_.-]/g, '-') || 'unicore';
  return suffix ? `${base}-${suffix}` : base;
}

/** A string or number setting of a config xlConfig wrote (undefined if absent). */
export function xlField(config: string, key: string): string | undefined {
  for (const line of config.split('\n')) {
    const m = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || m[1] !== key) continue;
    const value = m[2];
    if (!value.startsWith('"')) return value;
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return undefined;
}

/**
 * An xl domain configuration for a unicore image (xl.cfg(5)): a PVH guest whose
 * kernel is the image. Pure: fields in, text out.
 */

export interface XlGuest {
  name: string;
  kernel: string;    // absolute path of the image
  memoryMiB: number;
  cmdline: string;   // the boot command line (docs/architecture.md)
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
    ['cmdline', guest.cmdline],
    // The app ending is the guest ending: never start it again.
    ['on_poweroff', 'destroy'],
    ['on_reboot', 'destroy'],
    ['on_crash', 'destroy'],
  ];
}

export function xlConfig(guest: XlGuest): string {
  const lines = xlSettings(guest).map(([key, value]) => `${key} = ${typeof value === 'number' ? value : xlString(value)}`);
  return `# xl domain configuration for ${guest.name} (written by unicore run; boot: xl create -c FILE)\n${lines.join('\n')}\n`;
}

/** Domain names: letters, digits and a few marks (xl refuses others). */
export function domainName(name: string, suffix?: string): string {
  const base = name.replace(/[^A-Za-z0-9_.-]/g, '-') || 'unicore';
  return suffix ? `${base}-${suffix}` : base;
}

/**
 * The boot command line `unicore run` passes (docs/architecture.md, "Boot
 * command line"): runtime options, `--`, then the app's arguments, each quoted
 * the way sh would read it back.
 */
import { shQuote } from '../lib/shell';

/** `unicore.console=framed -- ARGS...` (options first; `--` keeps ARGS from being read as options). */
export function bootCmdline(options: readonly string[], args: readonly string[]): string {
  return [...options, '--', ...args].map(shQuote).join(' ');
}

export const FRAMED = 'unicore.console=framed';

/**
 * The longest boot command line each way of booting delivers whole, in bytes:
 * the runtime's buffer (UC_CMDLINE_MAX in components/include/unicore/plat.h),
 * and Xen's MAX_GUEST_CMDLINE (1024 with the NUL), which Xen cuts silently.
 */
export const CMDLINE_LIMITS: Record<string, number> = { kvm: 32767, baremetal: 32767, xen: 1023 };

/** Refuses a boot command line the platform would cut: a one-line message, or undefined if it fits. */
export function cmdlineTooLong(platform: string, cmdline: string): string | undefined {
  const limit = CMDLINE_LIMITS[platform];
  const bytes = Buffer.byteLength(cmdline);
  if (limit === undefined || bytes <= limit) return undefined;
  return `the arguments make a boot command line of ${bytes} bytes, over the ${platform} limit of ${limit} bytes: ` +
    'pass fewer or shorter arguments, or the data through stdin or a --rootfs file';
}

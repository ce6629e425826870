/**
 * Children that do not outlive us. A unicore command killed with SIGKILL
 * cannot clean up, so what it starts must end by itself when it dies:
 * - guarded(): one process (QEMU, a linuxu program) gets PR_SET_PDEATHSIG
 *   SIGKILL through util-linux's setpriv, which then execs it: the kernel
 *   kills it when we die.
 * - groupGuarded(): a process tree (make and its compilers) runs in its own
 *   process group under a small sh that gets SIGTERM when we die and then
 *   kills the whole group; killGroup() does the same when we stop on a signal.
 * Without setpriv (not util-linux), commands run as they are.
 */
import { which } from './which';

export interface Command { command: string; args: string[] }

function setpriv(): string | undefined {
  return which('setpriv');
}

/** The command, killed by the kernel when this process dies. */
export function guarded(command: string, args: readonly string[]): Command {
  const sp = setpriv();
  return sp ? { command: sp, args: ['--pdeathsig', 'KILL', '--', command, ...args] } : { command, args: [...args] };
}

/**
 * The command under a group leader (spawn it detached, so that it is one)
 * that kills the group, the command's whole tree, when this process dies or
 * when the leader gets SIGTERM; it exits with the command's status.
 */
export function groupGuarded(command: string, args: readonly string[]): Command {
  const leader = ['sh', '-c', 'trap "trap - TERM; kill -KILL 0" TERM HUP INT; "$@" & wait $!', 'sh', command, ...args];
  const sp = setpriv();
  return sp ? { command: sp, args: ['--pdeathsig', 'TERM', '--', ...leader] } : { command: leader[0], args: leader.slice(1) };
}

/** Stops a groupGuarded() tree started detached as pid: its leader kills the group. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

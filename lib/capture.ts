/**
 * Runs a tool to its end and keeps what it printed: a small spawn for the
 * paths that must start fast (unicore-bake), where loading execa took about
 * as long as Node's own start. A tool still running when this process exits
 * (a stop signal's handler calls process.exit) is killed, so none outlives us.
 */
import { spawn } from 'child_process';

export interface Captured {
  /** The exit status, or null when a signal ended the tool. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they came, interleaved. */
  all: string;
}

export interface CaptureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the tool's stdin, which is then closed (default: stdin is /dev/null). */
  input?: string;
}

/** Rejects only when the tool cannot be started (not found, not executable). */
export function capture(command: string, args: readonly string[], opts: CaptureOptions = {}): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd, env: opts.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const kill = () => child.kill('SIGKILL');
    process.on('exit', kill);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => { out.push(b); all.push(b); });
    child.stderr!.on('data', (b: Buffer) => { err.push(b); all.push(b); });
    if (child.stdin) {
      child.stdin.on('error', () => undefined);   // a tool that does not read its input
      child.stdin.end(opts.input);
    }
    child.on('error', (e) => {
      process.removeListener('exit', kill);
      reject(e);
    });
    child.on('close', (exitCode, signal) => {
      process.removeListener('exit', kill);
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
      resolve({ exitCode, signal, stdout: text(out), stderr: text(err), all: text(all) });
    });
  });
}

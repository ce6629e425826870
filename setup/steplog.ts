/**
 * One long-running setup step: its commands' output goes to a log file, and a
 * failure becomes the one-line "<step> failed; see <log>" a user can act on.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { UserError } from '../lib/errors';
import { shQuote } from '../lib/shell';

export interface StepRunner {
  readonly logFile: string;
  /** Runs a command with its output in the log; throws the step's failure on a non-zero exit. */
  run(cmd: string, args: readonly string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<void>;
  note(line: string): void;
  /** A progress line for a stage of a long step, on stderr and in the log. */
  stage(what: string): void;
  fail(why: string): never;
}

export function stepFailed(step: string, logFile: string): UserError {
  return new UserError(`${step} failed; see ${logFile}`);
}

export function openStep(step: string, logDir: string): StepRunner {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${step}.log`);
  fs.writeFileSync(logFile, `# unicore setup: ${step}, ${new Date().toISOString()}\n`);
  const note = (line: string) => fs.appendFileSync(logFile, `${line}\n`);
  const fail = (why: string): never => {
    note(`# FAILED: ${why}`);
    throw stepFailed(step, logFile);
  };
  return {
    logFile,
    note,
    fail,
    stage(what) {
      note(`# ${what}`);
      progress(`${step}: ${what}`);
    },
    async run(cmd, args, opts = {}) {
      note(`$ ${[cmd, ...args].map(shQuote).join(' ')}${opts.cwd ? `    (in ${opts.cwd})` : ''}`);
      const fd = fs.openSync(logFile, 'a');
      try {
        const r = await execa(cmd, [...args], {
          cwd: opts.cwd,
          env: opts.env,
          stdin: 'ignore',
          stdout: fd,
          stderr: fd,
          reject: false,
        });
        if (r.exitCode !== 0) fail(`${cmd} ${r.signal ? `was killed by ${r.signal}` : `exited with ${r.exitCode}`}`);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/** A progress line on stderr, so stdout stays clean for callers that parse it. */
export function progress(line: string): void {
  process.stderr.write(`unicore setup: ${line}\n`);
}

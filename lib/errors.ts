/**
 * An error whose message is the one line a user sees: what is wrong and how to
 * fix it. CLIs print it without a stack trace and exit non-zero.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** Runs a CLI main function, turning UserErrors into "prog: message" and an exit code. */
export async function runCli(prog: string, main: () => Promise<number | void>): Promise<never> {
  try {
    const code = await main();
    process.exit(code ?? 0);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`${prog}: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    throw err;
  }
}

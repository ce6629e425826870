#!/usr/bin/env node
/** The `unicore` command: setup, env, platforms and run. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCommand } from './commands/run';
import { envCommand } from './commands/env';
import { platformsCommand } from './commands/platforms';
import { setupCommand } from './commands/setup';
import { runCli, UserError } from '../lib/errors';

const args = hideBin(process.argv);
const COMMANDS = ['setup', 'env', 'platforms', 'run'];
// Errors read "unicore setup: ..." when a command was named.
const prog = COMMANDS.includes(args[0]) ? `unicore ${args[0]}` : 'unicore';

runCli(prog, async () => {
  await yargs(args)
    .scriptName('unicore')
    .usage('$0 <command> [options]')
    .command(setupCommand)
    .command(envCommand)
    .command(platformsCommand)
    .command(runCommand)
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .version(false)
    .fail((msg, err, y) => {
      if (err) throw err;
      y.showHelp((text: string) => process.stderr.write(`${text}\n\n`));
      throw new UserError(msg, 2);
    })
    .parseAsync();
  // `unicore run` exits with the app's status itself; every other command ends here.
  return 0;
});

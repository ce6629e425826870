#!/usr/bin/env node
/**
 * The `unicore` command: setup, env, platforms and run. Only the named
 * command's module is loaded (`unicore run` never loads setup's), so that the
 * CLI starts about as fast as Node itself (docs/architecture.md, "Start-up").
 */
import { CommandSpec, ParsedLine, helpText, parseCommandLine } from '../lib/cli';
import { runCli, UserError } from '../lib/errors';

interface Command {
  spec: CommandSpec;
  main(line: ParsedLine): void | Promise<void>;
}

/** Each command's module, loaded when it runs; the descriptions are for `unicore --help`. */
const COMMANDS: Record<string, { describe: string; load: () => Command }> = {
  setup: { describe: 'build newlib, the runtime and libstdc++, and write the toolchain into PREFIX', load: () => require('./commands/setup') },
  env: { describe: 'print the shell settings for the toolchain: eval "$(unicore env)"', load: () => require('./commands/env') },
  platforms: { describe: 'list the platforms a program can be baked for', load: () => require('./commands/platforms') },
  run: { describe: 'boot an image like a local process: stdin, stdout, stderr and exit status', load: () => require('./commands/run') },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return 'usage: unicore <command> [options]\n\ncommands:\n'
    + Object.entries(COMMANDS).map(([name, c]) => `  unicore ${name.padEnd(width)}  ${c.describe}\n`).join('')
    + '\n`unicore <command> --help` shows the options of a command.\n';
}

const args = process.argv.slice(2);
const name = args[0];
const known = Object.prototype.hasOwnProperty.call(COMMANDS, name ?? '');
// Errors read "unicore setup: ..." when a command was named.
const prog = known ? `unicore ${name}` : 'unicore';

runCli(prog, async () => {
  if (name === '--help' || name === '-h') {
    process.stdout.write(overview());
    return 0;
  }
  if (!known) {
    process.stderr.write(`${overview()}\n`);
    throw new UserError(name === undefined ? 'name a command' : `unknown command '${name}': the commands are ${Object.keys(COMMANDS).join(', ')}`, 2);
  }
  const command = COMMANDS[name].load();
  const line = parseCommandLine(command.spec, args.slice(1), `see unicore ${name} --help`);
  if (line.help) {
    process.stdout.write(helpText(command.spec));
    return 0;
  }
  await command.main(line);
  // `unicore run` exits with the app's status itself; every other command ends here.
  return 0;
});

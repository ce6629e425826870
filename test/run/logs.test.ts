/**
 * Boot logs (issue 8, case 14): runs of programs with the same name at the
 * same time each write their own log, and NAME.log ends up holding one whole
 * run's log; nothing else is left in the log directory.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { bake, buildProgram, toolchainEnv, workdir } from '../support/unicore';

test('two runs of one program at once do not share a log file', async () => {
  const dir = workdir('logs');
  const image = await bake('kvm', await buildProgram('read_line', 'kvm', dir));
  const env = { ...toolchainEnv(), XDG_CACHE_HOME: path.join(dir, 'cache') };
  const logs = path.join(dir, 'cache', 'unicore', 'logs');
  // Both wait in read() until they get their line: they run at the same time.
  const runs = ['first', 'second'].map((marker) =>
    execa('unicore', ['run', image, '--', marker], { env, reject: false, stdin: 'pipe' }));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(fs.readdirSync(logs).sort()).toEqual(runs.map((r) => `read_line.${r.pid}.log`).sort());
  runs.forEach((r, i) => r.stdin!.end(`line ${i}\n`));
  const results = await Promise.all(runs);
  expect(results.map((r) => [r.exitCode, r.stdout])).toEqual([[0, 'got: line 0\nend of input'], [0, 'got: line 1\nend of input']]);
  expect(fs.readdirSync(logs)).toEqual(['read_line.log']);
  const commands = fs.readFileSync(path.join(logs, 'read_line.log'), 'utf8').split('\n').filter((l) => l.startsWith('$ '));
  expect(commands).toHaveLength(1);
  expect(commands[0]).toMatch(/ -- (first|second)'?  \(/);
});

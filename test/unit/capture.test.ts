/** lib/capture.ts: a tool's status and output, its input, and no tool left running when we exit. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from '../../lib/capture';

const REPO = path.resolve(__dirname, '..', '..');

test('status, stdout, stderr and both interleaved; input goes to stdin', async () => {
  const r = await capture('sh', ['-c', 'cat; echo err >&2; echo out; exit 3'], { input: 'in\n' });
  expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: 'in\nout\n', stderr: 'err\n' });
  // Two pipes: the order between them is whatever the reads met.
  expect(r.all.split('\n').sort()).toEqual(['', 'err', 'in', 'out']);
});

test('a signal, the working directory and the environment', async () => {
  const r = await capture('sh', ['-c', 'pwd; echo "$X"; kill -TERM $$'], { cwd: '/', env: { ...process.env, X: 'x' } });
  expect(r).toMatchObject({ exitCode: null, signal: 'SIGTERM', stdout: '/\nx\n' });
});

test('a tool that cannot be started rejects', async () => {
  await expect(capture('/nonexistent/tool', [])).rejects.toThrow('ENOENT');
});

test('a tool still running when the process exits is killed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unicore-capture-test-'));
  try {
    const pidFile = path.join(dir, 'pid');
    // Another Node process runs capture() (transpiled from the source), waits for the tool to start, and exits.
    execFileSync(process.execPath, ['-e', `
      const fs = require('fs');
      const ts = require('typescript');
      const js = ts.transpileModule(fs.readFileSync(${JSON.stringify(path.join(REPO, 'lib', 'capture.ts'))}, 'utf8'),
        { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
      const m = { exports: {} };
      new Function('exports', 'require', 'module', js)(m.exports, require, m);
      m.exports.capture('sh', ['-c', 'echo $$ > ${pidFile}.tmp && mv ${pidFile}.tmp ${pidFile} && exec sleep 30']);
      const wait = () => (fs.existsSync(${JSON.stringify(pidFile)}) ? process.exit(0) : setTimeout(wait, 20));
      wait();
    `], { cwd: REPO, timeout: 20000 });
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    const alive = () => { try { process.kill(pid, 0); return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); } catch { return false; } };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

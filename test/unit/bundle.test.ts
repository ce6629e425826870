/**
 * The build step that turns each CLI entry into one file (setup/bundle.ts):
 * the bundle behaves like the modules it holds, run by Node itself.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleText, plan } from '../../setup/bundle';

let root: string;
beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'unicore-bundle-test-')); });
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

test('modules keep their own __dirname, run once across bundles, load lazily, and built-ins stay Node\'s', () => {
  write({
    'bin/main.js': [
      '#!/usr/bin/env node',
      'const a = require("../lib/a");',
      'console.log(a.template(), a === require("../lib/a.js"), a.loads(), require("path").sep);',
      'function later() {',
      '  return require("../lib/late").late;',
      '}',
      'console.log(later(), a.loads());',
      '//# sourceMappingURL=main.js.map',
    ].join('\n'),
    'lib/a.js': [
      'let n = 0; n++;',
      'exports.loads = () => n;',
      'exports.template = () => require("fs").readFileSync(require("path").join(__dirname, "..", "templates", "t.txt"), "utf8");',
      'exports.shared = {};',
    ].join('\n'),
    'lib/late.js': 'const a = require("./a");\nconsole.log("late loaded");\nexports.late = a.shared === require(\'./a\').shared ? "shared" : "copied";',
    'templates/t.txt': 'from-template',
  });
  const bundles = plan(root, ['bin/main.js']);
  expect([...bundles].map(([head, modules]) => [head, modules.map((m) => m.id)])).toEqual([
    ['bin/main.js', ['bin/main.js', 'lib/a.js']],
    ['lib/late.js', ['lib/late.js', 'lib/a.js']],
  ]);
  const texts = [...bundles].map(([head, modules]) => [head, bundleText(head, modules, head === 'bin/main.js')]);
  expect(texts.map(([head, text]) => [head, text.startsWith('#!')])).toEqual([['bin/main.js', true], ['lib/late.js', false]]);
  // Only the bundles and the templates are left: no module is read from its own file.
  fs.rmSync(path.join(root, 'lib', 'a.js'));
  for (const [head, text] of texts) fs.writeFileSync(path.join(root, head), text);
  const out = execFileSync(process.execPath, [path.join(root, 'bin', 'main.js')], { encoding: 'utf8' });
  expect(out).toBe('from-template true 1 /\nlate loaded\nshared 1\n');
});

test('a relative require that names no file stops the build', () => {
  write({ 'bin/main.js': 'require("./missing");' });
  expect(() => plan(root, ['bin/main.js'])).toThrow("bin/main.js: cannot resolve require('./missing')");
});

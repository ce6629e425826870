/**
 * Build step after tsc: each CLI entry (dist/bin/unicore.js,
 * dist/bin/unicore-bake.js) and each module loaded lazily (a command's
 * module, bake's body, the toolstack harness) becomes one file holding the
 * compiled modules it loads at once, so that a command starts with a few file
 * reads instead of one per module (docs/architecture.md, "Start-up").
 *
 * Modules keep their own __filename and __dirname (templates are found beside
 * them) and run only when first required, once per process: every bundle
 * registers its modules with one loader (a global), which requires another
 * bundle's file for a module it does not hold yet. A `require` at the start of
 * a line is tsc's top-level import (loaded at once); an indented one is inside
 * a function (loaded lazily): its module starts a bundle of its own. Node's
 * built-in modules and node_modules stay ordinary requires.
 *
 *   node dist/setup/bundle.js [DIST_ROOT]
 */
import * as fs from 'fs';
import * as path from 'path';

export const ENTRIES = ['bin/unicore.js', 'bin/unicore-bake.js'];

/** require('...') with a literal name, as tsc writes imports and dynamic imports; group 1: what precedes it on its line. */
const REQUIRE = /^(.*?)\brequire\((["'])([^"'\n]+)\2\)/gm;

export interface Module { id: string; source: string; eager: Record<string, string>; lazy: Record<string, string> }

/** The module id (path from the dist root) a relative name resolves to, or undefined for a built-in or package. */
function resolveLocal(distRoot: string, from: string, name: string): string | undefined {
  if (!name.startsWith('.')) return undefined;
  const base = path.join(path.dirname(path.join(distRoot, from)), name);
  const file = [base, `${base}.js`, path.join(base, 'index.js')].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) throw new Error(`${from}: cannot resolve require('${name}')`);
  return path.relative(distRoot, file);
}

function readModule(distRoot: string, id: string): Module {
  const source = fs.readFileSync(path.join(distRoot, id), 'utf8')
    .replace(/^#!.*\n/, '')
    .replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  const mod: Module = { id, source, eager: {}, lazy: {} };
  for (const m of source.matchAll(REQUIRE)) {
    const dep = resolveLocal(distRoot, id, m[3]);
    if (dep !== undefined) (/^\s/.test(m[1]) ? mod.lazy : mod.eager)[m[3]] = dep;
  }
  return mod;
}

/**
 * The bundles: for each entry and each lazily loaded module, the modules it
 * loads at once (itself first).
 */
export function plan(distRoot: string, entries: readonly string[]): Map<string, Module[]> {
  const modules = new Map<string, Module>();
  const get = (id: string) => {
    if (!modules.has(id)) modules.set(id, readModule(distRoot, id));
    return modules.get(id)!;
  };
  const bundles = new Map<string, Module[]>();
  const pending = [...entries];
  while (pending.length) {
    const head = pending.shift()!;
    if (bundles.has(head)) continue;
    const members = new Map<string, Module>();
    const visit = (id: string) => {
      if (members.has(id)) return;
      const mod = get(id);
      members.set(id, mod);
      Object.values(mod.eager).forEach(visit);
      pending.push(...Object.values(mod.lazy));
    };
    visit(head);
    bundles.set(head, [...members.values()]);
  }
  return bundles;
}

/**
 * A bundle's text: the shared loader (set up by whichever bundle runs first),
 * its modules, and the head module's exports. Only a program (a CLI entry)
 * starts with #! (lintian: a file with #! must be executable).
 */
export function bundleText(head: string, modules: Module[], program: boolean): string {
  const up = path.relative(path.dirname(head), '.') || '.';
  const defs = modules.map((m) => `[${JSON.stringify(m.id)}, ${JSON.stringify({ ...m.eager, ...m.lazy })}, function (exports, require, module, __filename, __dirname) {\n${m.source}\n}]`);
  const shebang = program ? '#!/usr/bin/env node\n' : '';
  return `${shebang}"use strict";
// ${head} and the modules it loads at once, bundled by setup/bundle.ts.
const __loader = globalThis.__unicoreBundleLoader ??= ((root) => {
  const path = require("path");
  const defs = new Map();
  const done = new Map();
  const load = (id) => {
    let m = done.get(id);
    if (m) return m.exports;
    // Held by another bundle, which registers it (and what it loads at once) when required.
    if (!defs.has(id)) return require(path.join(root, id));
    const [, deps, body] = defs.get(id);
    const file = path.join(root, id);
    m = { exports: {}, id: file, filename: file, loaded: false };
    done.set(id, m);
    const local = (name) => (Object.prototype.hasOwnProperty.call(deps, name) ? load(deps[name]) : require(name));
    body.call(m.exports, m.exports, local, m, file, path.dirname(file));
    m.loaded = true;
    return m.exports;
  };
  return { defs, load };
})(require("path").join(__dirname, ${JSON.stringify(up)}));
for (const def of [
${defs.join(',\n')}
]) if (!__loader.defs.has(def[0])) __loader.defs.set(def[0], def);
module.exports = __loader.load(${JSON.stringify(head)});
`;
}

function main(): void {
  const distRoot = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
  // Every text first: a bundle is written over a module another bundle still has to read.
  const texts = [...plan(distRoot, ENTRIES)].map(([head, modules]) => [head, bundleText(head, modules, ENTRIES.includes(head))]);
  for (const [head, text] of texts) {
    const file = path.join(distRoot, head);
    const mode = fs.statSync(file).mode & 0o777;
    fs.writeFileSync(`${file}.tmp`, text, { mode });
    fs.renameSync(`${file}.tmp`, file);
    fs.rmSync(`${file}.map`, { force: true });   // tsc's map is of the head module alone
  }
}

if (require.main === module) main();

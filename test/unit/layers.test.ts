/**
 * The import rule of docs/architecture.md: bin/ -> setup/ -> toolchain/;
 * bin/ -> bake/, run/; all of them -> lib/. Nothing imports upward or
 * sideways, and no modules import each other in a circle.
 */
import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from '../../lib/fsutil';

const REPO = path.resolve(__dirname, '..', '..');
/** Each folder's layer: a module may import its own folder and folders of a later layer it is allowed to. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  bin: ['setup', 'toolchain', 'bake', 'run', 'lib'],
  setup: ['toolchain', 'lib'],
  toolchain: ['lib'],
  bake: ['lib'],
  run: ['lib'],
  lib: [],
};

/** Module (path from the repo, without .ts) -> the modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of Object.keys(MAY_IMPORT)) {
    for (const rel of listFiles(path.join(REPO, folder), (r) => !r.includes('.') || r.endsWith('.ts'))) {
      const file = path.join(REPO, folder, rel);
      const module = path.relative(REPO, file).replace(/\.ts$/, '');
      const targets = [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*'(\.[^']*)'/g)].map((m) => {
        const target = path.relative(REPO, path.resolve(path.dirname(file), m[1]));
        return fs.existsSync(path.join(REPO, `${target}.ts`)) ? target : path.join(target, 'index');
      });
      graph.set(module, targets);
    }
  }
  return graph;
}

const folderOf = (module: string) => module.split(path.sep)[0];

test('imports go only downward', () => {
  const wrong: string[] = [];
  for (const [module, targets] of importGraph()) {
    for (const target of targets) {
      const from = folderOf(module);
      const to = folderOf(target);
      if (from !== to && !MAY_IMPORT[from].includes(to)) wrong.push(`${module} -> ${target}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('no import cycles', () => {
  const graph = importGraph();
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (module: string, trail: string[]) => {
    if (state.get(module) === 'done') return;
    if (state.get(module) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(module)), module].join(' -> '));
      return;
    }
    state.set(module, 'open');
    for (const target of graph.get(module) ?? []) visit(target, [...trail, module]);
    state.set(module, 'done');
  };
  for (const module of graph.keys()) visit(module, []);
  expect(graph.size).toBeGreaterThan(40);
  expect(cycles).toEqual([]);
});

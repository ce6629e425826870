/**
 * The conformance lane (issue 12): `make check` of GNU sed, grep, m4, diffutils
 * and gzip built with --host=x86_64-unicore-kvm (their programs run here as the
 * linuxu build) next to the same suites built natively. Prints, per package,
 * the tests passed / failed / skipped; every test that passes natively but not
 * for unicore must be listed with its cause in packages/CONFORMANCE.md.
 *
 *   npm run test:conformance      (not part of `npm test`; all five packages)
 *   UNICORE_CONFORMANCE_PACKAGES="sed gzip" npm run test:conformance   (.ci/run:
 *   the two quickest; all five would put CI past its budget, packages/CONFORMANCE.md)
 *
 * With UNICORE_NATIVE_RESULTS=recorded (.ci/run) the native side is the one
 * recorded in packages/NAME/native.results instead of a build of its own
 * (packages/check); without it, the native side is built and must match the
 * recorded file, so a stale one is found by the next full run.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { REPO, toolchainEnv, workdir } from '../support/unicore';

const ALL = ['sed', 'grep', 'm4', 'diffutils', 'gzip'];
/** UNICORE_CONFORMANCE_PACKAGES="sed grep" runs only those (.ci/run: a subset, for time). */
const PACKAGES = (process.env.UNICORE_CONFORMANCE_PACKAGES ?? '').split(/\s+/).filter(Boolean);
for (const name of PACKAGES) {
  if (!ALL.includes(name)) throw new Error(`UNICORE_CONFORMANCE_PACKAGES names '${name}': the lane knows ${ALL.join(', ')}`);
}
if (!PACKAGES.length) PACKAGES.push(...ALL);

interface Outcome { test: string; native: string; unicore: string }

function parse(stdout: string): Outcome[] {
  return stdout.trim().split('\n').filter(Boolean).map((line) => {
    const [test, native, unicore] = line.split('\t');
    return { test, native, unicore };
  });
}

/** `pkg test` names listed in CONFORMANCE.md (backquoted at the start of a list item). */
function explained(): Set<string> {
  const text = fs.readFileSync(path.join(REPO, 'packages', 'CONFORMANCE.md'), 'utf8');
  return new Set([...text.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]));
}

/** "BUILD + CHECK" seconds of one side, from packages/check's SIDE.times ("- -": recorded results). */
function times(dir: string, side: string): string {
  const [build, check] = fs.readFileSync(path.join(dir, `${side}.times`), 'utf8').trim().split(' ');
  return build === '-' ? 'recorded' : `${build} + ${check}`;
}

const RECORDED = process.env.UNICORE_NATIVE_RESULTS === 'recorded';

const count = (outcomes: Outcome[], side: 'native' | 'unicore', ...results: string[]) =>
  outcomes.filter((o) => results.includes(o[side])).length;

describe('make check, unicore next to native', () => {
  const rows: string[][] = [];
  let passedNatively = 0;
  let passedBoth = 0;

  afterAll(() => {
    const header = ['package', 'native pass/fail/skip', 'unicore pass/fail/skip', 'native passes kept', 'build + check (s), native / unicore'];
    const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
    const total = passedNatively ? (100 * passedBoth / passedNatively).toFixed(1) : '-';
    process.stdout.write(`\n${table}\n\nall: ${passedBoth} of ${passedNatively} natively passing tests pass for unicore (${total} %)\n`);
  });

  test.each(PACKAGES)('%s', async (name) => {
    const dir = workdir(`check-${name}`);
    const r = await execa(path.join(REPO, 'packages', 'check'), [name, dir], {
      env: toolchainEnv(), reject: false,
    });
    if (r.exitCode !== 0) throw new Error(`packages/check ${name} failed:\n${r.stderr}`);
    const outcomes = parse(r.stdout);
    const triple = (side: 'native' | 'unicore') =>
      `${count(outcomes, side, 'PASS', 'XFAIL')}/${count(outcomes, side, 'FAIL', 'ERROR', 'XPASS')}/${count(outcomes, side, 'SKIP')}`;
    const good = (s: string) => s === 'PASS' || s === 'XFAIL';
    const native = outcomes.filter((o) => good(o.native));
    const kept = native.filter((o) => good(o.unicore));
    passedNatively += native.length;
    passedBoth += kept.length;
    rows.push([name, triple('native'), triple('unicore'), `${kept.length}/${native.length}`, `${times(dir, 'native')} / ${times(dir, 'kvm')}`]);
    expect(native.length).toBeGreaterThan(0);
    const recordedFile = path.join(REPO, 'packages', name, 'native.results');
    if (!RECORDED && fs.existsSync(recordedFile)) {
      // The file CI uses instead of a native build: it must still say what a native build does here.
      expect({ file: recordedFile, results: fs.readFileSync(path.join(dir, 'native.results'), 'utf8') })
        .toEqual({ file: recordedFile, results: fs.readFileSync(recordedFile, 'utf8') });
    }
    const listed = explained();
    const unexplained = native.filter((o) => !good(o.unicore) && !listed.has(`${name} ${o.test}`))
      .map((o) => `${name} ${o.test}: ${o.unicore}`);
    expect(unexplained).toEqual([]);
  }, 40 * 60 * 1000);
});

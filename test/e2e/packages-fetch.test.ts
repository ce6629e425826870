/**
 * packages/fetch: where a recipe's tarball is looked for ($UNICORE_DISTDIR,
 * ../shared/distfiles, the download cache, in that order), the sha256 refusal,
 * and the one-line error when it is missing and downloading is not allowed.
 * Nothing here downloads (UNICORE_OFFLINE=1 throughout).
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';
import { DISTFILES, REPO, tmpdir } from '../support/unicore';

const HELLO = 'hello-2.10.tar.gz';

async function fetch(fetchScript: string, env: NodeJS.ProcessEnv) {
  return execa(fetchScript, ['hello'], { env: { ...process.env, UNICORE_OFFLINE: '1', UNICORE_DISTDIR: '', ...env }, reject: false });
}

describe('packages/fetch', () => {
  let base: string;
  let lone: string;  // a copy of packages/ with no ../shared beside it
  let cache: string;

  beforeAll(() => {
    base = tmpdir('fetch');
    lone = path.join(base, 'clone', 'unicore', 'packages');
    fs.mkdirSync(path.join(lone, 'hello'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'packages', 'fetch'), path.join(lone, 'fetch'));
    fs.chmodSync(path.join(lone, 'fetch'), 0o755);
    fs.copyFileSync(path.join(REPO, 'packages', 'hello', 'recipe'), path.join(lone, 'hello', 'recipe'));
    cache = path.join(base, 'xdg');
  });

  test('UNICORE_DISTDIR comes first, then ../shared/distfiles', async () => {
    const dist = path.join(base, 'dist');
    fs.mkdirSync(dist);
    let r = await fetch(path.join(REPO, 'packages', 'fetch'), { UNICORE_DISTDIR: dist, XDG_CACHE_HOME: cache });
    expect(r.stdout).toBe(path.join(DISTFILES, HELLO));
    fs.copyFileSync(path.join(DISTFILES, HELLO), path.join(dist, HELLO));
    r = await fetch(path.join(REPO, 'packages', 'fetch'), { UNICORE_DISTDIR: dist, XDG_CACHE_HOME: cache });
    expect(r.stdout).toBe(path.join(dist, HELLO));
    expect(r.exitCode).toBe(0);
    fs.rmSync(dist, { recursive: true });
  });

  test('without ../shared, the download cache is searched last', async () => {
    const cached = path.join(cache, 'unicore', 'distfiles');
    fs.mkdirSync(cached, { recursive: true });
    fs.copyFileSync(path.join(DISTFILES, HELLO), path.join(cached, HELLO));
    const r = await fetch(path.join(lone, 'fetch'), { XDG_CACHE_HOME: cache });
    expect(r.stdout).toBe(path.join(cached, HELLO));
    fs.rmSync(cache, { recursive: true });
  });

  test('a file that does not match the sha256 is refused, even with a good one further on', async () => {
    const dist = path.join(base, 'bad');
    fs.mkdirSync(dist);
    fs.writeFileSync(path.join(dist, HELLO), 'not hello\n');
    const r = await fetch(path.join(REPO, 'packages', 'fetch'), { UNICORE_DISTDIR: dist, XDG_CACHE_HOME: cache });
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`packages/fetch: ${path.join(dist, HELLO)} does not match the sha256 of packages/hello/recipe: ` +
      `refusing it (remove it, or put the right ${HELLO} there)`);
  });

  test('missing everywhere and not allowed to download: one line naming where to put it, nothing written', async () => {
    const r = await fetch(path.join(lone, 'fetch'), { XDG_CACHE_HOME: cache });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^packages\/fetch: missing source hello-2\.10\.tar\.gz and UNICORE_OFFLINE=1 forbids downloading: put hello-2\.10\.tar\.gz in \$UNICORE_DISTDIR/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(cache)).toBe(false);
  });

  test('every recipe names its tarball, sha256 and Debian origin', () => {
    for (const name of fs.readdirSync(path.join(REPO, 'packages'))) {
      const recipe = path.join(REPO, 'packages', name, 'recipe');
      if (!fs.existsSync(recipe)) continue;
      const text = fs.readFileSync(recipe, 'utf8');
      expect({ name, ok: /^distfile=\S+$/m.test(text) && /^sha256=[0-9a-f]{64}$/m.test(text) && /^origin=debian:pool\/main\/\S+$/m.test(text) })
        .toEqual({ name, ok: true });
    }
  });
});

/**
 * Jest global setup: builds the toolchain the tests use with the real
 * `unicore setup` (incremental, so a re-run with nothing changed takes a moment).
 * The prefix is $UNICORE_TEST_PREFIX if set, else <repo>/.test-prefix.
 * $UNICORE_TEST_PLATFORMS (e.g. "kvm linuxu") limits the platforms built.
 * It also makes the run's directory of shared builds (sharedPackage() in
 * unicore.ts), once for all the run's projects; global-teardown.ts removes it.
 */
import * as fs from 'fs';
import * as path from 'path';
import execa from 'execa';

export default async function globalSetup(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..');
  const prefix = path.resolve(process.env.UNICORE_TEST_PREFIX || path.join(repo, '.test-prefix'));
  const args = ['setup', '--prefix', prefix];
  if (process.env.UNICORE_TEST_PLATFORMS) args.push('--platforms', process.env.UNICORE_TEST_PLATFORMS);
  // Tests never download: lwIP comes from the shared distfiles (the same file as Debian's).
  const lwip = path.resolve(repo, '..', 'shared', 'distfiles', 'lwip-2.1.3.dfsg1.tar.xz');
  if (fs.existsSync(lwip)) args.push('--lwip', lwip);
  process.stderr.write(`\nglobal setup: bin/unicore ${args.join(' ')}\n`);
  const r = await execa(path.join(repo, 'bin', 'unicore'), args, { stdio: 'inherit', reject: false });
  if (r.exitCode !== 0) throw new Error(`unicore setup --prefix ${prefix} failed (exit ${r.exitCode}); see its message above`);
  process.env.UNICORE_TEST_PREFIX = prefix;
  if (process.env.UNICORE_TEST_SHARED_OWNER !== String(process.pid)) {
    const work = path.join(repo, '.work');
    fs.mkdirSync(work, { recursive: true });
    process.env.UNICORE_TEST_SHARED = fs.mkdtempSync(path.join(work, 'shared-builds-'));
    process.env.UNICORE_TEST_SHARED_OWNER = String(process.pid);
  }
}

/**
 * POSIX threads for the one thread unicore runs (test/programs/threads.c):
 * mutexes of every type, rwlocks, spin locks, barriers, once, conditions
 * whose timed wait really sleeps until its deadline, pthread_create failing
 * with EAGAIN, keys and cleanup handlers run by pthread_exit from main
 * (status 0); links that ask for -lpthread -ldl -lrt...; and configure's
 * pthread checks; on each platform, booted for real.
 */
import * as fs from 'fs';
import * as path from 'path';
import { bake, PROGRAMS, run, sh, workdir } from '../support/unicore';

const PLATFORMS = ['linuxu', 'kvm'];

describe.each(PLATFORMS)('threads on %s', (platform) => {
  let dir: string;
  let image: string;

  beforeAll(async () => {
    dir = workdir(`threads-${platform}`);
    const out = path.join(dir, 'threads');
    // The libraries glibc programs name must link (empty archives, like musl's).
    const cc = await sh(
      `x86_64-unicore-${platform}-gcc -O2 -Wall -pthread -o ${out} ${path.join(PROGRAMS, 'threads.c')} ` +
        '-lpthread -ldl -lrt -lutil -lresolv -lcrypt -lxnet',
      dir,
    );
    expect(cc.stderr).toBe('');
    expect(cc.exitCode).toBe(0);
    image = await bake(platform, out);
  });

  test('locks, conditions and the one thread behave as POSIX says', async () => {
    const r = await run(image, { args: ['sync'] });
    const out = r.stdout.toString();
    expect(out).not.toContain('FAIL');
    expect(out).toMatch(/^timedwait clock 1: \d+ ms$/m);
    expect(out).toMatch(/^timedwait clock 4: \d+ ms$/m);
    expect(out).toContain('sync ok\n');
    expect(r.exitCode).toBe(0);
  });

  test('pthread_exit from main runs cleanup handlers and key destructors, then exits 0', async () => {
    const r = await run(image, { args: ['exit'] });
    expect(r.stdout.toString()).toBe(
      'cleanup: run by pthread_exit\n' +
        "destructor: the key's value\n" +
        'exit ok\n' +
        'atexit: after the destructors\n',
    );
    expect(r.exitCode).toBe(0);
  });
});

describe('configure finds pthreads', () => {
  test('AC_SEARCH_LIBS(pthread_create, pthread) and AC_CHECK_FUNCS(pthread_mutex_lock)', async () => {
    const dir = workdir('threads-configure');
    fs.writeFileSync(
      path.join(dir, 'configure.ac'),
      [
        'AC_INIT([threads], [1])',
        'AC_PROG_CC',
        'AC_SEARCH_LIBS([pthread_create], [pthread])',
        'AC_CHECK_FUNCS([pthread_mutex_lock pthread_cond_timedwait pthread_key_create])',
        'AC_CHECK_HEADERS([pthread.h])',
        'AC_OUTPUT',
        '',
      ].join('\n'),
    );
    const r = await sh('autoconf && ./configure --host=x86_64-unicore-kvm', dir);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/checking for library containing pthread_create\.\.\. none required/);
    expect(r.stdout).toMatch(/checking for pthread_mutex_lock\.\.\. yes/);
    expect(r.stdout).toMatch(/checking for pthread_cond_timedwait\.\.\. yes/);
    expect(r.stdout).toMatch(/checking for pthread_key_create\.\.\. yes/);
    expect(r.stdout).toMatch(/checking for pthread\.h\.\.\. yes/);
  });
});

/**
 * POSIX threads (test/programs/threads.c), booted for real on every platform:
 * the calling thread alone (locks, conditions whose timed wait sleeps until
 * its deadline, waits nobody could end answering EDEADLK); many threads
 * (producer/consumer with a checked total, __thread and errno per thread,
 * join values, detached threads, key destructors, cancellation, semaphores,
 * barriers, rwlocks, once); timed waits against another thread that time
 * out neither early nor absurdly late; a spinning thread that does not
 * starve the others (timer preemption) and whose CPU-time clock
 * (pthread_getcpuclockid) counts its share; pthread_exit from main running
 * cleanup handlers and key destructors; a thread's stack overflow reported
 * as a crash naming the thread. Also: -lpthread & co. link, and configure's
 * pthread checks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { bake, PROGRAMS, run, sh, testPlatforms, workdir } from '../support/unicore';

const PLATFORMS = testPlatforms(['linuxu', 'kvm', 'xen', 'baremetal']);
const TIMED_MS = 500;

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

  test('one thread, then many: locks, conditions, TLS, errno, joins, detach, keys, cancel, semaphores, timed waits, a spinner', async () => {
    const r = await run(image, { args: ['sync', 'work', 'timed', 'spin'] });
    const out = r.stdout.toString();
    expect(out).not.toContain('FAIL');
    expect(r.stderr).not.toContain('crash');
    // Alone: a timed condition wait sleeps until its deadline on both clocks.
    expect(out).toMatch(/^timedwait clock 1: \d+ ms$/m);
    expect(out).toMatch(/^timedwait clock 4: \d+ ms$/m);
    expect(out).toContain('sync ok\n');
    expect(out).toContain('producer/consumer: 20000 items, total 200010000\n');
    expect(out).toContain('tls and errno: distinct per thread\n');
    expect(out).toContain('detached: 6 ran\n');
    expect(out).toContain('keys: destructors ran for 4 threads\n');
    expect(out).toContain('cancel: cond wait, sleep, testcancel\n');
    expect(out).toContain('semaphores: 1000 round trips\n');
    for (let w = 0; w < 4; w++) expect(out).toContain(`worker ${w} says hello from stdio\n`);
    expect(out).toContain('work ok\n');
    // Timed waits on a lock another thread holds: not early, not absurdly late
    // (the guest's own clock; 10 % on linuxu, more slack under QEMU TCG).
    const late = platform === 'linuxu' ? 1.1 : 2;
    for (const what of ['mutex_timedlock', 'cond_timedwait monotonic', 'cond_timedwait realtime', 'sem_timedwait', 'timedjoin']) {
      const m = new RegExp(`^${what}: (\\d+) ms$`, 'm').exec(out);
      expect(m).not.toBeNull();
      const ms = Number(m![1]);
      expect(ms).toBeGreaterThanOrEqual(TIMED_MS);
      expect(ms).toBeLessThanOrEqual(TIMED_MS * late);
    }
    expect(out).toContain('timed ok\n');
    // A thread that never blocks: the others still run (timer preemption).
    expect(out).toMatch(/^main and a sleeper ran beside a spinner: \d+ ms$/m);
    expect(out).toContain('spin ok\n');
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

  test("a thread's stack overflow is a crash (139) that names the thread", async () => {
    const r = await run(image, { args: ['overflow'] });
    expect(r.stdout.toString()).not.toContain('FAIL');
    expect(r.stderr).toMatch(/unicore: crash: .*stack overflow/);
    expect(r.stderr).toMatch(/^unicore: in thread 2 \(deep\)$/m);
    expect(r.exitCode).toBe(139);
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
        'AC_CHECK_FUNCS([pthread_mutex_lock pthread_cond_timedwait pthread_key_create sem_timedwait])',
        'AC_CHECK_HEADERS([pthread.h semaphore.h])',
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
    expect(r.stdout).toMatch(/checking for sem_timedwait\.\.\. yes/);
    expect(r.stdout).toMatch(/checking for pthread\.h\.\.\. yes/);
    expect(r.stdout).toMatch(/checking for semaphore\.h\.\.\. yes/);
  });
});

// Sockets from several threads at once (lwIP on kvm and baremetal, the host's
// on linuxu) while another thread churns malloc: the stack is never entered
// by two threads, and malloc is locked (newlib's empty stand-in locks were
// linked before, and heaps broke under preemption).
describe.each(testPlatforms(['linuxu', 'kvm', 'baremetal']))('threads on sockets on %s', (platform) => {
  test('4 client threads echo 128 KiB each through a threaded server on 127.0.0.1, byte for byte', async () => {
    const dir = workdir(`net-threads-${platform}`);
    const out = path.join(dir, 'net_threads');
    const cc = await sh(`x86_64-unicore-${platform}-gcc -O2 -Wall -pthread -o ${out} ${path.join(PROGRAMS, 'net_threads.c')}`, dir);
    expect(cc.stderr).toBe('');
    const image = await bake(platform, out);
    const r = await run(image, { runFlags: platform === 'linuxu' ? [] : ['--net', 'none'], timeoutMs: 120000 });
    expect(r.stderr).not.toContain('crash');
    expect(r.stdout.toString()).toBe('net threads: 4 clients echoed 131072 bytes each ok\n');
    expect(r.exitCode).toBe(0);
  });
});

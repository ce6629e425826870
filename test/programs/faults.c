/* Synchronous faults caught by the program: SA_SIGINFO handlers on an
 * alternate stack (sigaltstack), si_addr and si_code, the glibc-layout
 * ucontext_t, leaving with siglongjmp or returning to retry the access
 * (after mprotect made it possible). Prints one line per case. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static char altstack[64 * 1024] __attribute__((aligned(16)));
static sigjmp_buf back;
static volatile int got_sig, got_code, on_alt, resume_mode, calls;
static void *volatile got_addr;
static volatile uintptr_t got_sp, got_rip;
static char *volatile page;

static void handler(int sig, siginfo_t *si, void *context)
{
	ucontext_t *uc = context;
	char local;

	calls++;
	got_sig = sig;
	got_code = si->si_code;
	got_addr = si->si_addr;
	got_sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	got_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	on_alt = &local >= altstack && &local < altstack + sizeof altstack;
	if (resume_mode) {
		/* Make the page writable and return: the write is retried. */
		mprotect(page, 4096, PROT_READ | PROT_WRITE);
		return;
	}
	siglongjmp(back, 1);
}

/* SA_RESETHAND: runs once and returns; the retried access then meets the
 * default action, a crash report and status 139. */
static void once(int sig, siginfo_t *si, void *context)
{
	static const char msg[] = "once: handler ran\n";
	write(1, msg, sizeof msg - 1);
}

#pragma GCC diagnostic ignored "-Winfinite-recursion"
#pragma GCC diagnostic ignored "-Warray-bounds"
static int recurse(int n)
{
	volatile char buf[512];

	memset((char *)buf, n, sizeof buf);
	return recurse(n + 1) + buf[n % sizeof buf];
}

static const char *yes(int v)
{
	return v ? "yes" : "no";
}

int main(int argc, char **argv)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
	struct sigaction sa;
	volatile int zero = 0, thousand = 1000, r = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (sigaltstack(&ss, NULL) != 0) {
		perror("sigaltstack");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	if (argc > 1) {
		sa.sa_sigaction = once;
		sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
		sigaction(SIGSEGV, &sa, NULL);
		*(volatile int *)(uintptr_t)16 = 1;
		printf("once: no crash\n");
		return 0;
	}
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) || sigaction(SIGBUS, &sa, NULL) || sigaction(SIGFPE, &sa, NULL)) {
		perror("sigaction");
		return 1;
	}

	/* 1. A NULL dereference. */
	if (sigsetjmp(back, 1) == 0) {
		volatile int *p = (volatile int *)(uintptr_t)16;
		*p = 1;
		printf("null: no fault\n");
	} else {
		printf("null: caught %s code %d addr %s altstack %s rip %s\n",
		       got_sig == SIGSEGV ? "SIGSEGV" : "other", got_code,
		       got_addr == (void *)16 ? "ok" : "wrong", yes(on_alt), yes(got_rip != 0));
	}

	/* 2. A stack overflow: only the alternate stack can take the handler. */
	if (sigsetjmp(back, 1) == 0) {
		r = recurse(0);
		printf("overflow: returned %d\n", r);
	} else {
		uintptr_t a = (uintptr_t)got_addr;
		printf("overflow: caught %s altstack %s near-sp %s\n",
		       got_sig == SIGSEGV ? "SIGSEGV" : "other", yes(on_alt),
		       yes(a < got_sp + 4096 && a + 65536 > got_sp));
	}

	/* 3. A write to a page mprotect made read-only. */
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || mprotect(page, 4096, PROT_READ) != 0) {
		perror("mmap/mprotect");
		return 1;
	}
	page[4096 + 8] = 7;                     /* the second page is still writable */
	if (sigsetjmp(back, 1) == 0) {
		*(volatile char *)(page + 100) = 42;
		printf("mprotect: no fault\n");
	} else {
		printf("mprotect: caught %s code %d addr %s read %d\n",
		       got_sig == SIGSEGV ? "SIGSEGV" : "other", got_code,
		       got_addr == page + 100 ? "ok" : "wrong", page[100]);
	}

	/* 4. The same, but the handler makes the page writable and returns. */
	mprotect(page, 4096, PROT_NONE);
	resume_mode = 1;
	calls = 0;
	*(volatile char *)(page + 200) = 42;
	resume_mode = 0;
	printf("resume: handler ran %d time(s), value %d\n", calls, page[200]);
	munmap(page, 2 * 4096);

	/* 5. An integer division by zero. */
	if (sigsetjmp(back, 1) == 0) {
		r = thousand / zero;
		printf("fpe: no fault (%d)\n", r);
	} else {
		printf("fpe: caught %s code %d addr-is-rip %s\n",
		       got_sig == SIGFPE ? "SIGFPE" : "other", got_code,
		       yes((uintptr_t)got_addr == got_rip));
	}

	/* 6. The mask is back after siglongjmp: a second NULL fault is caught. */
	if (sigsetjmp(back, 1) == 0) {
		*(volatile int *)(uintptr_t)32 = 1;
	} else {
		printf("again: caught addr %s\n", got_addr == (void *)32 ? "ok" : "wrong");
	}
	printf("done\n");
	return 0;
}

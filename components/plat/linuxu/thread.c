/*
 * What threads need from Linux: the thread pointer (arch_prctl), guard
 * pages (mprotect) and the preemption tick: ITIMER_VIRTUAL, whose
 * SIGVTALRM comes only while the process runs on the CPU (a sleeping
 * program gets none). The handler runs on the interrupted thread's stack
 * with the kernel's signal frame holding its registers and FPU state, and
 * may switch threads (SA_NODEFER: the next tick can arrive in whichever
 * thread runs next; the runtime ignores ticks in its own code).
 */
#include <unicore/plat.h>
#include "syscall.h"

#define SYS_mprotect 10
#define SYS_setitimer 38
#define LX_ITIMER_VIRTUAL 1
#define LX_SIGVTALRM 26
#define LX_SA_SIGINFO 0x4
#define LX_SA_RESTART 0x10000000
#define LX_SA_RESTORER 0x04000000
#define LX_SA_NODEFER 0x40000000
#define UC_RIP_OFFSET (40 + 16 * 8)   /* in the kernel's ucontext */

void linuxu_sigreturn(void);

void plat_set_thread_pointer(uintptr_t tp)
{
	lx_syscall(SYS_arch_prctl, LX_ARCH_SET_FS, tp, 0);
}

/* The guard pages, so that a fault in one is reported as a stack overflow
 * (a slot holds a page address; 0 is free). */
#define GUARDS 512
static uintptr_t guards[GUARDS];

static void remember(uintptr_t page, int guard)
{
	for (int i = 0; i < GUARDS; i++) {
		if (guards[i] == page) {
			guards[i] = guard ? page : 0;
			return;
		}
	}
	for (int i = 0; guard && i < GUARDS; i++) {
		if (guards[i] == 0) {
			guards[i] = guard ? page : 0;
			return;
		}
	}
}

int linuxu_in_guard(uintptr_t addr)
{
	for (int i = 0; i < GUARDS; i++)
		if (guards[i] && addr - guards[i] < 4096)
			return 1;
	return 0;
}

/* PLAT_PROT_* are Linux's PROT_READ and PROT_WRITE. */
int plat_protect_page(uintptr_t page, int prot)
{
	long r = lx_syscall(SYS_mprotect, page, 4096, prot & (PLAT_PROT_READ | PLAT_PROT_WRITE));
	if (r < 0)
		return (int)r;
	remember(page, prot == PLAT_PROT_NONE);
	return 0;
}

static void on_tick(int sig, void *info, void *context)
{
	uc_preempt_tick(*(const uintptr_t *)((const char *)context + UC_RIP_OFFSET));
}

int plat_preempt_timer(uint64_t slice_ns)
{
	static int installed;
	struct lx_timeval { long sec, usec; } period = {
		(long)(slice_ns / 1000000000u), (long)(slice_ns % 1000000000u / 1000),
	};
	struct { struct lx_timeval interval, value; } it = { period, period };
	struct { void (*h)(int, void *, void *); unsigned long flags; void (*r)(void); unsigned long mask; } sa = {
		on_tick, LX_SA_SIGINFO | LX_SA_RESTART | LX_SA_RESTORER | LX_SA_NODEFER, linuxu_sigreturn, 0,
	};

	if (!installed && slice_ns) {
		long r = lx_syscall4(SYS_rt_sigaction, LX_SIGVTALRM, &sa, 0, 8);
		if (r < 0)
			return (int)r;
		installed = 1;
	}
	return (int)lx_syscall(SYS_setitimer, LX_ITIMER_VIRTUAL, &it, 0);
}

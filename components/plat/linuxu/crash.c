/*
 * Faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE), taken on an alternate stack so
 * that a stack overflow can be handled too, go to the runtime (uc_fault),
 * which runs the program's handler and resumes the program itself; without
 * one they become a crash report through the runtime (uc_crash) and
 * plat_exit dies of the same signal.
 */
#include <string.h>
#include <unicore/plat.h>
#include "syscall.h"

#define LX_SIGILL 4
#define LX_SIGBUS 7
#define LX_SIGFPE 8
#define LX_SIGSEGV 11
#define LX_SA_SIGINFO 0x4
#define LX_SA_ONSTACK 0x08000000
#define LX_SA_RESTORER 0x04000000
#define LX_SA_NODEFER 0x40000000
/* Offsets in the kernel's siginfo and ucontext for x86_64. */
#define SI_CODE_OFFSET 8
#define SI_ADDR_OFFSET 16
#define UC_GREGS_OFFSET 40
#define UC_FPREGS_OFFSET (40 + 23 * 8)
#define UC_RIP_OFFSET (40 + 16 * 8)

struct lx_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

void linuxu_sigreturn(void);

static char altstack[65536] __attribute__((aligned(16)));
static volatile int crash_signal;

int linuxu_crash_signal(void)
{
	return crash_signal;
}

static uint64_t read_word(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

static char *put_hex(char *p, uint64_t v)
{
	int shift = 60;

	p = put_str(p, "0x");
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = "0123456789abcdef"[v >> shift & 15];
	return p;
}

static const char *describe(int sig)
{
	switch (sig) {
	case LX_SIGSEGV: return "SIGSEGV (segmentation fault: page fault or protection fault)";
	case LX_SIGBUS: return "SIGBUS (bus error)";
	case LX_SIGILL: return "SIGILL (invalid opcode)";
	default: return "SIGFPE (divide error)";
	}
}

static int status_of(int sig)
{
	switch (sig) {
	case LX_SIGILL: return UC_STATUS_ILL;
	case LX_SIGFPE: return UC_STATUS_FPE;
	default: return UC_STATUS_SEGV;      /* SIGSEGV and SIGBUS alike */
	}
}

static void on_fault(int sig, void *info, void *context)
{
	static char report[200];
	char *p = report;

	uintptr_t addr = read_word((const char *)info + SI_ADDR_OFFSET);
	struct uc_fault f = {
		.kind = sig == LX_SIGSEGV ? UC_FAULT_SEGV : sig == LX_SIGBUS ? UC_FAULT_BUS :
			sig == LX_SIGFPE ? UC_FAULT_FPE : UC_FAULT_ILL,
		.addr = addr,
		.fpu = (const void *)(uintptr_t)read_word((const char *)context + UC_FPREGS_OFFSET),
	};
	int32_t code;

	/* The kernel's gregs are in glibc's order (glibc copies them). */
	memcpy(&code, (const char *)info + SI_CODE_OFFSET, sizeof code);
	f.code = code;
	memcpy(f.gregs, (const char *)context + UC_GREGS_OFFSET, sizeof f.gregs);
	if (!crash_signal)
		uc_fault(&f);
	crash_signal = sig;
	p = put_str(p, "unicore: crash: ");
	p = put_str(p, describe(sig));
	if (sig == LX_SIGSEGV && linuxu_in_guard(addr))
		p = put_str(p, ": stack overflow");
	p = put_str(p, " at address ");
	p = put_hex(p, addr);
	p = put_str(p, ", rip ");
	p = put_hex(p, read_word((const char *)context + UC_RIP_OFFSET));
	*p = 0;
	uc_crash(report, sig == LX_SIGBUS ? 128 + 7 : status_of(sig));
}

void linuxu_crash_init(void)
{
	static const int signals[] = { LX_SIGSEGV, LX_SIGBUS, LX_SIGILL, LX_SIGFPE };
	struct { void *sp; int flags; size_t size; } stack = { altstack, 0, sizeof altstack };
	struct lx_sigaction sa = {
		.handler = on_fault,
		.flags = LX_SA_SIGINFO | LX_SA_ONSTACK | LX_SA_RESTORER | LX_SA_NODEFER,
		.restorer = linuxu_sigreturn,
	};

	lx_syscall(SYS_sigaltstack, &stack, 0, 0);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		lx_syscall4(SYS_rt_sigaction, signals[i], &sa, 0, 8);
}

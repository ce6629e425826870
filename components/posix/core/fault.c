/*
 * Synchronous faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL) delivered to the
 * program's handlers, and the alternate signal stack. The platform reports a
 * fault with the interrupted registers (uc_fault, plat.h); if the program has
 * a handler, the frame a Linux kernel would build (siginfo_t, a glibc-layout
 * ucontext_t with the registers and the FXSAVE image) goes on the alternate
 * stack (SA_ONSTACK and sigaltstack) or below the interrupted stack, the
 * handler runs there, and the program resumes from the ucontext's registers
 * (by default, re-executing the faulting instruction), without returning to
 * the platform: its fault stack (the IST stack, the host's signal stack)
 * may be needed again by a fault in the handler. A handler may also
 * siglongjmp away. The alternate stack is the process's, not per thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <unicore/plat.h>
#include "core.h"

/* Below the interrupted stack pointer: the red zone (unused with
 * -mno-red-zone, skipped anyway) and the 16 bytes uc_fault_resume writes. */
#define SKIP 384

struct frame {
	ucontext_t uc;
	siginfo_t si;
	struct sigaction sa;
	unsigned char fx[512] __attribute__((aligned(64)));
};

static stack_t alt = { .ss_flags = SS_DISABLE };
static volatile int delivering;

_Noreturn void uc_fault_switch(void *arg, void (*fn)(void *), uintptr_t sp);
_Noreturn void uc_fault_resume(const greg_t *gregs, const void *fx);

__asm__(
	"	.text\n"
	"	.globl uc_fault_switch\n"
	"	.type uc_fault_switch, @function\n"
	/* fn(arg) on the stack ending at sp (16-byte aligned); fn never returns. */
	"uc_fault_switch:\n"
	"	movq %rdx, %rsp\n"
	"	xorl %ebp, %ebp\n"
	"	callq *%rsi\n"
	"	ud2\n"
	"	.size uc_fault_switch, . - uc_fault_switch\n"
	"	.globl uc_fault_resume\n"
	"	.type uc_fault_resume, @function\n"
	/* Loads the FPU/SSE state and every register from gregs (glibc's
	 * order): RFLAGS and RIP go just below the red zone of the target
	 * stack, popfq and ret $128 take them and land RSP where it was. */
	"uc_fault_resume:\n"
	"	fxrstor64 (%rsi)\n"
	"	movq 120(%rdi), %rax\n"
	"	subq $144, %rax\n"
	"	movq 136(%rdi), %rcx\n"
	"	movq %rcx, (%rax)\n"
	"	movq 128(%rdi), %rcx\n"
	"	movq %rcx, 8(%rax)\n"
	"	movq %rax, %rsp\n"
	"	movq 0(%rdi), %r8\n"
	"	movq 8(%rdi), %r9\n"
	"	movq 16(%rdi), %r10\n"
	"	movq 24(%rdi), %r11\n"
	"	movq 32(%rdi), %r12\n"
	"	movq 40(%rdi), %r13\n"
	"	movq 48(%rdi), %r14\n"
	"	movq 56(%rdi), %r15\n"
	"	movq 72(%rdi), %rsi\n"
	"	movq 80(%rdi), %rbp\n"
	"	movq 88(%rdi), %rbx\n"
	"	movq 96(%rdi), %rdx\n"
	"	movq 104(%rdi), %rax\n"
	"	movq 112(%rdi), %rcx\n"
	"	movq 64(%rdi), %rdi\n"
	"	popfq\n"
	"	retq $128\n"
	"	.size uc_fault_resume, . - uc_fault_resume\n");

static int on_alt(uintptr_t sp)
{
	return !(alt.ss_flags & SS_DISABLE) && sp > (uintptr_t)alt.ss_sp &&
		sp <= (uintptr_t)alt.ss_sp + alt.ss_size;
}

static _Noreturn void deliver(void *arg)
{
	struct frame *fr = arg;
	int sig = fr->si.si_signo;

	fr->uc.uc_sigmask = uc_signal_enter(sig);
	if (fr->sa.sa_flags & SA_SIGINFO)
		fr->sa.sa_sigaction(sig, &fr->si, &fr->uc);
	else
		fr->sa.sa_handler(sig);
	/* Returned: like sigreturn, the mask and registers of the ucontext. */
	memcpy(fr->fx, fr->uc.uc_mcontext.fpregs, sizeof fr->fx);
	uc_signal_leave(fr->uc.uc_sigmask);
	uc_fault_resume(fr->uc.uc_mcontext.gregs, fr->fx);
}

void uc_fault(struct uc_fault *f)
{
	static const int signals[] = {
		[UC_FAULT_SEGV] = SIGSEGV, [UC_FAULT_BUS] = SIGBUS,
		[UC_FAULT_FPE] = SIGFPE, [UC_FAULT_ILL] = SIGILL,
	};
	uintptr_t rsp = f->gregs[REG_RSP], sp;
	struct sigaction sa;
	struct frame *fr;
	int sig;

	if (delivering || f->kind < UC_FAULT_SEGV || f->kind > UC_FAULT_ILL)
		return;
	sig = signals[f->kind];
	if (!uc_signal_handler(sig, &sa))
		return;
	if ((sa.sa_flags & SA_ONSTACK) && !(alt.ss_flags & SS_DISABLE) && !on_alt(rsp)) {
		sp = (uintptr_t)alt.ss_sp + alt.ss_size;
	} else {
		sp = rsp - SKIP;
		/* A stack overflow with nowhere else to go: Linux kills too. */
		if (f->addr < rsp + 4096 && f->addr + 65536 > rsp)
			return;
	}
	delivering = 1;
	fr = (struct frame *)((sp - sizeof *fr) & ~(uintptr_t)63);
	memset(fr, 0, sizeof *fr);
	fr->sa = sa;
	fr->si.si_signo = sig;
	fr->si.si_code = f->code;
	fr->si.si_addr = (void *)f->addr;
	fr->uc.uc_stack = alt;
	if (on_alt(rsp))
		fr->uc.uc_stack.ss_flags |= SS_ONSTACK;
	memcpy(fr->uc.uc_mcontext.gregs, f->gregs, sizeof f->gregs);
	fr->uc.uc_mcontext.fpregs = &fr->uc.__fpregs_mem;
	if (f->fpu)
		memcpy(&fr->uc.__fpregs_mem, f->fpu, sizeof fr->uc.__fpregs_mem);
	else
		__asm__ volatile("fxsave64 %0" : "=m"(fr->fx));
	if (!f->fpu)
		memcpy(&fr->uc.__fpregs_mem, fr->fx, sizeof fr->uc.__fpregs_mem);
	delivering = 0;
	uc_fault_switch(fr, deliver, (uintptr_t)fr);
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	if (old) {
		*old = alt;
		if (on_alt(sp))
			old->ss_flags = SS_ONSTACK;
	}
	if (!ss)
		return 0;
	if (on_alt(sp))
		return uc_syscall_ret(-EPERM);
	if (ss->ss_flags & ~SS_DISABLE)
		return uc_syscall_ret(-EINVAL);
	if (ss->ss_flags & SS_DISABLE) {
		alt = (stack_t){ .ss_flags = SS_DISABLE };
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return uc_syscall_ret(-ENOMEM);
	alt = *ss;
	alt.ss_flags = 0;
	return 0;
}

/*
 * What an exception means: its name and the exit status a Unix process would
 * have died with. A fault the program may handle (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL) goes to the runtime first (uc_fault), with the registers in glibc's
 * order; if the program has no handler, or for any other exception,
 * trap_handler builds the crash report and hands it to the runtime
 * (uc_crash). A second fault while reporting the first skips the report and
 * powers off; a third stops dead.
 */
#include <stdint.h>
#include <unicore/plat.h>
#include "arch_internal.h"
#include "x86.h"

#define STATUS_TRAP (128 + 5)   /* SIGTRAP */
#define STATUS_BUS  (128 + 7)   /* SIGBUS */

static const struct {
	const char *name;
	int status;
} vectors[TRAP_VECTORS] = {
	[0] = { "divide error (#DE)", UC_STATUS_FPE },
	[1] = { "debug exception (#DB)", STATUS_TRAP },
	[2] = { "non-maskable interrupt (NMI)", UC_STATUS_SEGV },
	[3] = { "breakpoint (#BP)", STATUS_TRAP },
	[4] = { "overflow (#OF)", UC_STATUS_SEGV },
	[5] = { "bound range exceeded (#BR)", UC_STATUS_SEGV },
	[6] = { "invalid opcode (#UD)", UC_STATUS_ILL },
	[7] = { "device not available (#NM)", UC_STATUS_FPE },
	[8] = { "double fault (#DF)", UC_STATUS_SEGV },
	[9] = { "coprocessor segment overrun", UC_STATUS_FPE },
	[10] = { "invalid TSS (#TS)", UC_STATUS_SEGV },
	[11] = { "segment not present (#NP)", UC_STATUS_SEGV },
	[12] = { "stack segment fault (#SS)", UC_STATUS_SEGV },
	[13] = { "general protection fault (#GP)", UC_STATUS_SEGV },
	[14] = { "page fault (#PF)", UC_STATUS_SEGV },
	[16] = { "x87 floating point error (#MF)", UC_STATUS_FPE },
	[17] = { "alignment check (#AC)", STATUS_BUS },
	[18] = { "machine check (#MC)", STATUS_BUS },
	[19] = { "SIMD floating point exception (#XM)", UC_STATUS_FPE },
	[20] = { "virtualization exception (#VE)", UC_STATUS_SEGV },
	[21] = { "control protection exception (#CP)", UC_STATUS_SEGV },
};

static uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* The signal a fault raises, with si_code as Linux sets it; 0: none. */
static int fault_kind(const struct trap_frame *f, int *code)
{
	switch (f->vector) {
	case 0: *code = 1; return UC_FAULT_FPE;                        /* FPE_INTDIV */
	case 16: case 19: *code = 0; return UC_FAULT_FPE;
	case 6: *code = 2; return UC_FAULT_ILL;                        /* ILL_ILLOPN */
	case 12: case 13: *code = 0x80; return UC_FAULT_SEGV;          /* SI_KERNEL */
	case 14: *code = (f->error & 1) ? 2 : 1; return UC_FAULT_SEGV; /* SEGV_ACCERR, SEGV_MAPERR */
	case 17: *code = 1; return UC_FAULT_BUS;                       /* BUS_ADRALN */
	}
	return 0;
}

static void offer_fault(struct trap_frame *f, const void *fpu, uint64_t cr2)
{
	struct uc_fault u = { .fpu = fpu };
	uint64_t *g = u.gregs;

	u.kind = fault_kind(f, &u.code);
	if (!u.kind)
		return;
	u.addr = f->vector == 14 ? cr2 : (f->vector == 12 || f->vector == 13) ? 0 : f->rip;
	g[0] = f->r8; g[1] = f->r9; g[2] = f->r10; g[3] = f->r11;
	g[4] = f->r12; g[5] = f->r13; g[6] = f->r14; g[7] = f->r15;
	g[8] = f->rdi; g[9] = f->rsi; g[10] = f->rbp; g[11] = f->rbx;
	g[12] = f->rdx; g[13] = f->rax; g[14] = f->rcx; g[15] = f->rsp;
	g[16] = f->rip; g[17] = f->rflags; g[18] = f->cs | f->ss << 48;
	g[19] = f->error; g[20] = f->vector; g[22] = cr2;
	/* The runtime's delivery may take a while and the handler longer:
	 * interrupts as the program had them (the gate turned them off). */
	if (f->rflags & 0x200)
		__asm__ volatile("sti");
	uc_fault(&u);
	__asm__ volatile("cli");
}

_Noreturn void trap_handler(struct trap_frame *f, const void *fpu)
{
	static volatile int depth;
	static volatile int first_status;
	uint64_t cr2 = f->vector == 14 ? read_cr2() : 0;
	const char *name = f->vector < TRAP_VECTORS ? vectors[f->vector].name : 0;
	int status = name ? vectors[f->vector].status : UC_STATUS_SEGV;

	if (!name)
		name = "reserved exception";
	if (depth == 0)
		offer_fault(f, fpu, cr2);
	if (depth++ > 0) {
		if (depth == 2)
			plat_exit(first_status);
		outl(0xf4, first_status);        /* QEMU isa-debug-exit, if present */
		cpu_halt_forever();
	}
	first_status = status;
	uc_crash(crash_report(f, cr2, name), status);
}

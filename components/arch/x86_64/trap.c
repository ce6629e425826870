/*
 * What an exception means: its name and the exit status a Unix process would
 * have died with. Every exception ends the program: trap_handler builds the
 * crash report and hands it to the runtime (uc_crash). A second fault while
 * reporting the first skips the report and powers off; a third stops dead.
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

_Noreturn void trap_handler(struct trap_frame *f)
{
	static volatile int depth;
	static volatile int first_status;
	uint64_t cr2 = f->vector == 14 ? read_cr2() : 0;
	const char *name = f->vector < TRAP_VECTORS ? vectors[f->vector].name : 0;
	int status = name ? vectors[f->vector].status : UC_STATUS_SEGV;

	if (!name)
		name = "reserved exception";
	if (depth++ > 0) {
		if (depth == 2)
			plat_exit(first_status);
		outl(0xf4, first_status);        /* QEMU isa-debug-exit, if present */
		cpu_halt_forever();
	}
	first_status = status;
	uc_crash(crash_report(f, cr2, name), status);
}

/* What the parts of the x86_64 arch code share among themselves. */
#ifndef UNICORE_ARCH_INTERNAL_H
#define UNICORE_ARCH_INTERNAL_H

#include <stdint.h>

#define TRAP_VECTORS 32

/* What traps.S saves: the registers it pushes, then the CPU's frame. */
struct trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

void paging_protect(void);
int paging_in_guard(uintptr_t addr);
uintptr_t paging_heap_tables(uintptr_t start, uintptr_t end);
void tss_init(void);
void idt_init(void);

/* Formats the crash report for a trap into a static buffer. */
const char *crash_report(const struct trap_frame *f, uint64_t cr2, const char *what);

/* cpu.c */
int cpu_has_rdrand(void);
int cpu_rdrand64(uint64_t *value);

#endif

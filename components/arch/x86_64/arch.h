/*
 * What the shared x86_64 arch code (components/arch/x86_64) offers platforms.
 *
 * The boot loader enters arch_start32 (entry.S) in 32-bit protected mode with
 * eax = boot magic and ebx = the physical address of the loader's info block.
 * The arch code identity-maps the first 4 GiB (page 0 and the stack guard page
 * left out; text read-only, everything else not executable), enables SSE, loads its GDT/TSS/IDT, points FS at a small TLS
 * block, seeds __stack_chk_guard, zeroes .bss and calls
 * plat_start(magic, info) (unicore/plat.h) on the boot stack. Interrupts stay
 * off except while a platform idles in arch_wait_for_interrupt(); exceptions
 * end in uc_crash() with a report (trap.c).
 *
 * The platform's linker script must define __bss_start (4-byte aligned) and
 * _end (page aligned), load the image at or above 1 MiB and keep it below 4 GiB,
 * and define the page-aligned W^X boundaries (pagetable.c): _start_image,
 * __unicore_text_start and __unicore_text_end (only that is executable; up to
 * __unicore_data_start read-only) and __unicore_data_start (writable from there).
 */
#ifndef UNICORE_ARCH_X86_64_H
#define UNICORE_ARCH_X86_64_H

#define MULTIBOOT_BOOT_MAGIC 0x2BADB002   /* eax from a multiboot v1 loader */
#define PVH_BOOT_MAGIC       0x336ec578   /* XEN_HVM_START_MAGIC_VALUE */

#define ARCH_PAGE_SIZE   4096
#define ARCH_STACK_SIZE  (32 * 1024)      /* the boot stack (the app's: mainstack.c) */
#define ARCH_MAPPED_END  0x100000000ull   /* identity map covers [0, 4 GiB) */
#define ARCH_IRQ_BASE    32               /* external interrupt vectors: */
#define ARCH_IRQ_COUNT   18               /* [32, 50): the remapped 8259s, then */
                                          /* the local APIC's timer and spurious */

#ifndef __ASSEMBLY__
#include <stdint.h>

/* The boot stack; the page below arch_stack_bottom is the unmapped guard. */
extern char arch_stack_bottom[], arch_stack_top[];
/* The main stack, carved from the heap by x86_run_main (0 until then). */
extern uintptr_t arch_main_stack_bottom, arch_main_stack_top;
struct uc_boot_info;
/* Takes the main stack from the top of boot's heap and calls uc_main on it. */
_Noreturn void x86_run_main(struct uc_boot_info *boot);

void arch_start32(void);

/* Sets the one handler of every external interrupt vector. It runs with
 * interrupts off, on the interrupted stack, with all registers and the
 * x87/SSE state saved around it. */
void arch_irq_set_handler(void (*handler)(unsigned vector));

/* With interrupts off (as they always are outside this call): enables them
 * and halts until one has been handled, then disables them again. sti holds
 * interrupts back for one more instruction, so one that became pending while
 * the caller checked its conditions wakes the hlt: no wake-up is lost. */
/* While an external interrupt's handler runs: the address it interrupted. */
extern uintptr_t arch_irq_pc;

static inline void arch_wait_for_interrupt(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* Makes [phys, phys + size) of device memory addressable, uncached
 * (identity: the address is phys) and returns it; NULL if it cannot. Below
 * 4 GiB the boot map's pages are marked uncached; above, pages are added. */
void *arch_map_mmio(uint64_t phys, uint64_t size);

#endif
#endif

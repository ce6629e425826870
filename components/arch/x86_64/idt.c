/*
 * The IDT: the 32 exception vectors, each an interrupt gate (interrupts stay
 * off) to its stub in traps.S, running on IST1 (tss.c); then the external
 * interrupt vectors ARCH_IRQ_BASE.. (irqs.S), on the interrupted stack, which
 * call the handler a platform sets. Interrupts are enabled only where a
 * platform idles (arch_wait_for_interrupt). An `int N` above the last vector
 * faults with #GP and is reported like any other crash.
 */
#include <stdint.h>
#include "arch.h"
#include "arch_internal.h"

#define SEL_CODE64 0x08
#define GATE_INTERRUPT 0x8e              /* present, DPL 0, 64-bit interrupt gate */
#define IST_EXCEPTIONS 1

struct idt_entry {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

#define VECTORS (ARCH_IRQ_BASE + ARCH_IRQ_COUNT)

static struct idt_entry idt[VECTORS] __attribute__((aligned(16)));

extern const uint64_t trap_stubs[TRAP_VECTORS];
extern const uint64_t irq_stubs[ARCH_IRQ_COUNT];
void (*arch_irq_handler)(unsigned vector);
uintptr_t arch_irq_pc;

static struct idt_entry gate(uint64_t stub, uint8_t ist)
{
	return (struct idt_entry){
		.offset_low = stub & 0xffff,
		.selector = SEL_CODE64,
		.ist = ist,
		.type = GATE_INTERRUPT,
		.offset_mid = stub >> 16 & 0xffff,
		.offset_high = stub >> 32,
	};
}

void arch_irq_set_handler(void (*handler)(unsigned vector))
{
	arch_irq_handler = handler;
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) pointer = { sizeof idt - 1, (uintptr_t)idt };

	for (int v = 0; v < TRAP_VECTORS; v++)
		idt[v] = gate(trap_stubs[v], IST_EXCEPTIONS);
	for (int v = 0; v < ARCH_IRQ_COUNT; v++)
		idt[ARCH_IRQ_BASE + v] = gate(irq_stubs[v], 0);
	__asm__ volatile("lidt %0" :: "m"(pointer));
}

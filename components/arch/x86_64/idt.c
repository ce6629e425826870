/*
 * The IDT: the 32 exception vectors, each an interrupt gate (interrupts stay
 * off) to its stub in traps.S, running on IST1 (tss.c). Interrupts are never
 * enabled, so nothing above vector 31 is needed; an `int N` above it faults
 * with #GP and is reported like any other crash.
 */
#include <stdint.h>
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

static struct idt_entry idt[TRAP_VECTORS] __attribute__((aligned(16)));

extern const uint64_t trap_stubs[TRAP_VECTORS];

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) pointer = { sizeof idt - 1, (uintptr_t)idt };

	for (int v = 0; v < TRAP_VECTORS; v++) {
		uint64_t stub = trap_stubs[v];
		idt[v] = (struct idt_entry){
			.offset_low = stub & 0xffff,
			.selector = SEL_CODE64,
			.ist = IST_EXCEPTIONS,
			.type = GATE_INTERRUPT,
			.offset_mid = stub >> 16 & 0xffff,
			.offset_high = stub >> 32,
		};
	}
	__asm__ volatile("lidt %0" :: "m"(pointer));
}

/* Power off and reboot on a PC (see power.h). */
#include <stdint.h>
#include "power.h"
#include "acpi.h"
#include "ns16550.h"
#include "arch/x86_64/x86.h"

#define DEBUG_EXIT_PORT 0xf4
#define KBC_STATUS 0x64
#define KBC_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xfe

static void (*console_write)(const void *, size_t) = ns16550_write;

void power_set_console(void (*write)(const void *buf, size_t len))
{
	console_write = write;
}

_Noreturn void power_off(int status)
{
	static const char msg[] = "unicore: halted\r\n";

	outl(DEBUG_EXIT_PORT, (uint32_t)status & 0xff);
	acpi_power_off();
	console_write(msg, sizeof msg - 1);
	cpu_halt_forever();
}

_Noreturn void power_reboot(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) no_idt = { 0, 0 };

	for (int i = 0; i < 100000 && (inb(KBC_STATUS) & KBC_INPUT_FULL); i++)
		cpu_relax();
	outb(KBC_STATUS, KBC_PULSE_RESET);
	for (int i = 0; i < 1000000; i++)
		cpu_relax();
	/* No IDT: the next exception is a triple fault, which resets the CPU. */
	__asm__ volatile("lidt %0; int3" :: "m"(no_idt));
	cpu_halt_forever();
}

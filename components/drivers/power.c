/* Power off on a PC (see power.h). */
#include <stdint.h>
#include "power.h"
#include "acpi.h"
#include "ns16550.h"
#include "arch/x86_64/x86.h"

#define DEBUG_EXIT_PORT 0xf4

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

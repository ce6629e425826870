/* Ending the machine: power off, handing the status to QEMU. */
#ifndef UNICORE_POWER_H
#define UNICORE_POWER_H

#include <stddef.h>

/* Where power_off prints its last words; COM1 (ns16550_write) by default. */
void power_set_console(void (*write)(const void *buf, size_t len));
/* Writes status & 0xff to QEMU's isa-debug-exit (port 0xf4; QEMU exits with
 * (status << 1) | 1; nothing happens without the device), then tries ACPI S5
 * (acpi.h), then prints "unicore: halted" and halts for good. */
_Noreturn void power_off(int status);

#endif

/*
 * What the parts of the baremetal platform share. A PC as firmware and a
 * multiboot loader (GRUB, or QEMU -kernel) leave it: VGA text screen, PS/2
 * keyboard, COM1, PIT, CMOS clock, PCI (virtio-net). Devices are read by
 * polling; their interrupts (through the 8259 PICs) wake the idle CPU.
 */
#ifndef UNICORE_BAREMETAL_H
#define UNICORE_BAREMETAL_H

#include <stddef.h>
#include <stdint.h>

/* console.c: COM1 and the screen for output; COM1 and the keyboard for input. */
void console_init(void);
/* Lets COM1 and the keyboard wake the CPU (after pcirq_init). */
void console_enable_irqs(void);
/* Whether input is waiting on either device (consumes nothing). */
int console_input_waiting(void);
/* Writes on every output device (for messages from the platform itself). */
void console_write_all(const void *buf, size_t len);
void console_message(const char *text);

/* screen.c: the VGA screen as a person sees it. In framed console mode the
 * output is @UC lines; the screen shows what they carry instead. */
void screen_init(void);
void screen_write(const void *buf, size_t len);

/* clock.c: the TSC (rate from CPUID or the PIT) and the CMOS clock. */
void clock_init(void);

#endif

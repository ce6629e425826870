/*
 * What the parts of the baremetal platform share. A PC as firmware and a
 * multiboot loader (GRUB, or QEMU -kernel) leave it: VGA text screen, PS/2
 * keyboard, COM1, PIT, CMOS clock; no interrupts (everything is polled).
 */
#ifndef UNICORE_BAREMETAL_H
#define UNICORE_BAREMETAL_H

#include <stddef.h>
#include <stdint.h>

/* console.c: COM1 and the screen for output; COM1 and the keyboard for input. */
void console_init(void);
/* Writes on every output device (for messages from the platform itself). */
void console_write_all(const void *buf, size_t len);
void console_message(const char *text);

#endif

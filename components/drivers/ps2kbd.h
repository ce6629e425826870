/*
 * The PS/2 keyboard, polled through the i8042 controller (ports 0x60/0x64)
 * as the BIOS leaves it: scan code set 1 (the controller translates).
 * US layout; Shift, Caps Lock and Ctrl are honoured, Enter gives '\n',
 * Backspace 0x7f (like a serial terminal), keys without ASCII are dropped.
 */
#ifndef UNICORE_DRIVERS_PS2KBD_H
#define UNICORE_DRIVERS_PS2KBD_H

#include <stddef.h>

/* Drops whatever the controller holds from before boot. */
void ps2kbd_init(void);
/* Reads up to len characters typed so far; never waits. */
size_t ps2kbd_read(void *buf, size_t len);

#endif

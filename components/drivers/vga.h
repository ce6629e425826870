/*
 * The VGA text screen: 80x25 cells at 0xB8000, as the BIOS (or GRUB with
 * gfxpayload=text) leaves it. Output only; scrolls at the bottom.
 */
#ifndef UNICORE_DRIVERS_VGA_H
#define UNICORE_DRIVERS_VGA_H

#include <stddef.h>

/* Clears the screen and puts a visible cursor at the top left. */
void vga_init(void);
/* Writes bytes as a terminal would: \n is a new line (at column 0), \r goes
 * to column 0, \b steps back, \t to the next multiple of 8. Other control
 * bytes are dropped; a non-ASCII character shows as one '?'. */
void vga_write(const void *buf, size_t len);

#endif

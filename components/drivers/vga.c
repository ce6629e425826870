/*
 * VGA text mode driver. The hardware cursor is moved through the CRT
 * controller's index/data ports once per write, not per character. Without
 * a VGA card (its miscellaneous output register reads as a floating bus)
 * writes do nothing: a machine with no screen spends no time on one.
 */
#include <stdint.h>
#include "vga.h"
#include "arch/x86_64/x86.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x0700          /* light grey on black */
#define CRTC_INDEX 0x3d4
#define CRTC_DATA  0x3d5
#define MISC_OUTPUT_READ 0x3cc

static volatile uint16_t *const screen = (volatile uint16_t *)0xb8000;
static int row, col;
static int present;

static void clear_row(int r)
{
	for (int c = 0; c < COLS; c++)
		screen[r * COLS + c] = ATTR | ' ';
}

static void crtc_write(uint8_t index, uint8_t value)
{
	outb(CRTC_INDEX, index);
	outb(CRTC_DATA, value);
}

static uint8_t crtc_read(uint8_t index)
{
	outb(CRTC_INDEX, index);
	return inb(CRTC_DATA);
}

static void move_cursor(void)
{
	unsigned pos = row * COLS + col;
	crtc_write(0x0f, pos & 0xff);
	crtc_write(0x0e, pos >> 8);
}

void vga_init(void)
{
	present = inb(MISC_OUTPUT_READ) != 0xff;
	if (!present)
		return;
	for (int r = 0; r < ROWS; r++)
		clear_row(r);
	row = col = 0;
	/* Boot loaders often hide the cursor: show it as an underline
	 * (scan lines 14-15, bit 5 of the start register clear). */
	crtc_write(0x0a, (crtc_read(0x0a) & 0xc0) | 14);
	crtc_write(0x0b, (crtc_read(0x0b) & 0xe0) | 15);
	move_cursor();
}

static void scroll(void)
{
	/* volatile memory: copy cell by cell rather than memmove. */
	for (int i = 0; i < (ROWS - 1) * COLS; i++)
		screen[i] = screen[i + COLS];
	clear_row(ROWS - 1);
	row = ROWS - 1;
}

static void newline(void)
{
	col = 0;
	if (++row == ROWS)
		scroll();
}

static void put(unsigned char ch)
{
	if (col == COLS)
		newline();
	screen[row * COLS + col++] = ATTR | ch;
}

static void put_byte(unsigned char ch)
{
	switch (ch) {
	case '\n':
		newline();
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			col--;
		break;
	case '\t':
		do
			put(' ');
		while (col % 8 && col < COLS);
		break;
	default:
		/* UTF-8: one '?' per lead byte, continuation bytes dropped. */
		if (ch >= 0x20 && ch < 0x7f)
			put(ch);
		else if (ch >= 0xc0)
			put('?');
		break;
	}
}

void vga_write(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!present)
		return;
	for (size_t i = 0; i < len; i++)
		put_byte(p[i]);
	move_cursor();
}

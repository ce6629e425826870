/*
 * PS/2 keyboard by polling. No controller setup: firmware and boot loaders
 * leave the keyboard enabled with translation to set 1, and reprogramming
 * the controller is where real machines differ most.
 */
#include <stdint.h>
#include "ps2kbd.h"
#include "arch/x86_64/x86.h"

#define DATA   0x60
#define STATUS 0x64
#define STATUS_FULL  0x01    /* a byte is waiting in DATA */
#define STATUS_AUX   0x20    /* ... and it came from the mouse */

#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CTRL   0x1d
#define SC_CAPS   0x3a
#define SC_EXTEND 0xe0
#define SC_BREAK  0x80

/* Set 1 make codes 0x00-0x39, unshifted and shifted. 0 = no character. */
static const char plain[0x3a] =
	"\0\0331234567890-=\177\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x3a] =
	"\0\033!@#$%^&*()_+\177\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

static int shift, ctrl, caps, extended;

void ps2kbd_init(void)
{
	for (int i = 0; i < 32 && (inb(STATUS) & STATUS_FULL); i++)
		inb(DATA);
	shift = ctrl = caps = extended = 0;
}

/* One scan code in; the character it types, or -1. */
static int translate(uint8_t sc)
{
	int ext = extended, release = sc & SC_BREAK;
	uint8_t key = sc & ~SC_BREAK;

	extended = 0;
	if (sc == SC_EXTEND) {
		extended = 1;
		return -1;
	}
	if (key == SC_LSHIFT || key == SC_RSHIFT) {
		if (!ext)    /* E0 2A is the fake shift around some keys */
			shift = !release;
		return -1;
	}
	if (key == SC_CTRL) {
		ctrl = !release;
		return -1;
	}
	if (release)
		return -1;
	if (key == SC_CAPS) {
		caps = !caps;
		return -1;
	}
	if (ext)     /* keypad Enter and '/', nothing else has ASCII */
		return key == 0x1c ? '\n' : key == 0x35 ? '/' : -1;
	if (key >= sizeof plain || !plain[key])
		return -1;

	char c = plain[key];
	int letter = c >= 'a' && c <= 'z';
	if (shift ^ (caps && letter))
		c = shifted[key];
	if (ctrl && letter)
		return c & 0x1f;
	return (unsigned char)c;
}

size_t ps2kbd_read(void *buf, size_t len)
{
	unsigned char *out = buf;
	size_t n = 0;
	uint8_t status;

	while (n < len && ((status = inb(STATUS)) & STATUS_FULL)) {
		uint8_t sc = inb(DATA);
		if (status & STATUS_AUX)
			continue;
		int c = translate(sc);
		if (c >= 0)
			out[n++] = c;
	}
	return n;
}

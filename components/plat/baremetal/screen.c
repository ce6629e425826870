/*
 * The VGA screen's view of console output. A serial line in framed mode
 * carries stdout and stderr as "@UC:<stream>:<base64>" lines for the host
 * (docs/architecture.md); a person looking at the screen wants the text, so
 * data frames are decoded here and other @UC lines are left out. Everything
 * else is shown as written. Decodes as bytes arrive: no line buffer; what
 * goes to the screen is batched so the cursor moves once per write.
 */
#include "baremetal.h"
#include "drivers/vga.h"
#include <unicore/base64.h>

static const char prefix[] = "@UC:";

enum state {
	LINE_START,   /* matching the first bytes of a line against prefix */
	PLAIN,        /* an ordinary line: shown */
	KIND,         /* after "@UC:": stream digit or frame letter */
	KIND_COLON,   /* after "@UC:1" or "@UC:2" */
	DATA,         /* base64 up to the end of the line: decoded */
	SKIP,         /* any other frame: hidden */
};

static enum state state = LINE_START;
static size_t matched;        /* bytes of prefix seen at LINE_START */
static unsigned acc, bits;    /* base64 decoder */
static unsigned char out[256];
static size_t nout;

static void flush(void)
{
	vga_write(out, nout);
	nout = 0;
}

static void emit(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	for (size_t i = 0; i < len; i++) {
		if (nout == sizeof out)
			flush();
		out[nout++] = p[i];
	}
}

void screen_init(void)
{
	vga_init();
}

static void decode(unsigned char c)
{
	int v = uc_base64_value(c);
	if (v < 0)
		return;       /* '=' padding, '\r' */
	acc = acc << 6 | v;
	bits += 6;
	if (bits >= 8) {
		bits -= 8;
		unsigned char byte = acc >> bits & 0xff;
		emit(&byte, 1);
	}
}

static void feed(unsigned char c)
{
	if (c == '\n') {
		if (state == PLAIN || state == LINE_START) {
			if (matched)
				emit(prefix, matched);
			emit("\n", 1);
		}
		state = LINE_START;
		matched = 0;
		return;
	}
	switch (state) {
	case LINE_START:
		if (c == (unsigned char)prefix[matched]) {
			if (++matched == sizeof prefix - 1)
				state = KIND;
			return;
		}
		emit(prefix, matched);
		matched = 0;
		state = PLAIN;
		emit(&c, 1);
		return;
	case PLAIN:
		emit(&c, 1);
		return;
	case KIND:
		state = c == '1' || c == '2' ? KIND_COLON : SKIP;
		return;
	case KIND_COLON:
		state = c == ':' ? DATA : SKIP;
		acc = bits = 0;
		return;
	case DATA:
		decode(c);
		return;
	case SKIP:
		return;
	}
}

void screen_write(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	for (size_t i = 0; i < len; i++)
		feed(p[i]);
	flush();
}

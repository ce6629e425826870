/*
 * The guest side of the framed console channel (docs/architecture.md,
 * "Framed console channel"): output as @UC:<stream>:<base64> lines, input
 * only after a @UC:R:<n> credit, as <base64> lines or "." for end of input.
 *
 * Output goes to the platform a batch of lines at a time (one write per
 * OUT_BATCH bytes of wire), so that a memory-speed transport (virtio-console)
 * moves whole pages per notification.
 *
 * Credit: the guest asks for more when the credit still outstanding falls
 * under half its window (never under what a useful line needs: host lines
 * are whole, at least 5 wire bytes), and then for its window minus what is
 * outstanding. So the host can keep sending while the guest decodes, and
 * never more bytes are in flight than the platform's receive window holds,
 * whether the host adds credits up (as bake/run does) or replaces its credit
 * with the latest one. The window may exceed the line buffer (a platform that
 * never drops, such as virtio-console, keeps the rest); host lines are at
 * most LINE_MAX_WIRE bytes.
 *
 * No heap and no stdio here: crash reports go out through this code.
 */
#include <errno.h>
#include <string.h>
#include <unicore/plat.h>
#include "io.h"

#define OUT_CHUNK 57          /* bytes per output line: 76 base64 characters */
#define OUT_LINE (6 + OUT_CHUNK / 3 * 4 + 1)
#define OUT_BATCH (OUT_LINE * 53)  /* about 4 KiB of wire per platform write */
#define LINE_MAX_WIRE 8192    /* longest input line */
#define CREDIT_MAX (256 * 1024)  /* largest window asked for */
#define USEFUL_CREDIT 8       /* enough for a line with 3 data bytes, or "." */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(char *out, const unsigned char *in, size_t len)
{
	size_t o = 0, i = 0;

	for (; i + 3 <= len; i += 3) {
		unsigned v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];
		out[o++] = b64[v >> 18];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	if (i < len) {
		unsigned v = in[i] << 16 | (i + 1 < len ? in[i + 1] << 8 : 0);
		out[o++] = b64[v >> 18];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		out[o++] = '=';
	}
	return o;
}

/* The value of each byte as a base64 digit, or -1 ('=', '\r', anything else). */
static signed char digit[256];

static void init_digits(void)
{
	memset(digit, -1, sizeof digit);
	for (int i = 0; i < 64; i++)
		digit[(unsigned char)b64[i]] = i;
}

/* Decodes base64 text, skipping anything outside the alphabet ('=', '\r').
 * Eight digits at a time while they are all digits: one 8-byte load and two
 * stores for 6 bytes, where bytes one by one were 22 memory accesses (each
 * a softmmu lookup under TCG). Little-endian (x86_64). */
static size_t decode(unsigned char *out, const char *in, size_t len)
{
	unsigned acc = 0, bits = 0;
	size_t o = 0, i = 0;

	if (digit[0] == 0)
		init_digits();
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		__builtin_memcpy(&w, in + i, 8);   /* inlined: the runtime is built -fno-builtin */
		int a = digit[w & 255], b = digit[w >> 8 & 255], c = digit[w >> 16 & 255], d = digit[w >> 24 & 255];
		int e = digit[w >> 32 & 255], f = digit[w >> 40 & 255], g = digit[w >> 48 & 255], h = digit[w >> 56];
		if ((a | b | c | d | e | f | g | h) < 0)
			break;
		uint64_t v = (uint64_t)(a << 18 | b << 12 | c << 6 | d) << 24 | (unsigned)(e << 18 | f << 12 | g << 6 | h);
		v = __builtin_bswap64(v << 16);      /* the 6 bytes first, in order */
		__builtin_memcpy(out + o, &v, 6);
		o += 6;
	}
	for (; i + 4 <= len; i += 4) {       /* whole groups of four digits */
		int a = digit[(unsigned char)in[i]], b = digit[(unsigned char)in[i + 1]];
		int c = digit[(unsigned char)in[i + 2]], d = digit[(unsigned char)in[i + 3]];
		if ((a | b | c | d) < 0)
			break;
		out[o++] = a << 2 | b >> 4;
		out[o++] = (b & 15) << 4 | c >> 2;
		out[o++] = (c & 3) << 6 | d;
	}
	for (; i < len; i++) {
		int v = digit[(unsigned char)in[i]];
		if (v < 0)
			continue;
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = acc >> bits & 0xff;
		}
	}
	return o;
}

void uc_framed_line(const char *text)
{
	plat_console_write(PLAT_CONSOLE_WIRE, text, strlen(text));
	plat_console_write(PLAT_CONSOLE_WIRE, "\n", 1);
}

void uc_framed_send(int stream, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	char out[OUT_BATCH];
	size_t o = 0;

	while (len > 0) {
		size_t n = len < OUT_CHUNK ? len : OUT_CHUNK;
		memcpy(out + o, "@UC:1:", 6);
		out[o + 4] = stream == 2 ? '2' : '1';
		o += 6 + encode(out + o + 6, p, n);
		out[o++] = '\n';
		p += n;
		len -= n;
		if (o + OUT_LINE > sizeof out || len == 0) {
			plat_console_write(PLAT_CONSOLE_WIRE, out, o);
			o = 0;
		}
	}
}

/* ---- input ---- */

static char wire[LINE_MAX_WIRE];
static size_t wire_len;
static size_t scanned;        /* wire[0, scanned) holds no newline */
static unsigned char data[LINE_MAX_WIRE / 4 * 3 + 3];
static size_t data_pos, data_len;
static int at_eof;
static uint64_t granted, received;
static int asked;             /* a request is out and nothing came since */

static size_t window(void)
{
	size_t w = plat_console_rx_window();
	return w < CREDIT_MAX ? w : CREDIT_MAX;
}

static void ask_for_input(void)
{
	size_t outstanding = granted > received ? granted - received : 0;
	size_t win = window();
	size_t want = outstanding < win ? win - outstanding : 0;
	size_t low = win / 2 > USEFUL_CREDIT ? win / 2 : USEFUL_CREDIT;
	char text[32] = "@UC:R:";
	char digits[24];
	int n = 0, i = 6;

	if (asked || want == 0 || outstanding >= (low < win ? low : win))
		return;
	granted = received + outstanding + want;
	do
		digits[n++] = '0' + want % 10;
	while (want /= 10);
	while (n > 0)
		text[i++] = digits[--n];
	asked = 1;
	uc_framed_line(text);
}

/* The end of the first complete line in wire[], or NULL; each byte is
 * looked at once, however many reads a line takes to arrive. */
static char *line_end(void)
{
	char *nl = memchr(wire + scanned, '\n', wire_len - scanned);

	scanned = nl ? (size_t)(nl - wire) : wire_len;
	return nl;
}

/* Turns the first complete line in wire[] into data or end of input: -1 if
 * there is none yet, else the bytes decoded straight into out (the
 * caller's buffer, when it holds the whole line: no copy through data[]),
 * 0 when they went to data[] (or the line was empty, or end of input). */
static long take_line(unsigned char *out, size_t cap)
{
	char *nl = line_end();
	size_t len, used;
	long direct = 0;

	if (!nl)
		return -1;
	used = nl - wire + 1;
	len = nl - wire;
	if (len > 0 && wire[len - 1] == '\r')
		len--;
	if (len == 1 && wire[0] == '.')
		at_eof = 1;
	else if (out && cap >= len / 4 * 3 + 3)
		direct = decode(out, wire, len);
	else {
		data_len = decode(data, wire, len);
		data_pos = 0;
	}
	memmove(wire, wire + used, wire_len - used);
	wire_len -= used;
	scanned = 0;
	return direct;
}

/* Moves console bytes into wire[]; returns 0, or -1 at the platform's EOF. */
static int receive(int block)
{
	long n = plat_console_read(wire + wire_len, sizeof wire - wire_len, block);

	if (n < 0)
		return -1;
	if (n > 0) {
		wire_len += n;
		received += n;
		asked = 0;
	}
	return 0;
}

/* Makes data available if it can: the bytes decoded straight into out
 * (cap bytes; NULL: into data[] only), 0 when data[] has some or input
 * ended, -EAGAIN when reading would block. */
static long fill(int block, unsigned char *out, size_t cap)
{
	while (data_pos == data_len && !at_eof) {
		long got = take_line(out, cap);
		if (got > 0)
			return got;
		if (got == 0)
			continue;
		if (wire_len == sizeof wire) {
			wire_len = scanned = 0;   /* a line longer than any credit: drop it */
			continue;
		}
		ask_for_input();
		if (receive(0) < 0) {
			at_eof = 1;
			break;
		}
		if (line_end())
			continue;
		if (!block)
			return -EAGAIN;
		if (receive(1) < 0)
			at_eof = 1;
	}
	return 0;
}

ssize_t uc_framed_read(void *buf, size_t len, int block)
{
	size_t n;
	long got = fill(block, buf, len);

	if (got != 0)
		return got;
	if (data_pos == data_len)
		return 0;
	n = data_len - data_pos;
	if (n > len)
		n = len;
	memcpy(buf, data + data_pos, n);
	data_pos += n;
	return n;
}

int uc_framed_input_ready(void)
{
	return fill(0, NULL, 0) != -EAGAIN;
}

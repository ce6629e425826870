/* The unicore.net.debug=1 self-test (see netdebug.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <unicore/plat.h>
#include "netdebug.h"
#include "pcirq.h"
#include "virtio_net.h"

#define WORD "unicore.net.debug=1"
#define ETH_ARP 0x0806
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define TRIES 6
#define TRY_NS 500000000ull
#define BURST 300
#define BURST_NS 5000000000ull

static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };
static const uint8_t gateway_ip[4] = { 10, 0, 2, 2 };

static void (*out)(const void *, size_t);

static void say(const char *s)
{
	out(s, strlen(s));
}

/* Whether word is among the leading unicore.* option words (the runtime's
 * rule, docs/architecture.md: `--` or any other word ends them). */
static int has_option(const char *line, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = line;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t len = 0;
		while (p[len] && p[len] != ' ' && p[len] != '\t')
			len++;
		if (len == n && memcmp(p, word, n) == 0)
			return 1;
		if (len < 8 || memcmp(p, "unicore.", 8) != 0)
			return 0;
		p += len;
	}
}

static char *put_mac(char *s, const uint8_t *mac)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 6; i++) {
		*s++ = hex[mac[i] >> 4];
		*s++ = hex[mac[i] & 15];
		*s++ = i < 5 ? ':' : 0;
	}
	return s - 1;
}

static char *put_num(char *s, unsigned long v)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = '0' + v % 10;
	while ((v /= 10) != 0);
	while (n > 0)
		*s++ = digits[--n];
	*s = 0;
	return s;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* Ethernet broadcast + ARP request, padded to the 60-byte minimum. */
static void arp_request(uint8_t *f, const uint8_t *mac)
{
	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, ETH_ARP);
	put16(f + 14, 1);          /* Ethernet */
	put16(f + 16, 0x0800);     /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, ARP_REQUEST);
	memcpy(f + 22, mac, 6);
	memcpy(f + 28, guest_ip, 4);
	memcpy(f + 38, gateway_ip, 4);
}

static int is_gateway_reply(const uint8_t *f, long len)
{
	return len >= 42 && f[12] == ETH_ARP >> 8 && f[13] == (ETH_ARP & 0xff) &&
		f[20] == 0 && f[21] == ARP_REPLY && memcmp(f + 28, gateway_ip, 4) == 0;
}

static char *put_str(char *s, const char *t)
{
	size_t n = strlen(t);

	memcpy(s, t, n + 1);
	return s + n;
}

/* Says one line built from fmt: %s a string, %u an unsigned long, %m a MAC
 * (a pointer to 6 bytes), %i an IRQ number (an int; "none" when negative). */
static void sayf(const char *fmt, ...)
{
	char line[192], *s = line;
	va_list ap;

	va_start(ap, fmt);
	for (const char *f = fmt; *f && s < line + sizeof line - 32; f++) {
		if (*f != '%' || !f[1]) {
			*s++ = *f;
			continue;
		}
		switch (*++f) {
		case 's': s = put_str(s, va_arg(ap, const char *)); break;
		case 'u': s = put_num(s, va_arg(ap, unsigned long)); break;
		case 'm': s = put_mac(s, va_arg(ap, const uint8_t *)); break;
		case 'i': {
			int irq = va_arg(ap, int);
			s = irq < 0 ? put_str(s, "none") : put_num(s, (unsigned long)irq);
			break;
		}
		default: *s++ = *f;
		}
	}
	va_end(ap);
	*s = 0;
	say(line);
}

static struct virtio_net_stats stats(void)
{
	struct virtio_net_stats st;

	virtio_net_stats(&st);
	return st;
}

static unsigned long interrupts_seen;

static int nic_interrupted(void)
{
	return stats().interrupts != interrupts_seen;
}

/* Sends the request every TRY_NS and waits for the reply: first halting
 * until the NIC interrupts (QEMU may have answered before we look: the
 * interrupt is then pending and ends the halt at once), then as any program
 * would, with plat_wait_until. */
static int ask_gateway(const uint8_t *mac, uint8_t *answer)
{
	static uint8_t frame[1600];

	for (int t = 0; t < TRIES; t++) {
		uint64_t until = plat_clock_monotonic_ns() + TRY_NS;
		arp_request(frame, mac);
		interrupts_seen = stats().interrupts;
		if (plat_net_send(frame, 60) != 0)
			return -1;
		pcirq_idle_until(until, nic_interrupted);
		while (plat_clock_monotonic_ns() < until) {
			long n = plat_net_recv(frame, sizeof frame);
			if (n > 0 && is_gateway_reply(frame, n)) {
				memcpy(answer, frame + 22, 6);
				return 0;
			}
			if (n == 0)
				plat_wait_until(until);
		}
	}
	return -1;
}

/* Many requests at once, then their answers: more than either ring holds,
 * so transmit reclaim, -EAGAIN and receive re-posting all take turns, and
 * ring indices wrap. Returns how many answers came within BURST_NS. */
static int burst(const uint8_t *mac)
{
	static uint8_t frame[1600];
	int sent = 0, answered = 0;
	uint64_t until = plat_clock_monotonic_ns() + BURST_NS;

	while (answered < BURST && plat_clock_monotonic_ns() < until) {
		int progress = 0;
		if (sent < BURST) {
			arp_request(frame, mac);
			int r = plat_net_send(frame, 60);
			if (r == 0)
				sent++, progress = 1;
			else if (r != -EAGAIN)
				return answered;
		}
		long n = plat_net_recv(frame, sizeof frame);
		if (n > 0) {
			progress = 1;
			answered += is_gateway_reply(frame, n);
		}
		if (!progress)      /* until a frame comes or the ring has room */
			plat_wait_until(until);
	}
	return answered;
}

void netdebug_run(const char *cmdline, void (*write)(const void *buf, size_t len))
{
	struct plat_net_info info;
	uint8_t gateway[6];

	if (!cmdline || !has_option(cmdline, WORD))
		return;
	out = write;
	if (plat_net_probe(&info) != 0) {
		say("unicore.net: no network device\n");
		return;
	}
	struct virtio_net_stats st = stats();
	sayf("unicore.net: virtio-net %s mac %m irq %i\n", st.transport, info.mac, st.irq);
	if (ask_gateway(info.mac, gateway) != 0) {
		say("unicore.net: no ARP answer from 10.0.2.2\n");
		return;
	}
	st = stats();
	sayf("unicore.net: 10.0.2.2 is at %m (interrupts %u, sent %u, received %u)\n",
		gateway, st.interrupts, st.tx_frames, st.rx_frames);
	int answered = burst(info.mac);
	sayf("unicore.net: burst of %u ARP requests: %u answered (transmit ring full %u times)\n",
		(unsigned long)BURST, (unsigned long)answered, stats().tx_full);
}

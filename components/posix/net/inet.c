/*
 * Byte order and Internet address text conversions (<netinet/in.h>,
 * <arpa/inet.h>): plain computation, they work without a network.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;

uint32_t htonl(uint32_t x) { return __builtin_bswap32(x); }
uint16_t htons(uint16_t x) { return __builtin_bswap16(x); }
uint32_t ntohl(uint32_t x) { return __builtin_bswap32(x); }
uint16_t ntohs(uint16_t x) { return __builtin_bswap16(x); }

/* The classic forms: a.b.c.d, a.b.c, a.b or a, each part decimal, octal or hex. */
int inet_aton(const char *s, struct in_addr *out)
{
	unsigned long part[4];
	uint32_t v;
	char *end;
	int n;

	for (n = 0; n < 4; n++) {
		if (!isdigit((unsigned char)*s))
			return 0;
		part[n] = strtoul(s, &end, 0);
		s = end;
		if (*s != '.')
			break;
		s++;
	}
	if (*s || n == 4)
		return 0;
	switch (n) {
	case 0: if (part[0] > 0xffffffffUL) return 0;
		v = part[0]; break;
	case 1: if (part[0] > 255 || part[1] > 0xffffff) return 0;
		v = part[0] << 24 | part[1]; break;
	case 2: if (part[0] > 255 || part[1] > 255 || part[2] > 0xffff) return 0;
		v = part[0] << 24 | part[1] << 16 | part[2]; break;
	default: if (part[0] > 255 || part[1] > 255 || part[2] > 255 || part[3] > 255) return 0;
		v = part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3];
	}
	if (out)
		out->s_addr = htonl(v);
	return 1;
}

in_addr_t inet_addr(const char *s)
{
	struct in_addr a;

	return inet_aton(s, &a) ? a.s_addr : INADDR_NONE;
}

in_addr_t inet_network(const char *s)
{
	struct in_addr a;

	return inet_aton(s, &a) ? ntohl(a.s_addr) : INADDR_NONE;
}

char *inet_ntoa(struct in_addr a)
{
	static char buf[INET_ADDRSTRLEN];
	const unsigned char *b = (const unsigned char *)&a.s_addr;

	snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

struct in_addr inet_makeaddr(in_addr_t net, in_addr_t host)
{
	struct in_addr a;

	if (net < 256)
		a.s_addr = htonl(net << 24 | (host & 0xffffff));
	else if (net < 65536)
		a.s_addr = htonl(net << 16 | (host & 0xffff));
	else
		a.s_addr = htonl(net << 8 | (host & 0xff));
	return a;
}

in_addr_t inet_lnaof(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return IN_CLASSA(h) ? h & 0xffffff : IN_CLASSB(h) ? h & 0xffff : h & 0xff;
}

in_addr_t inet_netof(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return IN_CLASSA(h) ? h >> 24 : IN_CLASSB(h) ? h >> 16 : h >> 8;
}

/* Strict dotted decimal, as inet_pton wants it. */
static int pton4(const char *s, unsigned char *out)
{
	int i, digits;
	unsigned v;

	for (i = 0; i < 4; i++) {
		for (v = 0, digits = 0; isdigit((unsigned char)*s) && digits < 4; digits++)
			v = v * 10 + (*s++ - '0');
		if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s[-digits] == '0'))
			return 0;
		out[i] = v;
		if (i < 3 && *s++ != '.')
			return 0;
	}
	return *s == 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static int pton6(const char *s, unsigned char *out)
{
	uint16_t w[8];
	int n = 0, gap = -1, i, d, v;

	if (s[0] == ':' && s[1] == ':') {
		gap = 0;
		s += 2;
	} else if (*s == ':') {
		return 0;
	}
	while (*s && n < 8) {
		const char *start = s;
		for (v = 0, d = 0; d < 4 && (i = hexval(*s)) >= 0; d++, s++)
			v = v * 16 + i;
		if (*s == '.' && n <= 6) {      /* trailing IPv4 part */
			if (!pton4(start, (unsigned char *)&w[n]))
				return 0;
			w[n] = ntohs(w[n]);
			w[n + 1] = ntohs(w[n + 1]);
			n += 2;
			s += strlen(s);
			break;
		}
		if (d == 0)
			return 0;
		w[n++] = v;
		if (*s == 0)
			break;
		if (*s++ != ':')
			return 0;
		if (*s == ':') {
			if (gap >= 0)
				return 0;
			gap = n;
			s++;
			if (*s == 0)
				break;
		} else if (*s == 0) {
			return 0;
		}
	}
	if (*s || (gap < 0 && n != 8) || (gap >= 0 && n > 7))
		return 0;
	if (gap >= 0) {
		memmove(w + gap + 8 - n, w + gap, (n - gap) * sizeof *w);
		memset(w + gap, 0, (8 - n) * sizeof *w);
	}
	for (i = 0; i < 8; i++) {
		out[2 * i] = w[i] >> 8;
		out[2 * i + 1] = w[i];
	}
	return 1;
}

int inet_pton(int af, const char *restrict s, void *restrict out)
{
	if (af == AF_INET)
		return pton4(s, out);
	if (af == AF_INET6)
		return pton6(s, out);
	errno = EAFNOSUPPORT;
	return -1;
}

static const char *ntop6(const unsigned char *a, char *buf, socklen_t size)
{
	char tmp[INET6_ADDRSTRLEN], *p = tmp;
	int best = -1, best_len = 1, i, j;

	if (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		snprintf(tmp, sizeof tmp, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
		goto done;
	}
	/* The longest run of two or more zero words becomes "::". */
	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && !a[2 * j] && !a[2 * j + 1]; j++)
			;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			p += sprintf(p, i == 0 ? "::" : ":");
			i += best_len - 1;
			continue;
		}
		p += sprintf(p, "%x%s", a[2 * i] << 8 | a[2 * i + 1], i < 7 ? ":" : "");
	}
done:
	if (strlen(tmp) >= size) {
		errno = ENOSPC;
		return NULL;
	}
	return strcpy(buf, tmp);
}

const char *inet_ntop(int af, const void *restrict src, char *restrict buf, socklen_t size)
{
	const unsigned char *a = src;
	char tmp[INET_ADDRSTRLEN];

	if (af == AF_INET6)
		return ntop6(a, buf, size);
	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	snprintf(tmp, sizeof tmp, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	if (strlen(tmp) >= size) {
		errno = ENOSPC;
		return NULL;
	}
	return strcpy(buf, tmp);
}

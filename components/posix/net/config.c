/*
 * The network boot words: unicore.net.ip=ADDR/PREFIX, unicore.net.gw=ADDR,
 * unicore.net.dns=ADDR[:PORT] (repeatable; [ADDR6]:PORT for IPv6) and
 * unicore.hostname=NAME. Checked at boot, before main(): a malformed word
 * stops the program with a one-line error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include "posix/core/core.h"
#include "net.h"

struct uc_net_config uc_net_config;

static int parse_v4(const char *s, uint8_t out[4])
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	memcpy(out, &a, 4);
	return 0;
}

static int parse_ip(const char *v)
{
	char buf[32];
	const char *slash = strchr(v, '/');
	char *end;
	long prefix;

	if (!slash || (size_t)(slash - v) >= sizeof buf)
		return -EINVAL;
	memcpy(buf, v, slash - v);
	buf[slash - v] = 0;
	prefix = strtol(slash + 1, &end, 10);
	if (parse_v4(buf, uc_net_config.ip) < 0 || !slash[1] || *end || prefix < 1 || prefix > 32)
		return -EINVAL;
	uint32_t mask = htonl(prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix));
	memcpy(uc_net_config.mask, &mask, 4);
	uc_net_config.static_ip = 1;
	return 0;
}

/* ADDR, ADDR:PORT, ADDR6 or [ADDR6]:PORT. */
int uc_net_parse_server(const char *v, struct sockaddr_storage *out, int default_port)
{
	char host[64];
	const char *port = NULL;
	size_t len = strlen(v);
	long p = default_port;

	memset(out, 0, sizeof *out);
	if (v[0] == '[') {
		const char *close = strchr(v, ']');
		if (!close || (close[1] && close[1] != ':'))
			return -EINVAL;
		len = close - v - 1;
		v++;
		port = close[1] ? close + 2 : NULL;
	} else if (strchr(v, ':') == strrchr(v, ':') && strchr(v, ':')) {
		port = strchr(v, ':') + 1;
		len = port - 1 - v;
	}
	if (len == 0 || len >= sizeof host)
		return -EINVAL;
	memcpy(host, v, len);
	host[len] = 0;
	if (port) {
		char *end;
		p = strtol(port, &end, 10);
		if (!*port || *end || p < 1 || p > 65535)
			return -EINVAL;
	}
	struct sockaddr_in *in = (struct sockaddr_in *)out;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)out;
	if (inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(p);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(p);
	} else
		return -EINVAL;
	return 0;
}

static int valid_hostname(const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n > 64)
		return 0;
	for (; *v; v++)
		if (!(*v == '-' || *v == '.' || (*v >= '0' && *v <= '9') || ((*v | 32) >= 'a' && (*v | 32) <= 'z')))
			return 0;
	return 1;
}

/* kv is a boot word without "unicore.": 1 if it is a network word and
 * valid, 0 if it is no network word, -EINVAL with *hint set if malformed. */
int uc_net_option(const char *kv, const char **hint)
{
	if (strncmp(kv, "net.ip=", 7) == 0) {
		*hint = "an IPv4 address and prefix length, such as unicore.net.ip=10.0.2.15/24";
		return parse_ip(kv + 7) < 0 ? -EINVAL : 1;
	}
	if (strncmp(kv, "net.gw=", 7) == 0) {
		*hint = "an IPv4 address, such as unicore.net.gw=10.0.2.2";
		return parse_v4(kv + 7, uc_net_config.gw) < 0 ? -EINVAL : 1;
	}
	if (strncmp(kv, "net.dns=", 8) == 0) {
		*hint = "an address with an optional port, such as unicore.net.dns=10.0.2.3 or 10.0.2.2:5353 (at most 3)";
		if (uc_net_config.ndns == UC_NET_MAX_DNS ||
		    uc_net_parse_server(kv + 8, &uc_net_config.dns[uc_net_config.ndns], 53) < 0)
			return -EINVAL;
		uc_net_config.ndns++;
		return 1;
	}
	if (strncmp(kv, "hostname=", 9) == 0) {
		*hint = "a host name of letters, digits, '-' and '.', such as unicore.hostname=web1";
		if (!valid_hostname(kv + 9))
			return -EINVAL;
		sethostname(kv + 9, strlen(kv + 9));
		return 1;
	}
	if (strncmp(kv, "net.", 4) == 0) {
		*hint = "the network words are unicore.net.ip=, unicore.net.gw= and unicore.net.dns=";
		return -EINVAL;
	}
	return 0;
}

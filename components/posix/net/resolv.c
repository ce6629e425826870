/*
 * The name service: getaddrinfo, getnameinfo and gethostbyname over
 * "localhost", /etc/hosts (from the rootfs) and DNS. The name servers are
 * the unicore.net.dns= boot words, else /etc/resolv.conf's nameserver lines,
 * else those DHCP offered; queries go over the socket layer (UDP), so the
 * same code runs over lwIP and over the host's sockets on linuxu.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unicore/random.h>
#include "net.h"

#define MAX_ADDRS 16
/* glibc's defaults (resolv.conf timeout:5 attempts:2): a server on a busy
 * host, or a guest starved of CPU under emulation, may take seconds. */
#define DNS_TIMEOUT_MS 5000
#define DNS_TRIES 2

int h_errno;

struct addr {
	int family;
	unsigned char bytes[16];
};

int uc_net_parse_server(const char *v, struct sockaddr_storage *out, int default_port);
__attribute__((weak)) int uc_lwip_dhcp_dns(struct sockaddr_storage *out, int max);

static int addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static int wanted(int family, int want)
{
	return want == AF_UNSPEC || want == family;
}

static int add(struct addr *out, int n, int family, const void *bytes)
{
	for (int i = 0; i < n; i++)
		if (out[i].family == family && !memcmp(out[i].bytes, bytes, addr_len(family)))
			return n;
	if (n == MAX_ADDRS)
		return n;
	out[n].family = family;
	memcpy(out[n].bytes, bytes, addr_len(family));
	return n + 1;
}

static int numeric(const char *name, int want, struct addr *out)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, name, b) == 1 && wanted(AF_INET, want))
		return add(out, 0, AF_INET, b);
	if (inet_pton(AF_INET6, name, b) == 1 && wanted(AF_INET6, want))
		return add(out, 0, AF_INET6, b);
	return 0;
}

/* ---- /etc/hosts and /etc/resolv.conf ---- */

/* Calls each(line's address, its names, arg) for the lines of /etc/hosts;
 * stops when each returns non-zero. */
static void hosts_each(int (*each)(const char *addr, char **names, int nnames, void *arg), void *arg)
{
	FILE *f = fopen("/etc/hosts", "r");
	char line[512];

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *words[16], *save = NULL, *w;
		int n = 0;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		for (w = strtok_r(line, " \t\r\n", &save); w && n < 16; w = strtok_r(NULL, " \t\r\n", &save))
			words[n++] = w;
		if (n >= 2 && each(words[0], words + 1, n - 1, arg))
			break;
	}
	fclose(f);
}

struct forward { const char *name; int want, n; struct addr *out; char *canon; };

static int hosts_forward(const char *addr, char **names, int nnames, void *arg)
{
	struct forward *q = arg;
	struct addr a[1];

	for (int i = 0; i < nnames; i++) {
		if (strcasecmp(names[i], q->name) == 0 && numeric(addr, q->want, a)) {
			if (!q->n && q->canon)
				snprintf(q->canon, NI_MAXHOST, "%s", names[0]);
			q->n = add(q->out, q->n, a[0].family, a[0].bytes);
		}
	}
	return 0;
}

struct reverse { struct addr a; char *name; size_t len; int found; };

static int hosts_reverse(const char *addr, char **names, int nnames, void *arg)
{
	struct reverse *q = arg;
	struct addr a[1];

	if (numeric(addr, q->a.family, a) && !memcmp(a[0].bytes, q->a.bytes, addr_len(q->a.family))) {
		snprintf(q->name, q->len, "%s", names[0]);
		q->found = 1;
	}
	return q->found;
}

int uc_dns_servers(struct sockaddr_storage *out, int max)
{
	int n = 0;
	FILE *f;
	char line[256], word[64], addr[128];

	for (; n < uc_net_config.ndns && n < max; n++)
		out[n] = uc_net_config.dns[n];
	if (n)
		return n;
	f = fopen("/etc/resolv.conf", "r");
	while (f && n < max && fgets(line, sizeof line, f)) {
		if (sscanf(line, "%63s %127s", word, addr) == 2 && strcmp(word, "nameserver") == 0 &&
		    uc_net_parse_server(addr, &out[n], 53) == 0)
			n++;
	}
	if (f)
		fclose(f);
	if (!n && uc_lwip_dhcp_dns)
		n = uc_lwip_dhcp_dns(out, max);
	return n;
}

/* ---- DNS over UDP ---- */

static int build_query(unsigned char *q, const char *name, int type, uint16_t id)
{
	int len = 12;
	const char *p = name;

	memset(q, 0, 12);
	q[0] = id >> 8;
	q[1] = id;
	q[2] = 1;               /* recursion desired */
	q[5] = 1;               /* one question */
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);
		if (l == 0 || l > 63 || len + l + 6 > 300)
			return -1;
		q[len++] = l;
		memcpy(q + len, p, l);
		len += l;
		p += l + (dot ? 1 : 0);
	}
	q[len++] = 0;
	q[len++] = 0;
	q[len++] = type;
	q[len++] = 0;
	q[len++] = 1;
	return len;
}

static int skip_name(const unsigned char *m, int len, int off)
{
	while (off < len) {
		if (m[off] == 0)
			return off + 1;
		if ((m[off] & 0xc0) == 0xc0)
			return off + 2;
		off += m[off] + 1;
	}
	return -1;
}

/* Adds the answer's A/AAAA records; -1 if malformed or not ours, -2 if the name
 * does not exist, -3 if the server refuses or fails. */
static int parse_answer(const unsigned char *m, int len, uint16_t id, struct addr *out, int *n)
{
	int off, an;

	if (len < 12 || ((m[0] << 8) | m[1]) != id || !(m[2] & 0x80))
		return -1;
	if ((m[3] & 15) == 3)
		return -2;
	if ((m[3] & 15) != 0)
		return -3;              /* SERVFAIL, REFUSED...: this server will not say */
	an = (m[6] << 8) | m[7];
	off = skip_name(m, len, 12);
	if (off < 0)
		return -1;
	off += 4;
	for (int i = 0; i < an && off < len; i++) {
		off = skip_name(m, len, off);
		if (off < 0 || off + 10 > len)
			return -1;
		int type = (m[off] << 8) | m[off + 1], rdlen = (m[off + 8] << 8) | m[off + 9];
		off += 10;
		if (off + rdlen > len)
			return -1;
		if (type == 1 && rdlen == 4)
			*n = add(out, *n, AF_INET, m + off);
		else if (type == 28 && rdlen == 16)
			*n = add(out, *n, AF_INET6, m + off);
		off += rdlen;
	}
	return 0;
}

/* One question to one server: 0 with the records added, -2 no such name, -1 no
 * answer (none in time, or a refusal: then without asking again, as glibc). */
static int ask(const struct sockaddr_storage *server, const char *name, int type, struct addr *out, int *n)
{
	unsigned char q[320], a[1500];
	uint16_t id;
	int fd, len, r = -1;
	socklen_t slen = server->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);

	uc_random_fill(&id, sizeof id);
	len = build_query(q, name, type, id);
	if (len < 0)
		return -2;
	fd = socket(server->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)server, slen) == 0) {
		for (int t = 0; t < DNS_TRIES && r == -1; t++) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (send(fd, q, len, 0) != len)
				break;
			while (r == -1 && poll(&p, 1, DNS_TIMEOUT_MS) == 1) {
				ssize_t got = recv(fd, a, sizeof a, 0);
				if (got <= 0)
					break;
				r = parse_answer(a, got, id, out, n);
			}
		}
	}
	close(fd);
	return r == -3 ? -1 : r;
}

static int dns_lookup(const char *name, int want, struct addr *out, int *n)
{
	struct sockaddr_storage servers[UC_NET_MAX_DNS];
	int ns = uc_dns_servers(servers, UC_NET_MAX_DNS), none = 0;

	if (!ns)
		return EAI_AGAIN;
	for (int i = 0; i < ns && !*n; i++) {
		int r4 = 0, r6 = 0;
		if (wanted(AF_INET, want))
			r4 = ask(&servers[i], name, 1, out, n);
		if (wanted(AF_INET6, want) && r4 != -2)
			r6 = ask(&servers[i], name, 28, out, n);
		none |= r4 == -2 || r6 == -2;
	}
	return *n ? 0 : none ? EAI_NONAME : EAI_AGAIN;
}

/* Addresses for a host name: 0 and *n, or an EAI_ code. */
static int lookup(const char *name, int want, int numeric_only, struct addr *out, int *n, char *canon)
{
	static const unsigned char lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };

	*n = numeric(name, want, out);
	if (*n || numeric_only)
		return *n ? 0 : EAI_NONAME;
	if (canon)
		snprintf(canon, NI_MAXHOST, "%s", name);
	if (strcasecmp(name, "localhost") == 0 || strcasecmp(name, "localhost.localdomain") == 0) {
		if (wanted(AF_INET, want))
			*n = add(out, *n, AF_INET, lo4);
		if (wanted(AF_INET6, want))
			*n = add(out, *n, AF_INET6, lo6);
		return 0;
	}
	struct forward q = { name, want, 0, out, canon };
	hosts_each(hosts_forward, &q);
	*n = q.n;
	if (*n)
		return 0;
	return dns_lookup(name, want, out, n);
}

/* ---- services ---- */

static const struct { const char *name; int port; } services[] = {
	{ "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 }, { "smtp", 25 }, { "domain", 53 },
	{ "http", 80 }, { "pop3", 110 }, { "ntp", 123 }, { "imap", 143 }, { "https", 443 },
	{ "memcache", 11211 }, { "mysql", 3306 }, { "redis", 6379 },
};

static int service_port(const char *serv, int numeric_only)
{
	char *end;
	long p;

	if (!serv)
		return 0;
	p = strtol(serv, &end, 10);
	if (*serv && !*end)
		return p >= 0 && p <= 65535 ? (int)p : EAI_SERVICE;
	if (numeric_only)
		return EAI_NONAME;
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (strcmp(services[i].name, serv) == 0)
			return services[i].port;
	return EAI_SERVICE;
}

/* ---- getaddrinfo ---- */

static struct addrinfo *make_ai(const struct addr *a, int port, int socktype, int proto)
{
	struct addrinfo *ai = calloc(1, sizeof *ai);
	struct sockaddr_storage *ss = calloc(1, sizeof *ss);

	if (!ai || !ss) {
		free(ai);
		free(ss);
		return NULL;
	}
	ai->ai_family = a->family;
	ai->ai_socktype = socktype;
	ai->ai_protocol = proto;
	ai->ai_addr = (struct sockaddr *)ss;
	if (a->family == AF_INET) {
		struct sockaddr_in *in = (void *)ss;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, a->bytes, 4);
		ai->ai_addrlen = sizeof *in;
	} else {
		struct sockaddr_in6 *in6 = (void *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		memcpy(&in6->sin6_addr, a->bytes, 16);
		ai->ai_addrlen = sizeof *in6;
	}
	return ai;
}

static int local_addrs(int want, int passive, struct addr *out)
{
	static const unsigned char any[16], lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };
	int n = 0;

	if (wanted(AF_INET, want))
		n = add(out, n, AF_INET, passive ? any : lo4);
	if (wanted(AF_INET6, want))
		n = add(out, n, AF_INET6, passive ? any : lo6);
	return n;
}

int getaddrinfo(const char *restrict node, const char *restrict service,
	const struct addrinfo *restrict hints, struct addrinfo **restrict res)
{
	struct addrinfo h = { 0 }, *head = NULL, **tail = &head;
	struct addr addrs[MAX_ADDRS];
	char canon[NI_MAXHOST];
	int n, port, r;
	static const int types[2][2] = { { SOCK_STREAM, IPPROTO_TCP }, { SOCK_DGRAM, IPPROTO_UDP } };

	if (hints)
		h = *hints;
	if (!node && !service)
		return EAI_NONAME;
	if (h.ai_flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV))
		return EAI_BADFLAGS;
	if (h.ai_family != AF_UNSPEC && h.ai_family != AF_INET && h.ai_family != AF_INET6)
		return EAI_FAMILY;
	if (h.ai_socktype != 0 && h.ai_socktype != SOCK_STREAM && h.ai_socktype != SOCK_DGRAM)
		return EAI_SOCKTYPE;
	port = service_port(service, h.ai_flags & AI_NUMERICSERV);
	if (port < 0)
		return port;
	canon[0] = 0;
	if (!node)
		n = local_addrs(h.ai_family, h.ai_flags & AI_PASSIVE, addrs);
	else if ((r = lookup(node, h.ai_family, h.ai_flags & AI_NUMERICHOST, addrs, &n, canon)) != 0)
		return r;
	for (int i = 0; i < n; i++) {
		for (int t = 0; t < 2; t++) {
			if (h.ai_socktype && h.ai_socktype != types[t][0])
				continue;
			if (h.ai_protocol && h.ai_protocol != types[t][1])
				continue;
			*tail = make_ai(&addrs[i], port, types[t][0], types[t][1]);
			if (!*tail) {
				freeaddrinfo(head);
				return EAI_MEMORY;
			}
			tail = &(*tail)->ai_next;
		}
	}
	if (!head)
		return EAI_SERVICE;
	if ((h.ai_flags & AI_CANONNAME) && !(head->ai_canonname = strdup(canon[0] ? canon : node ? node : "localhost"))) {
		freeaddrinfo(head);
		return EAI_MEMORY;
	}
	*res = head;
	return 0;
}

/* ---- getnameinfo ---- */

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen, char *restrict host,
	socklen_t hostlen, char *restrict serv, socklen_t servlen, int flags)
{
	struct reverse q = { .name = host, .len = hostlen };
	const void *bytes;
	int port;

	if (!sa)
		return EAI_FAMILY;
	if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)sa;
		bytes = &in->sin_addr;
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		bytes = &in6->sin6_addr;
		port = ntohs(in6->sin6_port);
	} else
		return EAI_FAMILY;
	if (host && hostlen) {
		q.a.family = sa->sa_family;
		memcpy(q.a.bytes, bytes, addr_len(sa->sa_family));
		if (!(flags & NI_NUMERICHOST))
			hosts_each(hosts_reverse, &q);
		if (!q.found && (flags & NI_NAMEREQD))
			return EAI_NONAME;
		if (!q.found && !inet_ntop(sa->sa_family, bytes, host, hostlen))
			return EAI_OVERFLOW;
		if (q.found && strlen(host) + 1 >= hostlen)
			return EAI_OVERFLOW;
	}
	if (serv && servlen) {
		const char *name = NULL;
		for (size_t i = 0; !(flags & NI_NUMERICSERV) && i < sizeof services / sizeof services[0]; i++)
			if (services[i].port == port)
				name = services[i].name;
		if ((name ? snprintf(serv, servlen, "%s", name) : snprintf(serv, servlen, "%d", port)) >= (int)servlen)
			return EAI_OVERFLOW;
	}
	return 0;
}

/* ---- the old calls ---- */

static int fill_hostent(const char *name, int family, struct hostent *h, char *buf, size_t len, int *err)
{
	struct addr addrs[MAX_ADDRS];
	char canon[NI_MAXHOST];
	int n, r, alen = addr_len(family);
	size_t need;

	r = lookup(name, family, 0, addrs, &n, canon);
	if (r) {
		*err = r == EAI_AGAIN ? TRY_AGAIN : HOST_NOT_FOUND;
		return r == EAI_AGAIN ? EAGAIN : ENOENT;
	}
	if (!canon[0])
		snprintf(canon, sizeof canon, "%s", name);
	need = (n + 2) * sizeof(char *) + n * alen + strlen(canon) + 1 + 16;
	if (need > len)
		return ERANGE;
	char **list = (char **)(((uintptr_t)buf + 7) & ~(uintptr_t)7);
	char **aliases = list + n + 1;
	char *data = (char *)(aliases + 1);
	for (int i = 0; i < n; i++) {
		list[i] = data + i * alen;
		memcpy(list[i], addrs[i].bytes, alen);
	}
	list[n] = NULL;
	aliases[0] = NULL;
	h->h_name = data + n * alen;
	strcpy(h->h_name, canon);
	h->h_aliases = aliases;
	h->h_addrtype = family;
	h->h_length = alen;
	h->h_addr_list = list;
	return 0;
}

int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t len,
	struct hostent **result, int *h_errnop)
{
	int r = fill_hostent(name, AF_INET, ret, buf, len, h_errnop);

	*result = r ? NULL : ret;
	return r;
}

struct hostent *gethostbyname2(const char *name, int af)
{
	static struct hostent h;
	static char buf[1024];
	int r;

	if (af != AF_INET && af != AF_INET6) {
		h_errno = NO_RECOVERY;
		errno = EAFNOSUPPORT;
		return NULL;
	}
	r = fill_hostent(name, af, &h, buf, sizeof buf, &h_errno);
	return r ? NULL : &h;
}

struct hostent *gethostbyname(const char *name)
{
	return gethostbyname2(name, AF_INET);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type)
{
	static char name[NI_MAXHOST];
	struct reverse q = { .name = name, .len = sizeof name };

	if ((type != AF_INET || len != 4) && (type != AF_INET6 || len != 16)) {
		h_errno = NO_RECOVERY;
		return NULL;
	}
	q.a.family = type;
	memcpy(q.a.bytes, addr, len);
	hosts_each(hosts_reverse, &q);
	if (!q.found) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	return gethostbyname2(name, type);
}

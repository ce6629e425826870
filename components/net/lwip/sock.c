/*
 * The lwIP backend of the socket layer (struct uc_sock_ops, see
 * components/posix/net/net.h): BSD semantics over lwIP's raw TCP and UDP
 * API, without lwIP's own sockets or threads. Callbacks queue what arrives
 * (pbufs, accepted connections, errors) on the socket; the operations take
 * from the queues and never block (socket.c waits, running uc_lwip_wait).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <lwip/ip_addr.h>
#include <lwip/netif.h>
#include <lwip/pbuf.h>
#include <lwip/tcp.h>
#include <lwip/udp.h>
#include "posix/net/net.h"
#include "lwip_port.h"

#define UDP_RX_MAX (256 * 1024)   /* queued datagram bytes before dropping */
#define UDP_MAX 65507

enum { ST_NEW, ST_CONNECTING, ST_CONNECTED, ST_LISTEN, ST_DEAD };

struct qbuf {
	struct qbuf *next;
	struct pbuf *p;
	ip_addr_t addr;             /* datagrams: the sender */
	u16_t port;
};

struct lsock {
	int stream, v6, v6only;
	struct tcp_pcb *tcp;        /* a tcp_pcb_listen once listening */
	struct udp_pcb *udp;
	int state, err, eof, shut_rd, shut_wr;
	struct qbuf *rx, *rx_tail;  /* received data (stream) or datagrams */
	size_t rx_off, rx_bytes;
	struct lsock *acq, *acq_tail, *next;   /* accepted, not yet accept()ed */
	ip_addr_t peer;
	u16_t peer_port;
	int reuse, keepalive, broadcast, nodelay, rcvbuf, sndbuf;
	struct linger linger;
};

static int errno_of(err_t e)
{
	switch (e) {
	case ERR_OK: return 0;
	case ERR_MEM: return ENOMEM;
	case ERR_BUF: return ENOBUFS;
	case ERR_TIMEOUT: return ETIMEDOUT;
	case ERR_RTE: return ENETUNREACH;
	case ERR_INPROGRESS: return EINPROGRESS;
	case ERR_WOULDBLOCK: return EAGAIN;
	case ERR_USE: return EADDRINUSE;
	case ERR_ALREADY: return EALREADY;
	case ERR_ISCONN: return EISCONN;
	case ERR_CONN: case ERR_CLSD: return ENOTCONN;
	case ERR_ABRT: return ECONNABORTED;
	case ERR_RST: return ECONNRESET;
	case ERR_IF: return EIO;
	default: return EINVAL;
	}
}

/* ---- addresses ---- */

static int to_ip(struct lsock *l, const struct sockaddr *a, socklen_t n, ip_addr_t *ip, u16_t *port)
{
	if (!a)
		return -EFAULT;
	if (a->sa_family == AF_INET && !l->v6) {
		const struct sockaddr_in *in = (const void *)a;
		if (n < sizeof *in)
			return -EINVAL;
		ip_addr_set_ip4_u32_val(*ip, in->sin_addr.s_addr);
		*port = ntohs(in->sin_port);
		return 0;
	}
	if (a->sa_family == AF_INET6 && l->v6) {
		const struct sockaddr_in6 *in6 = (const void *)a;
		if (n < sizeof *in6)
			return -EINVAL;
		*port = ntohs(in6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			if (l->v6only)
				return -ENETUNREACH;
			ip_addr_set_ip4_u32_val(*ip, in6->sin6_addr.s6_addr32[3]);
		} else if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr) && !l->v6only) {
			ip_addr_copy(*ip, *IP_ANY_TYPE);
		} else {
			ip_addr_set_zero_ip6(ip);
			memcpy(ip_2_ip6(ip)->addr, &in6->sin6_addr, 16);
			ip6_addr_clear_zone(ip_2_ip6(ip));
		}
		return 0;
	}
	if (a->sa_family == AF_UNSPEC)
		return -EAFNOSUPPORT;
	return n < sizeof(sa_family_t) ? -EINVAL : -EAFNOSUPPORT;
}

static void from_ip(struct lsock *l, const ip_addr_t *ip, u16_t port, struct sockaddr *a, socklen_t *n)
{
	struct sockaddr_storage ss;
	socklen_t len;

	memset(&ss, 0, sizeof ss);
	if (l->v6) {
		struct sockaddr_in6 *in6 = (void *)&ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		if (ip && IP_IS_V4(ip) && !ip_addr_isany(ip)) {
			in6->sin6_addr.s6_addr16[5] = 0xffff;
			in6->sin6_addr.s6_addr32[3] = ip4_addr_get_u32(ip_2_ip4(ip));
		} else if (ip && IP_IS_V6(ip))
			memcpy(&in6->sin6_addr, ip_2_ip6(ip)->addr, 16);
		len = sizeof *in6;
	} else {
		struct sockaddr_in *in = (void *)&ss;
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		if (ip && IP_IS_V4(ip))
			in->sin_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(ip));
		len = sizeof *in;
	}
	if (a)
		memcpy(a, &ss, *n < len ? *n : len);
	*n = len;
}

/* Whether ip is one of ours (or any 127.x.y.z, as on Linux). */
static int is_local(const ip_addr_t *ip)
{
	struct netif *n;

	if (ip_addr_isany(ip) || (IP_IS_V4(ip) && ip4_addr_isloopback(ip_2_ip4(ip))))
		return 1;
	NETIF_FOREACH(n) {
		if (IP_IS_V4(ip) && ip4_addr_cmp(ip_2_ip4(ip), netif_ip4_addr(n)))
			return 1;
		if (IP_IS_V6(ip) && netif_get_ip6_addr_match(n, ip_2_ip6(ip)) >= 0)
			return 1;
	}
	return 0;
}

/* ---- queues ---- */

static void rx_push(struct lsock *l, struct qbuf *q)
{
	q->next = NULL;
	if (l->rx_tail)
		l->rx_tail->next = q;
	else
		l->rx = q;
	l->rx_tail = q;
	l->rx_bytes += q->p->tot_len;
}

static void rx_pop(struct lsock *l)
{
	struct qbuf *q = l->rx;

	l->rx = q->next;
	if (!l->rx)
		l->rx_tail = NULL;
	l->rx_bytes -= q->p->tot_len;
	l->rx_off = 0;
	pbuf_free(q->p);
	free(q);
}

static void rx_clear(struct lsock *l)
{
	while (l->rx)
		rx_pop(l);
}

/* Tells lwIP n bytes were consumed (its window update takes u16 steps). */
static void consumed(struct lsock *l, size_t n)
{
	while (l->tcp && n > 0) {
		u16_t k = n > 0xffff ? 0xffff : (u16_t)n;
		tcp_recved(l->tcp, k);
		n -= k;
	}
}

/* ---- lwIP callbacks ---- */

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct lsock *l = arg;
	struct qbuf *q;

	if (!p) {
		l->eof = 1;
		return ERR_OK;
	}
	if (l->shut_rd) {
		tcp_recved(pcb, p->tot_len);
		pbuf_free(p);
		return ERR_OK;
	}
	q = malloc(sizeof *q);
	if (!q)
		return ERR_MEM;        /* lwIP offers it again later */
	q->p = p;
	rx_push(l, q);
	return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
	struct lsock *l = arg;

	if (!l)
		return;
	l->tcp = NULL;
	if (l->state == ST_CONNECTING)
		l->err = err == ERR_RST ? ECONNREFUSED : err == ERR_ABRT ? ETIMEDOUT : errno_of(err);
	else
		l->err = err == ERR_ABRT ? ETIMEDOUT : errno_of(err);
	l->state = ST_DEAD;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct lsock *l = arg;

	l->state = ST_CONNECTED;
	ip_addr_copy(l->peer, pcb->remote_ip);
	l->peer_port = pcb->remote_port;
	return ERR_OK;
}

static void tcp_hooks(struct lsock *l)
{
	tcp_arg(l->tcp, l);
	tcp_recv(l->tcp, on_recv);
	tcp_err(l->tcp, on_err);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct lsock *lst = arg, *c;

	if (err != ERR_OK || !pcb || !lst)
		return ERR_VAL;
	c = calloc(1, sizeof *c);
	if (!c)
		return ERR_MEM;
	c->stream = 1;
	c->v6 = lst->v6;
	c->tcp = pcb;
	c->state = ST_CONNECTED;
	c->nodelay = lst->nodelay;
	c->keepalive = lst->keepalive;
	ip_addr_copy(c->peer, pcb->remote_ip);
	c->peer_port = pcb->remote_port;
	tcp_hooks(c);
	if (c->nodelay)
		tcp_nagle_disable(pcb);
	if (lst->acq_tail)
		lst->acq_tail->next = c;
	else
		lst->acq = c;
	lst->acq_tail = c;
	return ERR_OK;
}

static void on_udp(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
	struct lsock *l = arg;
	struct qbuf *q;

	if (l->rx_bytes + p->tot_len > UDP_RX_MAX || l->shut_rd || !(q = malloc(sizeof *q))) {
		pbuf_free(p);
		return;
	}
	q->p = p;
	ip_addr_copy(q->addr, *addr);
	q->port = port;
	rx_push(l, q);
}

/* ---- operations ---- */

static int lw_open(struct uc_sock *s)
{
	struct lsock *l = calloc(1, sizeof *l);
	u8_t type = s->domain == AF_INET6 ? IPADDR_TYPE_ANY : IPADDR_TYPE_V4;

	if (!l)
		return -ENOMEM;
	uc_lwip_start();
	l->stream = s->type == SOCK_STREAM;
	l->v6 = s->domain == AF_INET6;
	if (l->stream) {
		l->tcp = tcp_new_ip_type(type);
		if (l->tcp)
			tcp_hooks(l);
	} else {
		l->udp = udp_new_ip_type(type);
		if (l->udp)
			udp_recv(l->udp, on_udp, l);
	}
	if (!l->tcp && !l->udp) {
		free(l);
		return -ENOMEM;
	}
	s->impl = l;
	return 0;
}

static int lw_bind(struct uc_sock *s, const struct sockaddr *a, socklen_t n)
{
	struct lsock *l = s->impl;
	ip_addr_t ip;
	u16_t port;
	err_t e;
	int r = to_ip(l, a, n, &ip, &port);

	if (r < 0)
		return r;
	if (!is_local(&ip))
		return -EADDRNOTAVAIL;
	if (l->stream) {
		if (l->state != ST_NEW || !l->tcp || l->tcp->local_port)
			return -EINVAL;
		e = tcp_bind(l->tcp, &ip, port);
		if (e == ERR_OK && ip_addr_isany(&ip))
			ip_addr_copy(l->tcp->local_ip, ip);
	} else {
		if (l->udp->local_port)
			return -EINVAL;
		e = udp_bind(l->udp, &ip, port);
	}
	return -errno_of(e);
}

static int lw_connect(struct uc_sock *s, const struct sockaddr *a, socklen_t n)
{
	struct lsock *l = s->impl;
	ip_addr_t ip;
	u16_t port;
	err_t e;
	int r;

	if (!l->stream && a && n >= sizeof(sa_family_t) && a->sa_family == AF_UNSPEC) {
		udp_disconnect(l->udp);
		return 0;
	}
	r = to_ip(l, a, n, &ip, &port);
	if (r < 0)
		return r;
	if (!l->stream)
		return -errno_of(udp_connect(l->udp, &ip, port));
	switch (l->state) {
	case ST_CONNECTING: return -EALREADY;
	case ST_CONNECTED: return -EISCONN;
	case ST_LISTEN: return -EISCONN;
	case ST_DEAD:
		r = l->err ? -l->err : -ECONNABORTED;
		l->err = 0;
		return r;
	}
	if (ip_addr_isany(&ip))         /* Linux: connecting to "any" means here */
		ip_addr_set_loopback(IP_IS_V6(&ip), &ip);
	e = tcp_connect(l->tcp, &ip, port, on_connected);
	if (e != ERR_OK)
		return e == ERR_USE ? -EADDRNOTAVAIL : -errno_of(e);
	l->state = ST_CONNECTING;
	uc_lwip_poll();
	return -EINPROGRESS;
}

static int lw_listen(struct uc_sock *s, int backlog)
{
	struct lsock *l = s->impl;
	struct tcp_pcb *lp;
	err_t e;

	if (!l->stream)
		return -EOPNOTSUPP;
	if (l->state == ST_LISTEN)
		return 0;
	if (l->state != ST_NEW || !l->tcp)
		return -EINVAL;
	if (!l->tcp->local_port) {
		e = tcp_bind(l->tcp, l->v6 ? (l->v6only ? IP6_ADDR_ANY : IP_ANY_TYPE) : IP4_ADDR_ANY, 0);
		if (e != ERR_OK)
			return -errno_of(e);
	}
	lp = tcp_listen_with_backlog_and_err(l->tcp, backlog > 255 ? 255 : backlog, &e);
	if (!lp)
		return -errno_of(e);
	l->tcp = lp;
	tcp_arg(lp, l);
	tcp_accept(lp, on_accept);
	l->state = ST_LISTEN;
	return 0;
}

static int lw_accept(struct uc_sock *s, struct uc_sock *child, struct sockaddr *a, socklen_t *n)
{
	struct lsock *l = s->impl, *c;

	if (l->state != ST_LISTEN)
		return -EINVAL;
	if (!l->acq)
		uc_lwip_poll();
	c = l->acq;
	if (!c)
		return -EAGAIN;
	l->acq = c->next;
	if (!l->acq)
		l->acq_tail = NULL;
	c->next = NULL;
	child->impl = c;
	if (a && n)
		from_ip(c, &c->peer, c->peer_port, a, n);
	return 0;
}

static ssize_t tcp_send_iov(struct lsock *l, const struct msghdr *m)
{
	size_t sent = 0, avail = tcp_sndbuf(l->tcp);
	err_t e = ERR_OK;

	if (tcp_sndqueuelen(l->tcp) >= TCP_SND_QUEUELEN - 8)
		avail = 0;
	for (size_t i = 0; i < m->msg_iovlen && avail > 0 && e == ERR_OK; i++) {
		const char *p = m->msg_iov[i].iov_base;
		size_t len = m->msg_iov[i].iov_len;
		while (len > 0 && avail > 0) {
			u16_t k = (u16_t)(len < avail ? (len < 0xffff ? len : 0xffff) : (avail < 0xffff ? avail : 0xffff));
			int more = k < len || i + 1 < m->msg_iovlen;
			e = tcp_write(l->tcp, p, k, TCP_WRITE_FLAG_COPY | (more ? TCP_WRITE_FLAG_MORE : 0));
			if (e != ERR_OK)
				break;
			p += k;
			len -= k;
			sent += k;
			avail -= k;
		}
	}
	if (sent)
		tcp_output(l->tcp);
	if (sent || e == ERR_OK || e == ERR_MEM)
		return sent ? (ssize_t)sent : -EAGAIN;
	return -errno_of(e);
}

static ssize_t lw_send_stream(struct lsock *l, const struct msghdr *m)
{
	ssize_t r;

	if (l->state == ST_DEAD || !l->tcp) {
		r = l->err ? -l->err : -EPIPE;
		l->err = 0;
		return r;
	}
	if (l->shut_wr)
		return -EPIPE;
	if (l->state == ST_CONNECTING)
		return -EAGAIN;
	if (l->state != ST_CONNECTED)
		return -ENOTCONN;
	r = tcp_send_iov(l, m);
	if (r == -EAGAIN) {
		uc_lwip_poll();
		if (l->tcp)
			r = tcp_send_iov(l, m);
	}
	return r;
}

static ssize_t lw_send_dgram(struct lsock *l, const struct msghdr *m)
{
	size_t total = 0, off = 0;
	ip_addr_t ip;
	u16_t port;
	struct pbuf *p;
	err_t e;

	for (size_t i = 0; i < m->msg_iovlen; i++)
		total += m->msg_iov[i].iov_len;
	if (total > UDP_MAX)
		return -EMSGSIZE;
	if (m->msg_name) {
		int r = to_ip(l, m->msg_name, m->msg_namelen, &ip, &port);
		if (r < 0)
			return r;
	} else if (!(l->udp->flags & UDP_FLAGS_CONNECTED))
		return -EDESTADDRREQ;
	if (l->shut_wr)
		return -EPIPE;
	p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)total, PBUF_RAM);
	if (!p)
		return -ENOBUFS;
	for (size_t i = 0; i < m->msg_iovlen; i++) {
		pbuf_take_at(p, m->msg_iov[i].iov_base, (u16_t)m->msg_iov[i].iov_len, (u16_t)off);
		off += m->msg_iov[i].iov_len;
	}
	e = m->msg_name ? udp_sendto(l->udp, p, &ip, port) : udp_send(l->udp, p);
	pbuf_free(p);
	uc_lwip_poll();
	return e == ERR_OK ? (ssize_t)total : -errno_of(e);
}

static ssize_t lw_sendmsg(struct uc_sock *s, const struct msghdr *m, int flags)
{
	struct lsock *l = s->impl;
	return l->stream ? lw_send_stream(l, m) : lw_send_dgram(l, m);
}

/* Copies from the queued pbufs into the iovecs from offset skip; returns bytes. */
static size_t copy_out(struct lsock *l, struct msghdr *m, int peek)
{
	struct qbuf *q = l->rx;
	size_t off = l->rx_off, done = 0;

	for (size_t i = 0; i < m->msg_iovlen && q; i++) {
		char *to = m->msg_iov[i].iov_base;
		size_t len = m->msg_iov[i].iov_len;
		while (len > 0 && q) {
			u16_t k = pbuf_copy_partial(q->p, to, len > 0xffff ? 0xffff : (u16_t)len, (u16_t)off);
			to += k;
			len -= k;
			done += k;
			off += k;
			if (off == q->p->tot_len) {
				q = q->next;
				off = 0;
				if (!peek)
					rx_pop(l);
			}
		}
	}
	if (!peek && l->rx)
		l->rx_off = off;
	return done;
}

static ssize_t lw_recv_stream(struct lsock *l, struct msghdr *m, int flags)
{
	size_t n;
	int r;

	if (l->state == ST_NEW || l->state == ST_LISTEN)
		return -ENOTCONN;
	if (!l->rx)
		uc_lwip_poll();
	if (!l->rx) {
		if (l->err && l->state == ST_DEAD) {
			r = -l->err;
			l->err = 0;
			return r;
		}
		return l->eof || l->shut_rd || l->state == ST_DEAD ? 0 : -EAGAIN;
	}
	n = copy_out(l, m, flags & MSG_PEEK);
	if (!(flags & MSG_PEEK))
		consumed(l, n);
	return n;
}

static ssize_t lw_recv_dgram(struct lsock *l, struct msghdr *m, int flags)
{
	struct qbuf *q;
	size_t len, n;

	if (!l->rx)
		uc_lwip_poll();
	q = l->rx;
	if (!q)
		return l->shut_rd ? 0 : -EAGAIN;
	len = q->p->tot_len;
	if (m->msg_name)
		from_ip(l, &q->addr, q->port, m->msg_name, &m->msg_namelen);
	n = 0;
	for (size_t i = 0; i < m->msg_iovlen && n < len; i++) {
		size_t k = m->msg_iov[i].iov_len < len - n ? m->msg_iov[i].iov_len : len - n;
		n += pbuf_copy_partial(q->p, m->msg_iov[i].iov_base, (u16_t)k, (u16_t)n);
	}
	if (n < len)
		m->msg_flags |= MSG_TRUNC;
	if (!(flags & MSG_PEEK))
		rx_pop(l);
	return flags & MSG_TRUNC ? (ssize_t)len : (ssize_t)n;
}

static ssize_t lw_recvmsg(struct uc_sock *s, struct msghdr *m, int flags)
{
	struct lsock *l = s->impl;

	m->msg_controllen = 0;
	if (l->stream)
		m->msg_namelen = 0;
	return l->stream ? lw_recv_stream(l, m, flags) : lw_recv_dgram(l, m, flags);
}

static int lw_shutdown(struct uc_sock *s, int how)
{
	struct lsock *l = s->impl;

	if (l->stream && l->state != ST_CONNECTED && l->state != ST_CONNECTING && l->state != ST_DEAD)
		return -ENOTCONN;
	if (how != SHUT_WR) {
		l->shut_rd = 1;
		if (l->stream)
			consumed(l, l->rx_bytes - l->rx_off);
		rx_clear(l);
	}
	if (how != SHUT_RD && !l->shut_wr) {
		l->shut_wr = 1;
		if (l->stream && l->tcp && l->state == ST_CONNECTED) {
			tcp_shutdown(l->tcp, 0, 1);
			uc_lwip_poll();
		}
	}
	return 0;
}

static int lw_name(struct uc_sock *s, struct sockaddr *a, socklen_t *n, int peer)
{
	struct lsock *l = s->impl;

	if (l->stream) {
		if (peer) {
			if (l->state != ST_CONNECTED && !(l->state == ST_DEAD && l->peer_port))
				return -ENOTCONN;
			from_ip(l, &l->peer, l->peer_port, a, n);
		} else
			from_ip(l, l->tcp ? &l->tcp->local_ip : NULL, l->tcp ? l->tcp->local_port : 0, a, n);
		return 0;
	}
	if (peer) {
		if (!(l->udp->flags & UDP_FLAGS_CONNECTED))
			return -ENOTCONN;
		from_ip(l, &l->udp->remote_ip, l->udp->remote_port, a, n);
	} else
		from_ip(l, &l->udp->local_ip, l->udp->local_port, a, n);
	return 0;
}

/* The pcb of a connection whose per-connection state may be changed. */
static struct tcp_pcb *live_tcp(struct lsock *l)
{
	return l->stream && l->tcp && l->state != ST_LISTEN ? l->tcp : NULL;
}

static int lw_getopt(struct uc_sock *s, int level, int opt, void *v, socklen_t *n)
{
	struct lsock *l = s->impl;
	struct tcp_pcb *t = live_tcp(l);
	int val;

	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_ERROR: val = l->err; l->err = 0; break;
		case SO_REUSEADDR: case SO_REUSEPORT: val = l->reuse; break;
		case SO_KEEPALIVE: val = l->keepalive; break;
		case SO_BROADCAST: val = l->broadcast; break;
		case SO_RCVBUF: val = l->rcvbuf ? l->rcvbuf : l->stream ? TCP_WND : UDP_RX_MAX; break;
		case SO_SNDBUF: val = l->sndbuf ? l->sndbuf : l->stream ? TCP_SND_BUF : UDP_MAX; break;
		case SO_ACCEPTCONN: val = l->state == ST_LISTEN; break;
		case SO_LINGER:
			if (*n < sizeof l->linger)
				return -EINVAL;
			memcpy(v, &l->linger, sizeof l->linger);
			*n = sizeof l->linger;
			return 0;
		default: return -ENOPROTOOPT;
		}
	} else if (level == IPPROTO_TCP && l->stream) {
		switch (opt) {
		case TCP_NODELAY: val = l->nodelay; break;
		case TCP_MAXSEG: val = t ? tcp_mss(t) : TCP_MSS; break;
		case TCP_KEEPIDLE: val = t ? (int)(t->keep_idle / 1000) : 7200; break;
		case TCP_KEEPINTVL: val = t ? (int)(t->keep_intvl / 1000) : 75; break;
		case TCP_KEEPCNT: val = t ? (int)t->keep_cnt : 9; break;
		case TCP_CORK: case TCP_DEFER_ACCEPT: case TCP_QUICKACK: val = 0; break;
		default: return -ENOPROTOOPT;
		}
	} else if (level == IPPROTO_IPV6 && l->v6 && opt == IPV6_V6ONLY) {
		val = l->v6only;
	} else if (level == IPPROTO_IP && !l->v6 && (opt == IP_TOS || opt == IP_TTL)) {
		struct ip_pcb_like { IP_PCB; } *p = l->tcp ? (void *)l->tcp : (void *)l->udp;
		val = p ? (opt == IP_TOS ? p->tos : p->ttl) : 0;
	} else
		return -ENOPROTOOPT;
	return uc_sock_put_int(val, v, n);
}

static void set_so_option(struct lsock *l, u8_t flag, int on)
{
	if (l->tcp && on)
		ip_set_option(l->tcp, flag);
	else if (l->tcp)
		ip_reset_option(l->tcp, flag);
	if (l->udp && on)
		ip_set_option(l->udp, flag);
	else if (l->udp)
		ip_reset_option(l->udp, flag);
}

static int set_v6only(struct lsock *l, int on)
{
	if (!l->v6)
		return -ENOPROTOOPT;
	if ((l->tcp && l->tcp->local_port) || (l->udp && l->udp->local_port) || l->state != ST_NEW)
		return -EINVAL;
	l->v6only = on;
	if (l->tcp)
		IP_SET_TYPE_VAL(l->tcp->local_ip, on ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY);
	if (l->udp)
		IP_SET_TYPE_VAL(l->udp->local_ip, on ? IPADDR_TYPE_V6 : IPADDR_TYPE_ANY);
	return 0;
}

static int lw_setopt_tcp(struct lsock *l, int opt, int val)
{
	struct tcp_pcb *t = live_tcp(l);

	switch (opt) {
	case TCP_NODELAY:
		l->nodelay = !!val;
		if (t && val)
			tcp_nagle_disable(t);
		else if (t)
			tcp_nagle_enable(t);
		return 0;
	case TCP_KEEPIDLE: case TCP_KEEPINTVL: case TCP_KEEPCNT:
		if (val < 1)
			return -EINVAL;
		if (t && opt == TCP_KEEPIDLE)
			t->keep_idle = (u32_t)val * 1000;
		if (t && opt == TCP_KEEPINTVL)
			t->keep_intvl = (u32_t)val * 1000;
		if (t && opt == TCP_KEEPCNT)
			t->keep_cnt = (u32_t)val;
		return 0;
	case TCP_CORK: case TCP_DEFER_ACCEPT: case TCP_QUICKACK:
		return 0;               /* hints lwIP has no use for */
	}
	return -ENOPROTOOPT;
}

static int lw_setopt(struct uc_sock *s, int level, int opt, const void *v, socklen_t n)
{
	struct lsock *l = s->impl;
	int val;

	if (level == SOL_SOCKET && opt == SO_LINGER) {
		if (n < sizeof l->linger)
			return -EINVAL;
		memcpy(&l->linger, v, sizeof l->linger);
		return 0;
	}
	if (n < sizeof val)
		return -EINVAL;
	memcpy(&val, v, sizeof val);
	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_REUSEADDR: case SO_REUSEPORT:
			l->reuse = !!val;
			set_so_option(l, SOF_REUSEADDR, val);
			return 0;
		case SO_KEEPALIVE:
			l->keepalive = !!val;
			set_so_option(l, SOF_KEEPALIVE, val);
			return 0;
		case SO_BROADCAST:
			l->broadcast = !!val;
			set_so_option(l, SOF_BROADCAST, val);
			return 0;
		case SO_RCVBUF: l->rcvbuf = val; return 0;
		case SO_SNDBUF: l->sndbuf = val; return 0;
		case SO_OOBINLINE: case SO_PRIORITY: case SO_RCVLOWAT: case SO_SNDLOWAT: case SO_DONTROUTE:
			return 0;
		}
		return -ENOPROTOOPT;
	}
	if (level == IPPROTO_TCP && l->stream)
		return lw_setopt_tcp(l, opt, val);
	if (level == IPPROTO_IPV6 && opt == IPV6_V6ONLY)
		return set_v6only(l, !!val);
	if (level == IPPROTO_IP && !l->v6 && (opt == IP_TOS || opt == IP_TTL)) {
		struct ip_pcb_like { IP_PCB; } *p = l->tcp ? (void *)l->tcp : (void *)l->udp;
		if (p && opt == IP_TOS)
			p->tos = (u8_t)val;
		else if (p)
			p->ttl = (u8_t)val;
		return 0;
	}
	return -ENOPROTOOPT;
}

static int lw_ready(struct uc_sock *s, int for_write)
{
	struct lsock *l = s->impl;

	if (!l->stream)
		return for_write || l->rx || l->shut_rd;
	if (for_write) {
		if (l->state == ST_DEAD || l->shut_wr)
			return 1;
		if (l->state != ST_CONNECTED || !l->tcp)
			return 0;
		return tcp_sndbuf(l->tcp) > 0 && tcp_sndqueuelen(l->tcp) < TCP_SND_QUEUELEN - 8;
	}
	if (l->state == ST_LISTEN)
		return l->acq != NULL;
	return l->rx || l->eof || l->shut_rd || l->state == ST_DEAD;
}

static int lw_nread(struct uc_sock *s)
{
	struct lsock *l = s->impl;

	if (!l->stream)
		return l->rx ? l->rx->p->tot_len : 0;
	return (int)(l->rx_bytes - l->rx_off);
}

static void drop_tcp(struct lsock *l, int abort)
{
	struct tcp_pcb *t = l->tcp;

	l->tcp = NULL;
	if (!t)
		return;
	tcp_arg(t, NULL);
	if (l->state == ST_LISTEN) {
		tcp_close(t);
		return;
	}
	tcp_recv(t, NULL);
	tcp_err(t, NULL);
	if (abort || tcp_close(t) != ERR_OK)
		tcp_abort(t);
}

static void free_lsock(struct lsock *l)
{
	while (l->acq) {
		struct lsock *c = l->acq;
		l->acq = c->next;
		drop_tcp(c, 1);
		free_lsock(c);
	}
	rx_clear(l);
	free(l);
}

static void lw_close(struct uc_sock *s)
{
	struct lsock *l = s->impl;

	if (!l)
		return;
	if (l->udp)
		udp_remove(l->udp);
	drop_tcp(l, l->linger.l_onoff && l->linger.l_linger == 0);
	free_lsock(l);
	uc_lwip_poll();
}

/*
 * ---- the operations ----
 * lwIP is not reentrant: socket.c calls them with preemption off
 * (preempt_off below). The idle hook (uc_lwip_wait) runs in the scheduler,
 * preemption off already.
 */

/* Not ready yet: feed lwIP what has arrived and look again. A waiting
 * thread asks this when it gets the CPU (the scheduler, or a tick while
 * another thread spins), so the stack runs even when the CPU never idles. */
static int ready_now(struct uc_sock *s, int for_write)
{
	if (lw_ready(s, for_write))
		return 1;
	uc_lwip_poll();
	return lw_ready(s, for_write);
}

const struct uc_sock_ops uc_lwip_sock_ops = {
	.open = lw_open,
	.bind = lw_bind,
	.connect = lw_connect,
	.listen = lw_listen,
	.accept = lw_accept,
	.sendmsg = lw_sendmsg,
	.recvmsg = lw_recvmsg,
	.shutdown = lw_shutdown,
	.name = lw_name,
	.getopt = lw_getopt,
	.setopt = lw_setopt,
	.ready = ready_now,
	.nread = lw_nread,
	.close = lw_close,
	.wait = uc_lwip_wait,
	.preempt_off = 1,
};

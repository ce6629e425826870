/*
 * The socket layer inside the POSIX layer (components/posix/net/): sockets
 * are files of the descriptor table whose priv is a struct uc_sock; what a
 * socket does is up to its backend (struct uc_sock_ops): the host kernel's
 * sockets on linuxu (host.c), lwIP elsewhere (components/net/lwip/sock.c),
 * in-memory stream pairs for socketpair (pair.c). Backends never block: they
 * answer -EAGAIN / -EINPROGRESS, and socket.c waits (uc_wait_until) for blocking
 * descriptors; socket.c also holds preemption off around the operations of a
 * backend that asks for it (preempt_off). Errors are -errno.
 */
#ifndef UNICORE_POSIX_NET_H
#define UNICORE_POSIX_NET_H

#include <stdint.h>
#include <sys/socket.h>

struct uc_sock;

struct uc_sock_ops {
	/* Makes s a new socket (s->domain/type/protocol are set). */
	int (*open)(struct uc_sock *s);
	int (*bind)(struct uc_sock *s, const struct sockaddr *a, socklen_t n);
	/* 0, or -EINPROGRESS while a stream connection is being made. */
	int (*connect)(struct uc_sock *s, const struct sockaddr *a, socklen_t n);
	int (*listen)(struct uc_sock *s, int backlog);
	/* Fills child (already typed like s) with the next connection or -EAGAIN. */
	int (*accept)(struct uc_sock *s, struct uc_sock *child, struct sockaddr *a, socklen_t *n);
	ssize_t (*sendmsg)(struct uc_sock *s, const struct msghdr *m, int flags);
	ssize_t (*recvmsg)(struct uc_sock *s, struct msghdr *m, int flags);
	int (*shutdown)(struct uc_sock *s, int how);
	int (*name)(struct uc_sock *s, struct sockaddr *a, socklen_t *n, int peer);
	int (*getopt)(struct uc_sock *s, int level, int opt, void *v, socklen_t *n);
	int (*setopt)(struct uc_sock *s, int level, int opt, const void *v, socklen_t n);
	/* Whether a read (for_write 0) or write would not block now. */
	int (*ready)(struct uc_sock *s, int for_write);
	/* Bytes a read would return now (FIONREAD). */
	int (*nread)(struct uc_sock *s);
	void (*close)(struct uc_sock *s);
	/* Idles until the deadline or until some socket of this backend may have
	 * changed (also drives the stack's timers and input). */
	void (*wait)(uint64_t deadline);
	/* The backend is not reentrant: socket.c calls its operations (all but
	 * wait, which runs in the scheduler) with preemption off. */
	int preempt_off;
};

struct uc_sock {
	const struct uc_sock_ops *ops;
	int domain, type, protocol;
	uint64_t rcvtimeo, sndtimeo;   /* ns; 0 = none */
	void *impl;                    /* the backend's */
	int hostfd;                    /* host.c */
	short want;                    /* host.c: events a waiter wants */
	struct uc_sock *next;          /* host.c: all host sockets */
};

extern const struct uc_sock_ops uc_host_sock_ops;
extern const struct uc_sock_ops uc_pair_sock_ops;
/* lwIP's backend is in liblwip.a, pulled in only when sockets are used. */
extern const struct uc_sock_ops uc_lwip_sock_ops;

/* Stores an int option value (getsockopt's convention): 0 or -EINVAL. */
int uc_sock_put_int(int val, void *v, socklen_t *n);

/* The backend for new sockets on this platform (host or lwIP). */
const struct uc_sock_ops *uc_net_backend(void);
/* Makes a descriptor for a new socket of ops; returns it or -errno. */
int uc_sock_install(const struct uc_sock_ops *ops, int domain, int type, int proto,
		    int flags, struct uc_sock **out);

/* ---- config.c: the unicore.net.* and unicore.hostname boot words ---- */
#define UC_NET_MAX_DNS 3
struct uc_net_config {
	int static_ip;                 /* unicore.net.ip= given (else DHCP) */
	uint8_t ip[4], mask[4], gw[4];
	int ndns;
	struct sockaddr_storage dns[UC_NET_MAX_DNS];   /* unicore.net.dns=ADDR[:PORT] */
};
extern struct uc_net_config uc_net_config;

/* ---- resolv.c ---- */
/* Name servers: the command line's, else /etc/resolv.conf's, else DHCP's. */
int uc_dns_servers(struct sockaddr_storage *out, int max);
/* DNS servers the stack learnt from DHCP (weak: lwIP's backend defines it). */
int uc_lwip_dhcp_dns(struct sockaddr_storage *out, int max);

#endif

/*
 * Host sockets on linuxu: the socket layer uses the host kernel's sockets
 * through plat_host_socket_call, with errors translated into the runtime's
 * errno numbering (linuxu has no NIC of its own: components/net/nonic.c).
 */
#define __LINUX_ERRNO_EXTENSIONS__ 1
#include <errno.h>
#include <unicore/plat.h>
#include "syscall.h"

#define LX_SOL_SOCKET 1
#define LX_SO_ERROR 4

/* Linux's errno numbers above 34 (below they agree with newlib's). */
static const struct { short lx, uc; } errnos[] = {
	{ 35, EDEADLK }, { 36, ENAMETOOLONG }, { 37, ENOLCK }, { 38, ENOSYS },
	{ 39, ENOTEMPTY }, { 40, ELOOP }, { 61, ENODATA }, { 62, ETIME }, { 71, EPROTO },
	{ 74, EBADMSG }, { 75, EOVERFLOW }, { 84, EILSEQ }, { 88, ENOTSOCK },
	{ 89, EDESTADDRREQ }, { 90, EMSGSIZE }, { 91, EPROTOTYPE }, { 92, ENOPROTOOPT },
	{ 93, EPROTONOSUPPORT }, { 94, ESOCKTNOSUPPORT }, { 95, EOPNOTSUPP },
	{ 96, EPFNOSUPPORT }, { 97, EAFNOSUPPORT }, { 98, EADDRINUSE },
	{ 99, EADDRNOTAVAIL }, { 100, ENETDOWN }, { 101, ENETUNREACH },
	{ 102, ENETRESET }, { 103, ECONNABORTED }, { 104, ECONNRESET }, { 105, ENOBUFS },
	{ 106, EISCONN }, { 107, ENOTCONN }, { 108, ESHUTDOWN }, { 109, ETOOMANYREFS },
	{ 110, ETIMEDOUT }, { 111, ECONNREFUSED }, { 112, EHOSTDOWN },
	{ 113, EHOSTUNREACH }, { 114, EALREADY }, { 115, EINPROGRESS }, { 125, ECANCELED },
};

static int from_linux(int e)
{
	if (e <= 34)
		return e;
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].lx == e)
			return errnos[i].uc;
	return EIO;
}

static int allowed(long nr)
{
	switch (nr) {
	case SYS_close: case SYS_ioctl: case SYS_socket: case SYS_connect:
	case SYS_sendmsg: case SYS_recvmsg: case SYS_shutdown: case SYS_bind:
	case SYS_listen: case SYS_getsockname: case SYS_getpeername:
	case SYS_socketpair: case SYS_setsockopt: case SYS_getsockopt: case SYS_accept4:
		return 1;
	}
	return 0;
}

long plat_host_socket_call(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;

	if (!allowed(nr) || (nr == SYS_ioctl && b != LX_FIONREAD))
		return -ENOSYS;
	do
		r = lx_syscall6(nr, a, b, c, d, e, f);
	while (r == -LX_EINTR);
	if (r < 0 && r > -4096)
		return -from_linux((int)-r);
	if (nr == SYS_getsockopt && b == LX_SOL_SOCKET && c == LX_SO_ERROR)
		*(int *)d = from_linux(*(int *)d);
	return r;
}

/* Waits on the descriptors and stdin (unless its input was reported already). */
int plat_host_wait(struct plat_host_pollfd *fds, int n, uint64_t deadline)
{
	struct lx_pollfd p[n + 1];
	struct lx_timespec left, *timeout = &left;
	uint64_t now = plat_clock_monotonic_ns();
	int stdin_slot = !linuxu_input_reported && deadline > now;
	long r;

	for (int i = 0; i < n; i++)
		p[i] = (struct lx_pollfd){ .fd = fds[i].fd, .events = fds[i].events };
	if (stdin_slot)
		p[n] = (struct lx_pollfd){ .fd = 0, .events = LX_POLLIN };
	if (deadline <= now)
		left = (struct lx_timespec){ 0, 0 };
	else if (deadline - now > 100000 * 1000000000ull)
		timeout = 0;
	else
		left = (struct lx_timespec){ (deadline - now) / 1000000000ull, (deadline - now) % 1000000000ull };
	r = lx_syscall4(SYS_ppoll, p, n + stdin_slot, timeout, 0);
	for (int i = 0; i < n; i++)
		fds[i].revents = r > 0 ? p[i].revents : 0;
	if (r > 0 && stdin_slot && p[n].revents)
		linuxu_input_reported = 1;
	return r < 0 && r != -LX_EINTR ? -EIO : 0;
}

/*
 * The host kernel under linuxu: the platform hands over its system call entry
 * (uc_boot_info.host_syscall, which retries interrupted calls) and says
 * whether the program runs unbaked on the build machine (host_files). The
 * socket layer's host backend and the fs layer's host files call Linux
 * through uc_host_call, which turns Linux's errno numbers into the runtime's.
 */
#define __LINUX_ERRNO_EXTENSIONS__ 1
#include <errno.h>
#include <stddef.h>
#include "core.h"

long (*uc_host_syscall)(long nr, long a, long b, long c, long d, long e, long f);
int uc_host_files;

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
	{ 113, EHOSTUNREACH }, { 114, EALREADY }, { 115, EINPROGRESS },
	{ 122, EDQUOT }, { 125, ECANCELED },
};

int uc_host_errno(int lx)
{
	if (lx <= 34)
		return lx;
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].lx == lx)
			return errnos[i].uc;
	return EIO;
}

long uc_host_call(long nr, long a, long b, long c, long d, long e, long f)
{
	long r;

	if (!uc_host_syscall)
		return -ENOSYS;
	r = uc_host_syscall(nr, a, b, c, d, e, f);
	return r < 0 && r > -4096 ? -uc_host_errno((int)-r) : r;
}

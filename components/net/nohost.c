/*
 * Platforms without a host kernel under them (kvm, baremetal, xen): no host
 * sockets, so the socket layer runs its own TCP/IP stack (lwIP).
 */
#include <errno.h>
#include <unicore/plat.h>

long plat_host_socket_call(long nr, long a, long b, long c, long d, long e, long f)
{
	return -ENOSYS;
}

int plat_host_wait(struct plat_host_pollfd *fds, int n, uint64_t deadline_ns)
{
	return -ENOSYS;
}

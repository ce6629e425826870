/*
 * Platforms without a host kernel under them (kvm, baremetal, xen): no host
 * descriptors to wait for (the socket layer runs its own TCP/IP stack, lwIP).
 */
#include <errno.h>
#include <unicore/plat.h>

int plat_host_wait(struct plat_host_pollfd *fds, int n, uint64_t deadline_ns)
{
	return -ENOSYS;
}

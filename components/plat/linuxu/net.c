/*
 * Host descriptors on linuxu: the runtime makes its socket and file calls
 * through uc_boot_info.host_syscall (start.c); here it waits for them
 * (linuxu has no NIC of its own: components/net/nonic.c).
 */
#include <errno.h>
#include <unicore/plat.h>
#include "syscall.h"

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

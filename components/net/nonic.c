/*
 * Platforms without a network device (linuxu, which uses the host's sockets
 * instead): plat_net_probe says -ENODEV, so the
 * socket layer's lwIP has loopback only.
 */
#include <errno.h>
#include <unicore/plat.h>

int plat_net_probe(struct plat_net_info *info)
{
	return -ENODEV;
}

int plat_net_send(const void *frame, size_t len)
{
	return -ENODEV;
}

long plat_net_recv(void *buf, size_t cap)
{
	return 0;
}

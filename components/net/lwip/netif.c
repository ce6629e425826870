/*
 * lwIP's side of the machine: bringing the stack up on first use, the
 * Ethernet interface over the platform's NIC (plat_net_*), DHCP or the
 * static boot words, and the loop that feeds received frames, loopback
 * packets and timers to lwIP (uc_lwip_poll) and idles between them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>
#include <lwip/dhcp.h>
#include <lwip/dns.h>
#include <lwip/etharp.h>
#include <lwip/ethip6.h>
#include <lwip/init.h>
#include <lwip/ip4_addr.h>
#include <lwip/netif.h>
#include <lwip/pbuf.h>
#include <lwip/timeouts.h>
#include <netif/ethernet.h>
#include <unicore/plat.h>
#include "posix/core/core.h"
#include "posix/net/net.h"
#include "lwip_port.h"

#define FRAME_MAX 1518
#define DHCP_WAIT_NS 5000000000ull
/* How long a frame may wait for room in the transmit ring before it is dropped. */
#define SEND_WAIT_NS 1000000000ull

static struct netif nic;
static int have_nic, started;
static unsigned char frame[FRAME_MAX];
static char host_name[65];

static err_t nic_output(struct netif *n, struct pbuf *p)
{
	u16_t len = pbuf_copy_partial(p, frame, sizeof frame, 0);
	uint64_t give_up = 0;

	for (;;) {
		int r = plat_net_send(frame, len);
		if (r != -EAGAIN)
			return r == 0 ? ERR_OK : ERR_IF;
		uint64_t now = plat_clock_monotonic_ns();
		if (!give_up)
			give_up = now + SEND_WAIT_NS;
		else if (now >= give_up)
			return ERR_MEM;
		/* The ring is full: halt until the device has sent one (the driver
		 * asks for that interrupt after -EAGAIN) instead of spinning, so the
		 * host's device model runs. A dropped frame would cost a TCP
		 * retransmission timeout, seconds to a minute. */
		plat_wait_until(now + 1000000);
	}
}

static err_t nic_init(struct netif *n)
{
	struct plat_net_info *info = n->state;

	n->name[0] = 'e';
	n->name[1] = 'n';
	n->hwaddr_len = 6;
	memcpy(n->hwaddr, info->mac, 6);
	n->mtu = info->mtu ? info->mtu : 1500;
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	n->output = etharp_output;
	n->output_ip6 = ethip6_output;
	n->linkoutput = nic_output;
	n->state = NULL;
	return ERR_OK;
}

/* Feeds waiting frames, loopback packets and due timers to lwIP; whether
 * anything happened. */
int uc_lwip_poll(void)
{
	int work = 0;
	long len;

	for (int i = 0; have_nic && i < 256 && (len = plat_net_recv(frame, sizeof frame)) > 0; i++) {
		struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);
		work = 1;
		if (!p)
			continue;
		pbuf_take(p, frame, (u16_t)len);
		if (nic.input(p, &nic) != ERR_OK)
			pbuf_free(p);
	}
	for (struct netif *n = netif_list; n; n = n->next) {
		if (n->loop_first) {
			netif_poll(n);
			work = 1;
		}
	}
	sys_check_timeouts();
	return work;
}

static int loop_pending(void)
{
	for (struct netif *n = netif_list; n; n = n->next)
		if (n->loop_first)
			return 1;
	return 0;
}

/* The idle hook: keeps the stack going until the deadline or a change. */
void uc_lwip_wait(uint64_t deadline)
{
	uint64_t now, timer;

	if (uc_lwip_poll() || loop_pending())
		return;
	now = plat_clock_monotonic_ns();
	timer = now + (uint64_t)sys_timeouts_sleeptime() * 1000000;
	if (timer < now)
		timer = UINT64_MAX;
	plat_wait_until(timer < deadline ? timer : deadline);
	uc_lwip_poll();
}

static void configure_static(void)
{
	ip4_addr_t ip, mask, gw;

	IP4_ADDR(&ip, uc_net_config.ip[0], uc_net_config.ip[1], uc_net_config.ip[2], uc_net_config.ip[3]);
	IP4_ADDR(&mask, uc_net_config.mask[0], uc_net_config.mask[1], uc_net_config.mask[2], uc_net_config.mask[3]);
	IP4_ADDR(&gw, uc_net_config.gw[0], uc_net_config.gw[1], uc_net_config.gw[2], uc_net_config.gw[3]);
	netif_set_addr(&nic, &ip, &mask, &gw);
}

/* DHCP usually answers in milliseconds (QEMU's user network at once);
 * sockets are usable before that, but a first connect should find an address. */
static void wait_for_dhcp(void)
{
	uint64_t end = plat_clock_monotonic_ns() + DHCP_WAIT_NS;

	while (!dhcp_supplied_address(&nic) && plat_clock_monotonic_ns() < end)
		uc_lwip_wait(end);
}

static void add_nic(void)
{
	static struct plat_net_info info;

	if (plat_net_probe(&info) < 0)
		return;
	if (!netif_add(&nic, NULL, NULL, NULL, &info, nic_init, ethernet_input))
		return;
	have_nic = 1;
	gethostname(host_name, sizeof host_name);
	netif_set_hostname(&nic, host_name);
	netif_set_default(&nic);
	netif_set_up(&nic);
	netif_set_link_up(&nic);
	netif_create_ip6_linklocal_address(&nic, 1);
	nic.ip6_autoconfig_enabled = 1;
	if (uc_net_config.static_ip)
		configure_static();
	else {
		dhcp_start(&nic);
		wait_for_dhcp();
	}
}

void uc_lwip_start(void)
{
	if (started)
		return;
	started = 1;
	lwip_init();
	add_nic();
}

int uc_lwip_dhcp_dns(struct sockaddr_storage *out, int max)
{
	int n = 0;

	for (int i = 0; i < DNS_MAX_SERVERS && n < max; i++) {
		const ip_addr_t *a = dns_getserver(i);
		if (!a || ip_addr_isany(a) || !IP_IS_V4(a))
			continue;
		struct sockaddr_in *in = (struct sockaddr_in *)&out[n++];
		memset(in, 0, sizeof *in);
		in->sin_family = AF_INET;
		in->sin_port = htons(53);
		in->sin_addr.s_addr = ip4_addr_get_u32(ip_2_ip4(a));
	}
	return n;
}

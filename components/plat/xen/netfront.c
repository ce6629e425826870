/*
 * netfront: the network device of a Xen domU, under plat_net_* (the same
 * interface lwIP uses over virtio-net). The toolstack describes the vif in
 * xenstore (device/vif/0: backend, backend-id, mac); we share two rings with
 * the backend (netback in the driver domain) through grant references, and one
 * event channel for both. Transmit: each frame is copied into one of TX_BUFS
 * pages granted read-only; the page is free again when its response comes.
 * Receive: RX_BUFS pages granted writable are posted on the receive ring; the
 * backend copies frames into them (request-rx-copy) and the page is posted
 * again as soon as plat_net_recv has copied the frame out. No offloads: we
 * ask for checksummed frames (feature-no-csum-offload) and one slot each.
 *
 * Memory for rings and buffers is taken off the top of the heap at boot
 * (netfront_reserve) when the domain has a vif; the connection (grants, event
 * channel, the XenbusState handshake) is made on the first plat_net_probe.
 * The event channel joins the ports SCHEDOP_poll waits on, so an idle wait
 * ends when a frame arrives (or transmit room, after -EAGAIN); the response
 * event indexes ask the backend for those notifications only.
 */
#include <errno.h>
#include <string.h>
#include <unicore/plat.h>
#include "drivers/dmamem.h"
#include "platform.h"
#include "hypercall.h"

#define TX_RING 256             /* (4096 - 64) / 12 rounded down to a power of 2 */
#define RX_RING 256             /* (4096 - 64) / 8, likewise */
#define TX_BUFS 64
#define RX_BUFS 128
#define MTU 1500
#define FRAME_MAX (MTU + 14)
#define NONE 0xffff
#define STATE_WAIT_NS 20000000000ull   /* a backend under TCG can be slow */
#define CLOSE_WAIT_NS 1000000000ull

struct tx_page { volatile struct ring_shared hdr; union netif_tx_entry e[TX_RING]; };
struct rx_page { volatile struct ring_shared hdr; union netif_rx_entry e[RX_RING]; };
_Static_assert(sizeof(struct tx_page) <= PAGE_SIZE, "tx ring fits a page");
_Static_assert(sizeof(struct rx_page) <= PAGE_SIZE, "rx ring fits a page");

static struct tx_page *tx;
static struct rx_page *rx;
static unsigned char *tx_buf, *rx_buf;   /* TX_BUFS, RX_BUFS pages */
static int tx_gref[TX_BUFS], rx_gref[RX_BUFS];
static uint16_t tx_next[TX_BUFS], tx_free;
static uint16_t rx_posted[RX_RING];     /* the buffer posted in each slot */
static uint32_t tx_prod, tx_cons, rx_prod, rx_cons;
static uint32_t port;
static uint16_t backend_id;
static char backend[96];        /* the backend's xenstore directory */
static uint8_t mac[6];
static int connected, failed, skipping;
static unsigned long dropped;

/* ---- xenstore helpers ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_mac(const char *s, uint8_t out[6])
{
	for (int i = 0; i < 6; i++, s += 3) {
		int hi = hexval(s[0]), lo = hexval(s[1]);
		if (hi < 0 || lo < 0 || s[2] != (i == 5 ? '\0' : ':'))
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static long parse_uint(const char *s)
{
	long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static char *fmt_uint(char *end, unsigned long v)
{
	*--end = '\0';
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

static int write_uint(const char *path, unsigned long v)
{
	char num[24];
	return xs_write(path, fmt_uint(num + sizeof num, v));
}

static int backend_state(void)
{
	char path[sizeof backend + 8], value[16];
	size_t n = strlen(backend);

	memcpy(path, backend, n);
	memcpy(path + n, "/state", 7);
	if (xs_read(path, value, sizeof value) < 0)
		return -1;
	return (int)parse_uint(value);
}

/* Waits (woken by the watch on the backend's state, or every 100 ms) until
 * the backend's state is in [lo, hi]; returns it, or -ETIMEDOUT. */
static int wait_backend(int lo, int hi, uint64_t ns)
{
	uint64_t deadline = xen_system_time() + ns;

	for (;;) {
		int s = backend_state();
		if (s >= lo && s <= hi)
			return s;
		if (xen_system_time() >= deadline)
			return -ETIMEDOUT;
		xen_block(xen_system_time() + 100000000);
	}
}

/* ---- boot: is there a vif, and its memory ---- */

void netfront_reserve(void)
{
	char id[8];
	long n;

	if (!xen_present || xen_initdomain)
		return;
	if (xs_read("device/vif/0/backend", backend, sizeof backend) <= 0 ||
	    xs_read("device/vif/0/backend-id", id, sizeof id) <= 0 ||
	    (n = parse_uint(id)) < 0 || n >= DOMID_SELF)
		return;
	backend_id = (uint16_t)n;
	tx = dmamem_alloc(PAGE_SIZE);
	rx = dmamem_alloc(PAGE_SIZE);
	tx_buf = dmamem_alloc(TX_BUFS * PAGE_SIZE);
	rx_buf = dmamem_alloc(RX_BUFS * PAGE_SIZE);
	if (!tx || !rx || !tx_buf || !rx_buf)
		tx = NULL;      /* too little memory: no NIC (the heap keeps working) */
}

/* ---- rings ---- */

static unsigned long pfn_of(const void *p)
{
	return (uintptr_t)p / PAGE_SIZE;
}

/* Publishes requests up to prod; tells the backend if it asked to be told
 * (io/ring.h RING_PUSH_REQUESTS_AND_CHECK_NOTIFY). */
static void push(volatile struct ring_shared *r, uint32_t prod)
{
	uint32_t old = r->req_prod;

	__atomic_store_n(&r->req_prod, prod, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((uint32_t)(prod - r->req_event) < (uint32_t)(prod - old))
		xen_notify(port);
}

/* Whether responses are waiting past cons; if none, asks for an event at
 * the next one and looks again (RING_FINAL_CHECK_FOR_RESPONSES). */
static int responses(volatile struct ring_shared *r, uint32_t cons, int want_event)
{
	if (__atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE) != cons)
		return 1;
	if (!want_event)
		return 0;
	r->rsp_event = cons + 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE) != cons;
}

static void rx_post(uint16_t id)
{
	struct netif_rx_request *req = &rx->e[rx_prod % RX_RING].req;

	req->id = id;
	req->gref = (uint32_t)rx_gref[id];
	rx_posted[rx_prod % RX_RING] = id;
	rx_prod++;
}

static void tx_reclaim(void)
{
	while (responses(&tx->hdr, tx_cons, 0)) {
		struct netif_tx_response rsp = tx->e[tx_cons % TX_RING].rsp;
		tx_cons++;
		if (rsp.status == NETIF_RSP_NULL || rsp.id >= TX_BUFS)
			continue;
		tx_next[rsp.id] = tx_free;
		tx_free = rsp.id;
	}
}

/* ---- connecting ---- */

static int grant_all(void)
{
	int ref;

	if ((ref = gnttab_grant(backend_id, pfn_of(tx), 0)) < 0 ||
	    write_uint("device/vif/0/tx-ring-ref", (unsigned long)ref) < 0)
		return -ENOSPC;
	if ((ref = gnttab_grant(backend_id, pfn_of(rx), 0)) < 0 ||
	    write_uint("device/vif/0/rx-ring-ref", (unsigned long)ref) < 0)
		return -ENOSPC;
	for (int i = 0; i < TX_BUFS; i++)
		if ((tx_gref[i] = gnttab_grant(backend_id, pfn_of(tx_buf + i * PAGE_SIZE), 1)) < 0)
			return -ENOSPC;
	for (int i = 0; i < RX_BUFS; i++)
		if ((rx_gref[i] = gnttab_grant(backend_id, pfn_of(rx_buf + i * PAGE_SIZE), 0)) < 0)
			return -ENOSPC;
	return 0;
}

static void rings_init(void)
{
	memset(tx, 0, PAGE_SIZE);
	memset(rx, 0, PAGE_SIZE);
	tx->hdr.req_event = tx->hdr.rsp_event = 1;
	rx->hdr.req_event = rx->hdr.rsp_event = 1;
	tx_free = NONE;
	for (int i = TX_BUFS - 1; i >= 0; i--) {
		tx_next[i] = tx_free;
		tx_free = (uint16_t)i;
	}
	for (uint16_t i = 0; i < RX_BUFS; i++)
		rx_post(i);
	rx->hdr.req_prod = rx_prod;   /* the backend reads them once connected */
}

static int event_channel(void)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = backend_id };

	if (hyp_event_channel_op(EVTCHNOP_alloc_unbound, &a) != 0)
		return -ENODEV;
	port = a.port;
	xen_wake_on(port);
	return write_uint("device/vif/0/event-channel", port);
}

static int features(void)
{
	static const char *const keys[] = {
		"device/vif/0/request-rx-copy", "device/vif/0/feature-rx-notify",
		"device/vif/0/feature-no-csum-offload",
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (xs_write(keys[i], "1") < 0)
			return -EIO;
	return 0;
}

static const char *vif_connect(void)
{
	char value[24];
	size_t n = strlen(backend);
	char watch[sizeof backend + 8];

	if (xs_read("device/vif/0/mac", value, sizeof value) < 0 || parse_mac(value, mac) < 0)
		return "no usable device/vif/0/mac";
	memcpy(watch, backend, n);
	memcpy(watch + n, "/state", 7);
	xs_watch(watch, "unicore-vif");
	if (wait_backend(XenbusStateInitWait, XenbusStateConnected, STATE_WAIT_NS) < 0)
		return "the backend never got ready (InitWait)";
	if (gnttab_init() < 0)
		return "no grant table";
	if (grant_all() < 0)
		return "cannot grant the rings";
	rings_init();       /* posts the receive pages: their grants first */
	if (event_channel() < 0 || features() < 0)
		return "cannot publish the rings in xenstore";
	if (write_uint("device/vif/0/state", XenbusStateConnected) < 0)
		return "cannot set our state";
	if (wait_backend(XenbusStateConnected, XenbusStateConnected, STATE_WAIT_NS) < 0)
		return "the backend did not connect";
	return NULL;
}

int plat_net_probe(struct plat_net_info *info)
{
	if (!connected && !failed && tx) {
		const char *why = vif_connect();
		if (why) {
			static const char pre[] = "netfront: ";
			plat_console_write(2, pre, sizeof pre - 1);
			plat_console_write(2, why, strlen(why));
			plat_console_write(2, "\n", 1);
			failed = 1;
		} else {
			connected = 1;
		}
	}
	if (!connected)
		return -ENODEV;
	memcpy(info->mac, mac, 6);
	info->mtu = MTU;
	return 0;
}

/* ---- frames ---- */

int plat_net_send(const void *frame, size_t len)
{
	struct netif_tx_request *req;
	uint16_t id;

	if (!connected)
		return -ENODEV;
	if (len > FRAME_MAX)
		return -EMSGSIZE;
	tx_reclaim();
	if (tx_free == NONE) {
		/* Full: the next response ends an idle wait, and we look again. */
		if (!responses(&tx->hdr, tx_cons, 1))
			return -EAGAIN;
		tx_reclaim();
		if (tx_free == NONE)
			return -EAGAIN;
	}
	id = tx_free;
	tx_free = tx_next[id];
	memcpy(tx_buf + id * PAGE_SIZE, frame, len);
	req = &tx->e[tx_prod % TX_RING].req;
	req->gref = (uint32_t)tx_gref[id];
	req->offset = 0;
	req->flags = 0;
	req->id = id;
	req->size = (uint16_t)len;
	push(&tx->hdr, ++tx_prod);
	return 0;
}

/* Takes one response: the frame's length once copied into buf, 0 if the
 * slot held none (dropped, an error, or part of a frame we do not take). */
static long rx_take(void *buf, size_t cap)
{
	struct netif_rx_response rsp = rx->e[rx_cons % RX_RING].rsp;
	long len = 0;

	rx_cons++;
	if (rsp.id >= RX_BUFS)
		return 0;
	if (skipping || rsp.status <= 0 || (rsp.flags & (NETRXF_more_data | NETRXF_extra_info)) ||
	    (size_t)rsp.status > cap || rsp.offset + (size_t)rsp.status > PAGE_SIZE)
		dropped++;
	else {
		memcpy(buf, rx_buf + rsp.id * PAGE_SIZE + rsp.offset, (size_t)rsp.status);
		len = rsp.status;
	}
	/* A frame in several slots ends with the first slot without more_data;
		 * an extra info slot (none without GSO) follows its frame's first and
	 * uses up the buffer posted in that slot. */
	skipping = (rsp.flags & NETRXF_more_data) != 0;
	rx_post(rsp.id);
	if (rsp.flags & NETRXF_extra_info)
		rx_post(rx_posted[rx_cons++ % RX_RING]);
	push(&rx->hdr, rx_prod);
	return len;
}

long plat_net_recv(void *buf, size_t cap)
{
	if (!connected)
		return 0;
	while (responses(&rx->hdr, rx_cons, 1)) {
		long len = rx_take(buf, cap);
		if (len > 0)
			return len;
	}
	return 0;
}

/* ---- shutdown ---- */

/* Before the domain goes: tell the backend we are closing and wait (a
 * little) for it to let go of the rings, so it does not mind our end. */
void netfront_close(void)
{
	if (!connected)
		return;
	connected = 0;
	if (write_uint("device/vif/0/state", XenbusStateClosing) < 0)
		return;
	wait_backend(XenbusStateClosing, XenbusStateClosed, CLOSE_WAIT_NS);
	write_uint("device/vif/0/state", XenbusStateClosed);
	wait_backend(XenbusStateClosed, XenbusStateClosed, CLOSE_WAIT_NS);
}

/*
 * The console. A domU started by a toolstack gets a console ring page and an
 * event channel (HVM_PARAM_CONSOLE_PFN / _EVTCHN) served by xenconsoled. The
 * hardware domain (dom0) has no ring: it writes with CONSOLEIO_write and reads
 * Xen's serial receive buffer with CONSOLEIO_read, woken by VIRQ_CONSOLE.
 * (Writing to a ring that is not there would fault on the first byte.) Without
 * Xen the console is COM1 (nohv.c). A dom0 in a QEMU that `unicore run`
 * gave a virtio-serial port speaks the framed channel's wire there
 * (drivers/virtio_console.c), at memory speed; Xen's console stays its log.
 */
#include <string.h>
#include <unicore/plat.h>
#include "drivers/virtio_console.h"
#include "platform.h"
#include "hypercall.h"

/* Xen's serial receive ring for dom0 holds 128 bytes and drops the rest. */
#define CONSOLEIO_RX_WINDOW 96
/* virtio-console never drops: what the rings cannot take stays on the host. */
#define VIRTIO_WINDOW (1 << 20)

static volatile struct xencons_interface *ring;
static uint32_t ring_port;
uint32_t xen_console_port;       /* fires on console input; 0: none */

void nohv_console_init(void);
void nohv_console_write(const void *buf, size_t len);
long nohv_console_read(void *buf, size_t len, int block);
size_t nohv_console_rx_window(void);

static void notify(void)
{
	xen_notify(ring_port);
}

static long get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = hyp_hvm_op(HVMOP_get_param, &p);
	*value = p.value;
	return rc;
}

void xen_console_init(void)
{
	uint64_t pfn = 0, port = 0;

	if (!xen_present) {
		nohv_console_init();
		return;
	}
	if (!xen_initdomain && get_param(HVM_PARAM_CONSOLE_PFN, &pfn) == 0 && pfn != 0 &&
	    get_param(HVM_PARAM_CONSOLE_EVTCHN, &port) == 0 && port != 0) {
		/* The ring page is guest RAM, inside the arch code's identity map. */
		ring = (volatile struct xencons_interface *)(uintptr_t)(pfn * PAGE_SIZE);
		ring_port = xen_console_port = (uint32_t)port;
		xen_wake_on(ring_port);
		return;
	}
	/* console_io; as dom0, Xen tells us about serial input with VIRQ_CONSOLE. */
	struct evtchn_bind_virq bind = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
	if (xen_initdomain && hyp_event_channel_op(EVTCHNOP_bind_virq, &bind) == 0) {
		xen_console_port = bind.port;
		xen_wake_on(xen_console_port);
	}
}

void xen_console_devices(void)
{
	if (xen_present && xen_initdomain)
		virtio_console_init();
}

/* Before the domain goes: the virtio-console's device has taken every byte;
 * xenconsoled gets up to a second to take the rest of the output (a
 * destroyed domain's ring is not read any more). */
void xen_console_flush(void)
{
	uint64_t deadline;

	virtio_console_flush();
	if (!ring)
		return;
	deadline = xen_system_time() + 1000000000ull;
	while (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) != ring->out_prod &&
	       xen_system_time() < deadline) {
		notify();
		xen_block(xen_system_time() + 10000000);
	}
}


static void ring_write(const char *p, size_t len)
{
	while (len > 0) {
		uint32_t cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
		uint32_t prod = ring->out_prod;
		size_t room = sizeof ring->out - (prod - cons);
		if (room == 0) {
			/* xenconsoled signals the port when it has drained the ring. */
			notify();
			xen_block(xen_system_time() + 10000000);
			continue;
		}
		for (; room > 0 && len > 0; room--, len--)
			ring->out[prod++ % sizeof ring->out] = *p++;
		__atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
	}
	notify();
}

static long ring_read(char *p, size_t len)
{
	uint32_t prod = __atomic_load_n(&ring->in_prod, __ATOMIC_ACQUIRE);
	uint32_t cons = ring->in_cons;
	size_t n = 0;

	while (cons != prod && n < len)
		p[n++] = ring->in[cons++ % sizeof ring->in];
	if (n > 0) {
		__atomic_store_n(&ring->in_cons, cons, __ATOMIC_RELEASE);
		notify();
	}
	return n;
}

/* Xen copies a CONSOLEIO_write in 128-byte pieces and may print its own log
 * between them (a preempted hypercall), so a piece ends at a line's end
 * whenever it can: its log then falls between lines, never inside a frame. */
#define CONSOLEIO_PIECE 128

static size_t piece(const char *p, size_t len)
{
	size_t n = len < CONSOLEIO_PIECE ? len : CONSOLEIO_PIECE;

	if (n == len)
		return n;
	for (size_t i = n; i > 0; i--)
		if (p[i - 1] == '\n')
			return i;
	return n;
}

static void consoleio_write(const char *p, size_t len)
{
	while (len > 0) {
		size_t chunk = piece(p, len);
		long rc = hyp_console_io(CONSOLEIO_write, chunk, (void *)p);
		if (rc < 0)
			return;     /* not allowed (a domU without a ring): nowhere to write */
		p += chunk;
		len -= chunk;
	}
}

void plat_console_write(int stream, const void *buf, size_t len)
{
	if (stream == PLAT_CONSOLE_SCREEN)
		return;
	if (stream == PLAT_CONSOLE_WIRE && virtio_console_up())
		virtio_console_write(buf, len);
	else if (!xen_present)
		nohv_console_write(buf, len);
	else if (ring)
		ring_write(buf, len);
	else
		consoleio_write(buf, len);
}

static long read_once(void *buf, size_t len)
{
	size_t n = virtio_console_read(buf, len);

	if (n > 0)
		return n;
	if (ring)
		return ring_read(buf, len);
	if (!xen_initdomain)
		return 0;
	long got = hyp_console_io(CONSOLEIO_read, len, buf);
	return got > 0 ? got : 0;
}

long plat_console_read(void *buf, size_t len, int block)
{
	if (!xen_present)
		return nohv_console_read(buf, len, block);
	if (len == 0)
		return 0;
	for (;;) {
		long n = read_once(buf, len);
		if (n > 0 || !block)
			return n;
		/* Looks at virtio-console's ring again with interrupts off before
		 * it halts (clock.c); without an input port, looks again now and then. */
		plat_wait_until(UINT64_MAX);
	}
}

size_t plat_console_rx_window(void)
{
	if (!xen_present)
		return nohv_console_rx_window();
	if (virtio_console_up())
		return VIRTIO_WINDOW;
	if (ring)
		return sizeof ring->in;   /* xenconsoled waits for room: nothing is lost */
	return CONSOLEIO_RX_WINDOW;
}

int plat_console_isatty(int stream)
{
	return 1;
}

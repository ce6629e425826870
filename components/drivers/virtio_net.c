/*
 * virtio-net PCI driver (see virtio_net.h), on the shared transport and
 * queues of virtio.c. Device layout from the virtio 1.x specification,
 * section 5.1 "Network device".
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "pcclock.h"
#include "pcirq.h"
#include "virtio_net.h"
#include "virtio.h"

#define DEV_NET_LEGACY    0x1000   /* transitional: legacy I/O BAR (+ modern caps) */
#define DEV_NET_MODERN    0x1041

#define F_MAC        (1ull << 5)
#define F_STATUS     (1ull << 16)
#define F_ANY_LAYOUT (1ull << 27)

#define QUEUE_RX 0
#define QUEUE_TX 1
#define NBUF 64                   /* posted per queue */
#define BUF_SIZE 2048
#define MTU 1500
#define ETH_HEADER 14
#define FLUSH_NS (100 * 1000 * 1000ull)   /* virtio_net_flush at most */

static struct {
	struct virtio_dev dev;
	size_t header;                             /* virtio_net_hdr: 10 or 12 bytes */
	uint8_t mac[6];
	unsigned long interrupts, rx_frames, tx_frames, rx_dropped, tx_full;
	int tx_blocked;                            /* the last send found no room */
	int rx_told;        /* wake_pending said "frames" and recv was not called since */
	struct virtq rx, tx;
} nic;

static void interrupt(void *arg)
{
	/* Reading the ISR lowers the (level-triggered) INTx line. */
	if (virtio_read_isr(&nic.dev))
		nic.interrupts++;
}

static int start(void)
{
	struct virtio_dev *v = &nic.dev;
	struct virtq *writable[] = { &nic.rx };

	if (!virtio_begin(v, F_MAC | F_STATUS | (v->modern ? 0 : F_ANY_LAYOUT)) ||
	    virtq_setup(v, &nic.rx, QUEUE_RX, NBUF, BUF_SIZE, 1) != 0 ||
	    virtq_setup(v, &nic.tx, QUEUE_TX, NBUF, BUF_SIZE, 0) != 0) {
		virtio_failed(v);
		return -1;
	}
	nic.header = v->modern ? 12 : 10;
	for (int i = 0; i < 6; i++)
		nic.mac[i] = virtio_config8(v, i);
	virtq_want_interrupts(&nic.tx, 0);   /* reclaimed when sending */
	virtio_ready(v, writable, 1);
	return 0;
}

int virtio_net_init(void)
{
	return virtio_open(&nic.dev, DEV_NET_MODERN, DEV_NET_LEGACY, start, interrupt);
}

/* ---- The platform interface. ---- */

int plat_net_probe(struct plat_net_info *info)
{
	if (!nic.dev.up)
		return -ENODEV;
	memcpy(info->mac, nic.mac, 6);
	info->mtu = MTU;
	return 0;
}

static int rx_pending(void)
{
	return nic.dev.up && virtq_has_used(&nic.rx);
}

int virtio_net_wake_pending(void)
{
	if (!nic.rx_told && rx_pending()) {
		nic.rx_told = 1;
		return 1;
	}
	if (nic.tx_blocked && virtq_has_used(&nic.tx)) {
		nic.tx_blocked = 0;          /* told once; the next send finds room */
		return 1;
	}
	return 0;
}

static int tx_all_returned(void)
{
	virtq_reclaim(&nic.tx);
	return nic.tx.nfree == nic.tx.nbuf;
}

void virtio_net_flush(void)
{
	if (!nic.dev.up || tx_all_returned())
		return;
	virtq_want_interrupts(&nic.tx, 1);
	pcirq_idle_until(pcclock_monotonic_ns() + FLUSH_NS, tx_all_returned);
	virtq_want_interrupts(&nic.tx, 0);
}

long plat_net_recv(void *buf, size_t cap)
{
	struct virtq *q = &nic.rx;
	uint16_t id;
	uint32_t used;

	nic.rx_told = 0;
	while (nic.dev.up && virtq_take_used(q, &id, &used)) {
		size_t len = used > nic.header ? used - nic.header : 0;
		long got = 0;
		if (len <= cap && len > 0) {
			memcpy(buf, virtq_buffer(q, id) + nic.header, len);
			got = len;
			nic.rx_frames++;
		} else
			nic.rx_dropped++;
		virtq_push(q, id);
		virtq_kick(q);
		if (got)
			return got;
	}
	return 0;
}

int plat_net_send(const void *frame, size_t len)
{
	struct virtq *q = &nic.tx;

	if (!nic.dev.up)
		return -ENODEV;
	if (len > MTU + ETH_HEADER)
		return -EMSGSIZE;
	virtq_reclaim(q);
	if (q->nfree == 0) {
		/* Interrupt when the device finishes one, so that a sender
		 * waiting in plat_wait_until wakes. */
		virtq_want_interrupts(q, 1);
		nic.tx_blocked = 1;
		nic.tx_full++;
		virtq_reclaim(q);
		if (q->nfree == 0)
			return -EAGAIN;
	}
	nic.tx_blocked = 0;
	virtq_want_interrupts(q, 0);
	uint16_t id = q->free[--q->nfree];
	unsigned char *b = virtq_buffer(q, id);
	memset(b, 0, nic.header);
	memcpy(b + nic.header, frame, len);
	q->desc[id].len = nic.header + len;
	virtq_push(q, id);
	virtq_kick(q);
	nic.tx_frames++;
	return 0;
}

void virtio_net_stats(struct virtio_net_stats *out)
{
	out->transport = nic.dev.modern ? "modern" : "legacy";
	out->irq = nic.dev.irq;
	out->interrupts = nic.interrupts;
	out->rx_frames = nic.rx_frames;
	out->tx_frames = nic.tx_frames;
	out->rx_dropped = nic.rx_dropped;
	out->tx_full = nic.tx_full;
}

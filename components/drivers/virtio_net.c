/*
 * virtio-net PCI driver (see virtio_net.h). Register layouts from the virtio
 * 1.x specification (sections 4.1 "Virtio over PCI bus", 2.6 "Split
 * virtqueues", 5.1 "Network device") and its legacy-interface notes.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "virtio_net.h"
#include "dmamem.h"
#include "pci.h"
#include "pcirq.h"
#include "../arch/x86_64/arch.h"
#include "../arch/x86_64/x86.h"

#define VIRTIO_VENDOR     0x1af4
#define DEV_NET_LEGACY    0x1000   /* transitional: legacy I/O BAR (+ modern caps) */
#define DEV_NET_MODERN    0x1041

#define STATUS_ACK        1
#define STATUS_DRIVER     2
#define STATUS_DRIVER_OK  4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED     128

#define F_MAC        (1ull << 5)
#define F_STATUS     (1ull << 16)
#define F_ANY_LAYOUT (1ull << 27)
#define F_VERSION_1  (1ull << 32)

/* Legacy I/O BAR registers (no MSI-X: the device config follows at 0x14). */
#define L_DEVICE_FEATURES 0x00
#define L_DRIVER_FEATURES 0x04
#define L_QUEUE_PFN       0x08
#define L_QUEUE_SIZE      0x0c
#define L_QUEUE_SELECT    0x0e
#define L_QUEUE_NOTIFY    0x10
#define L_STATUS          0x12
#define L_ISR             0x13
#define L_CONFIG          0x14

/* Modern common configuration structure. */
#define C_DEVICE_FEATURE_SELECT 0x00
#define C_DEVICE_FEATURE        0x04
#define C_DRIVER_FEATURE_SELECT 0x08
#define C_DRIVER_FEATURE        0x0c
#define C_STATUS                0x14
#define C_QUEUE_SELECT          0x16
#define C_QUEUE_SIZE            0x18
#define C_QUEUE_MSIX_VECTOR     0x1a
#define C_QUEUE_ENABLE          0x1c
#define C_QUEUE_NOTIFY_OFF      0x1e
#define C_QUEUE_DESC            0x20
#define C_QUEUE_DRIVER          0x28
#define C_QUEUE_DEVICE          0x30

/* virtio_pci_cap cfg_type */
#define CAP_COMMON 1
#define CAP_NOTIFY 2
#define CAP_ISR    3
#define CAP_DEVICE 4

#define DESC_F_WRITE 2
#define AVAIL_F_NO_INTERRUPT 1
#define USED_F_NO_NOTIFY 1

#define QUEUE_RX 0
#define QUEUE_TX 1
#define MAX_BUFFERS 64            /* posted per queue */
#define BUF_SIZE 2048
#define MTU 1500
#define ETH_HEADER 14
#define VRING_ALIGN 4096

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vring_used_elem {
	uint32_t id, len;
};

struct vq {
	uint16_t index, size, nbuf;
	uint16_t avail_idx;        /* our copy of avail->idx */
	uint16_t last_used;        /* next used entry to look at */
	struct vring_desc *desc;
	volatile uint16_t *avail;  /* flags, idx, ring[size], used_event */
	volatile uint16_t *used;   /* flags, idx, then used_elem ring[size] */
	unsigned char *buffers;    /* nbuf * BUF_SIZE */
	uint16_t notify_off;       /* modern */
	uint16_t free[MAX_BUFFERS];/* tx: descriptors not in flight */
	uint16_t nfree;
};

static struct {
	int up, modern;
	uint16_t io;                               /* legacy I/O base */
	volatile uint8_t *common, *isr, *config, *notify;
	uint32_t notify_mult;
	size_t header;                             /* virtio_net_hdr: 10 or 12 bytes */
	uint8_t mac[6];
	int irq;
	unsigned long interrupts, rx_frames, tx_frames, rx_dropped, tx_full;
	int tx_blocked;                            /* the last send found no room */
	struct vq rx, tx;
} nic;

#define barrier() __asm__ volatile("" ::: "memory")

/* ---- The two transports. ---- */

static void mmio_write32(volatile uint8_t *base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static void mmio_write16(volatile uint8_t *base, unsigned off, uint16_t v)
{
	*(volatile uint16_t *)(base + off) = v;
}

static void mmio_write64(volatile uint8_t *base, unsigned off, uint64_t v)
{
	mmio_write32(base, off, (uint32_t)v);
	mmio_write32(base, off + 4, (uint32_t)(v >> 32));
}

static uint8_t get_status(void)
{
	return nic.modern ? nic.common[C_STATUS] : inb(nic.io + L_STATUS);
}

static void set_status(uint8_t s)
{
	if (nic.modern)
		nic.common[C_STATUS] = s;
	else
		outb(nic.io + L_STATUS, s);
}

static uint64_t device_features(void)
{
	if (!nic.modern)
		return inl(nic.io + L_DEVICE_FEATURES);
	mmio_write32(nic.common, C_DEVICE_FEATURE_SELECT, 0);
	uint32_t low = *(volatile uint32_t *)(nic.common + C_DEVICE_FEATURE);
	mmio_write32(nic.common, C_DEVICE_FEATURE_SELECT, 1);
	uint32_t high = *(volatile uint32_t *)(nic.common + C_DEVICE_FEATURE);
	return (uint64_t)high << 32 | low;
}

static void driver_features(uint64_t f)
{
	if (!nic.modern) {
		outl(nic.io + L_DRIVER_FEATURES, (uint32_t)f);
		return;
	}
	mmio_write32(nic.common, C_DRIVER_FEATURE_SELECT, 0);
	mmio_write32(nic.common, C_DRIVER_FEATURE, (uint32_t)f);
	mmio_write32(nic.common, C_DRIVER_FEATURE_SELECT, 1);
	mmio_write32(nic.common, C_DRIVER_FEATURE, (uint32_t)(f >> 32));
}

static uint8_t config8(unsigned off)
{
	return nic.modern ? nic.config[off] : inb(nic.io + L_CONFIG + off);
}

static uint8_t read_isr(void)
{
	return nic.modern ? *nic.isr : inb(nic.io + L_ISR);
}

static void notify(struct vq *q)
{
	if (nic.modern)
		mmio_write16(nic.notify, (uint32_t)q->notify_off * nic.notify_mult, q->index);
	else
		outw(nic.io + L_QUEUE_NOTIFY, q->index);
}

/* ---- Finding the device. ---- */

/* Maps the BAR region a virtio capability at cap points to. */
static volatile uint8_t *cap_region(const struct pci_dev *d, uint8_t cap)
{
	struct pci_bar bar;
	uint8_t n = pci_read8(d, cap + 4);
	uint32_t offset = pci_read32(d, cap + 8), length = pci_read32(d, cap + 12);

	if (n > 5)
		return 0;
	pci_bar(d, n, &bar);
	if (bar.io || !bar.addr || (uint64_t)offset + length > bar.size)
		return 0;
	uint8_t *base = arch_map_mmio(bar.addr, bar.size);
	return base ? base + offset : 0;
}

/* The modern transport, if the function has its capabilities. */
static int find_modern(const struct pci_dev *d)
{
	for (uint8_t cap = pci_next_cap(d, PCI_CAP_VENDOR, 0); cap;
	     cap = pci_next_cap(d, PCI_CAP_VENDOR, cap)) {
		switch (pci_read8(d, cap + 3)) {
		case CAP_COMMON:
			if (!nic.common)
				nic.common = cap_region(d, cap);
			break;
		case CAP_NOTIFY:
			if (!nic.notify) {
				nic.notify = cap_region(d, cap);
				nic.notify_mult = pci_read32(d, cap + 16);
			}
			break;
		case CAP_ISR:
			if (!nic.isr)
				nic.isr = cap_region(d, cap);
			break;
		case CAP_DEVICE:
			if (!nic.config)
				nic.config = cap_region(d, cap);
			break;
		}
	}
	return nic.common && nic.notify && nic.isr && nic.config ? 0 : -1;
}

static int find_legacy(const struct pci_dev *d)
{
	struct pci_bar bar;

	pci_bar(d, 0, &bar);
	if (!bar.io || !bar.addr)
		return -1;
	nic.io = bar.addr;
	return 0;
}

static int find_device(struct pci_dev *d)
{
	if (pci_find(VIRTIO_VENDOR, DEV_NET_MODERN, DEV_NET_MODERN, d) != 0 &&
	    pci_find(VIRTIO_VENDOR, DEV_NET_LEGACY, DEV_NET_LEGACY, d) != 0)
		return -1;
	pci_enable(d);
	if (find_modern(d) == 0) {
		nic.modern = 1;
		return 0;
	}
	return d->device == DEV_NET_LEGACY ? find_legacy(d) : -1;
}

/* ---- Queues. ---- */

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

static int queue_size(struct vq *q)
{
	if (nic.modern) {
		mmio_write16(nic.common, C_QUEUE_SELECT, q->index);
		return *(volatile uint16_t *)(nic.common + C_QUEUE_SIZE);
	}
	outw(nic.io + L_QUEUE_SELECT, q->index);
	return inw(nic.io + L_QUEUE_SIZE);
}

/* Tells the device where the rings are (queue already selected). */
static void queue_activate(struct vq *q)
{
	if (!nic.modern) {
		outl(nic.io + L_QUEUE_PFN, (uint32_t)((uintptr_t)q->desc / VRING_ALIGN));
		return;
	}
	volatile uint8_t *c = nic.common;
	q->notify_off = *(volatile uint16_t *)(c + C_QUEUE_NOTIFY_OFF);
	mmio_write16(c, C_QUEUE_MSIX_VECTOR, 0xffff);      /* no MSI-X: INTx */
	mmio_write64(c, C_QUEUE_DESC, (uintptr_t)q->desc);
	mmio_write64(c, C_QUEUE_DRIVER, (uintptr_t)q->avail);
	mmio_write64(c, C_QUEUE_DEVICE, (uintptr_t)q->used);
	mmio_write16(c, C_QUEUE_ENABLE, 1);
}

/* Rings in the legacy layout (which also meets the modern alignments):
 * descriptors, available ring, then the used ring on the next page. */
static int queue_setup(struct vq *q, uint16_t index)
{
	q->index = index;
	int size = queue_size(q);
	if (size == 0 || (size & (size - 1)))
		return -1;
	q->size = size;
	q->nbuf = size < MAX_BUFFERS ? size : MAX_BUFFERS;
	size_t used_at = align_up(16 * (size_t)size + 6 + 2 * (size_t)size, VRING_ALIGN);
	size_t ring_bytes = used_at + align_up(6 + 8 * (size_t)size, VRING_ALIGN);
	unsigned char *ring = dmamem_alloc(ring_bytes);
	q->buffers = dmamem_alloc((size_t)q->nbuf * BUF_SIZE);
	if (!ring || !q->buffers)
		return -1;
	q->desc = (struct vring_desc *)ring;
	q->avail = (volatile uint16_t *)(ring + 16 * (size_t)size);
	q->used = (volatile uint16_t *)(ring + used_at);
	for (uint16_t i = 0; i < q->nbuf; i++) {
		q->desc[i].addr = (uintptr_t)(q->buffers + (size_t)i * BUF_SIZE);
		q->desc[i].len = BUF_SIZE;
	}
	queue_activate(q);
	return 0;
}

static volatile struct vring_used_elem *used_elem(struct vq *q, uint16_t i)
{
	return (volatile struct vring_used_elem *)(q->used + 2) + i % q->size;
}

/* Hands descriptor id to the device. */
static void make_available(struct vq *q, uint16_t id)
{
	q->avail[2 + q->avail_idx % q->size] = id;
	barrier();
	q->avail[1] = ++q->avail_idx;
}

static void kick(struct vq *q)
{
	__asm__ volatile("mfence" ::: "memory");   /* idx out before flags in */
	if (!(q->used[0] & USED_F_NO_NOTIFY))
		notify(q);
}

static void rx_fill(void)
{
	struct vq *q = &nic.rx;

	for (uint16_t i = 0; i < q->nbuf; i++) {
		q->desc[i].flags = DESC_F_WRITE;
		make_available(q, i);
	}
}

static void tx_prepare(void)
{
	struct vq *q = &nic.tx;

	q->avail[0] = AVAIL_F_NO_INTERRUPT;   /* reclaimed when sending */
	for (uint16_t i = 0; i < q->nbuf; i++)
		q->free[q->nfree++] = q->nbuf - 1 - i;
}

/* ---- Start-up. ---- */

static void interrupt(void *arg)
{
	/* Reading the ISR lowers the (level-triggered) INTx line. */
	if (read_isr())
		nic.interrupts++;
}

static int negotiate(void)
{
	uint64_t offered = device_features();
	uint64_t wanted = F_MAC | F_STATUS | (nic.modern ? F_VERSION_1 : F_ANY_LAYOUT);

	if (nic.modern && !(offered & F_VERSION_1))
		return -1;
	driver_features(offered & wanted);
	if (!nic.modern)
		return 0;
	set_status(get_status() | STATUS_FEATURES_OK);
	return get_status() & STATUS_FEATURES_OK ? 0 : -1;
}

static int start(void)
{
	set_status(0);
	for (int i = 0; i < 1000000 && get_status() != 0; i++)
		cpu_relax();
	set_status(STATUS_ACK);
	set_status(STATUS_ACK | STATUS_DRIVER);
	if (negotiate() != 0 || queue_setup(&nic.rx, QUEUE_RX) != 0 ||
	    queue_setup(&nic.tx, QUEUE_TX) != 0) {
		set_status(STATUS_FAILED);
		return -1;
	}
	nic.header = nic.modern ? 12 : 10;
	for (int i = 0; i < 6; i++)
		nic.mac[i] = config8(i);
	rx_fill();
	tx_prepare();
	set_status(get_status() | STATUS_DRIVER_OK);
	kick(&nic.rx);
	return 0;
}

int virtio_net_init(void)
{
	struct pci_dev d;

	if (find_device(&d) != 0 || start() != 0)
		return -ENODEV;
	nic.irq = pci_irq_line(&d);
	if (nic.irq >= 0)
		pcirq_enable(nic.irq, interrupt, 0);
	nic.up = 1;
	return 0;
}

/* ---- The platform interface. ---- */

int plat_net_probe(struct plat_net_info *info)
{
	if (!nic.up)
		return -ENODEV;
	memcpy(info->mac, nic.mac, 6);
	info->mtu = MTU;
	return 0;
}

static int rx_pending(void)
{
	return nic.up && nic.rx.used[1] != nic.rx.last_used;
}

int virtio_net_wake_pending(void)
{
	return rx_pending() || (nic.tx_blocked && nic.tx.used[1] != nic.tx.last_used);
}

long plat_net_recv(void *buf, size_t cap)
{
	struct vq *q = &nic.rx;

	while (rx_pending()) {
		barrier();
		volatile struct vring_used_elem *e = used_elem(q, q->last_used++);
		uint16_t id = e->id;
		size_t len = e->len > nic.header ? e->len - nic.header : 0;
		long got = 0;
		if (id >= q->nbuf)
			continue;                        /* not ours: a broken device */
		if (len <= cap && len > 0) {
			memcpy(buf, q->buffers + (size_t)id * BUF_SIZE + nic.header, len);
			got = len;
			nic.rx_frames++;
		} else
			nic.rx_dropped++;
		make_available(q, id);
		kick(q);
		if (got)
			return got;
	}
	return 0;
}

static void tx_reclaim(struct vq *q)
{
	while (q->used[1] != q->last_used) {
		barrier();
		uint16_t id = used_elem(q, q->last_used++)->id;
		if (id < q->nbuf && q->nfree < q->nbuf)
			q->free[q->nfree++] = id;
	}
}

int plat_net_send(const void *frame, size_t len)
{
	struct vq *q = &nic.tx;

	if (!nic.up)
		return -ENODEV;
	if (len > MTU + ETH_HEADER)
		return -EMSGSIZE;
	tx_reclaim(q);
	if (q->nfree == 0) {
		/* Interrupt when the device finishes one, so that a sender
		 * waiting in plat_wait_until wakes. */
		q->avail[0] = 0;
		nic.tx_blocked = 1;
		nic.tx_full++;
		__asm__ volatile("mfence" ::: "memory");
		tx_reclaim(q);
		if (q->nfree == 0)
			return -EAGAIN;
	}
	if (nic.tx_blocked) {
		q->avail[0] = AVAIL_F_NO_INTERRUPT;
		nic.tx_blocked = 0;
	}
	uint16_t id = q->free[--q->nfree];
	unsigned char *b = q->buffers + (size_t)id * BUF_SIZE;
	memset(b, 0, nic.header);
	memcpy(b + nic.header, frame, len);
	q->desc[id].len = nic.header + len;
	q->desc[id].flags = 0;
	make_available(q, id);
	kick(q);
	nic.tx_frames++;
	return 0;
}

void virtio_net_stats(struct virtio_net_stats *out)
{
	out->transport = nic.modern ? "modern" : "legacy";
	out->irq = nic.irq;
	out->interrupts = nic.interrupts;
	out->rx_frames = nic.rx_frames;
	out->tx_frames = nic.tx_frames;
	out->rx_dropped = nic.rx_dropped;
	out->tx_full = nic.tx_full;
}

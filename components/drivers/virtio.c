/*
 * The virtio PCI transports and split virtqueues (see virtio.h). Register
 * layouts from the virtio 1.x specification (sections 4.1 "Virtio over PCI
 * bus", 2.6 "Split virtqueues") and its legacy-interface notes.
 */
#include <errno.h>
#include <stdint.h>
#include "virtio.h"
#include "dmamem.h"
#include "pci.h"
#include "pcirq.h"
#include "arch/x86_64/arch.h"
#include "arch/x86_64/x86.h"

#define STATUS_ACK        1
#define STATUS_DRIVER     2
#define STATUS_DRIVER_OK  4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED     128

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

#define PCI_CAP_MSIX 0x11
#define MSIX_ENABLE 0x8000         /* message control; function mask (0x4000) off */
#define NO_VECTOR 0xffff

#define USED_F_NO_NOTIFY 1
#define VRING_ALIGN 4096
#define NO_IRQ_POLL_NS 1000000    /* 1 ms, when firmware routed no INTx line */

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

static uint8_t get_status(struct virtio_dev *v)
{
	return v->modern ? v->common[C_STATUS] : inb(v->io + L_STATUS);
}

static void set_status(struct virtio_dev *v, uint8_t s)
{
	if (v->modern)
		v->common[C_STATUS] = s;
	else
		outb(v->io + L_STATUS, s);
}

static uint64_t device_features(struct virtio_dev *v)
{
	if (!v->modern)
		return inl(v->io + L_DEVICE_FEATURES);
	mmio_write32(v->common, C_DEVICE_FEATURE_SELECT, 0);
	uint32_t low = *(volatile uint32_t *)(v->common + C_DEVICE_FEATURE);
	mmio_write32(v->common, C_DEVICE_FEATURE_SELECT, 1);
	uint32_t high = *(volatile uint32_t *)(v->common + C_DEVICE_FEATURE);
	return (uint64_t)high << 32 | low;
}

static void driver_features(struct virtio_dev *v, uint64_t f)
{
	if (!v->modern) {
		outl(v->io + L_DRIVER_FEATURES, (uint32_t)f);
		return;
	}
	mmio_write32(v->common, C_DRIVER_FEATURE_SELECT, 0);
	mmio_write32(v->common, C_DRIVER_FEATURE, (uint32_t)f);
	mmio_write32(v->common, C_DRIVER_FEATURE_SELECT, 1);
	mmio_write32(v->common, C_DRIVER_FEATURE, (uint32_t)(f >> 32));
}

uint8_t virtio_config8(struct virtio_dev *v, unsigned off)
{
	return v->modern ? v->config[off] : inb(v->io + L_CONFIG + off);
}

uint8_t virtio_read_isr(struct virtio_dev *v)
{
	return v->modern ? *v->isr : inb(v->io + L_ISR);
}

static void notify(struct virtq *q)
{
	struct virtio_dev *v = q->dev;

	if (v->modern)
		mmio_write16(v->notify, (uint32_t)q->notify_off * v->notify_mult, q->index);
	else
		outw(v->io + L_QUEUE_NOTIFY, q->index);
}

/* ---- Finding the device. ---- */

/* A function's BARs, each read once while the driver finds its structures
 * (four virtio capabilities and the MSI-X table usually share two BARs). */
struct bars {
	struct pci_bar bar[6];
	uint8_t known;         /* bit n: bar[n] read */
};

/* The region [offset, offset + length) of memory BAR n, mapped; or NULL. */
static volatile uint8_t *bar_region(const struct pci_dev *d, struct bars *b,
	uint8_t n, uint64_t offset, uint64_t length)
{
	if (n > 5)
		return 0;
	if (!(b->known & 1u << n)) {
		b->known |= 1u << n;
		pci_bar(d, n, &b->bar[n]);
	}
	if (b->bar[n].io || !b->bar[n].addr)
		return 0;
	return arch_map_mmio(b->bar[n].addr + offset, length);
}

/* The region a virtio capability at cap points to. */
static volatile uint8_t *cap_region(const struct pci_dev *d, struct bars *b, uint8_t cap)
{
	uint8_t n = pci_read8(d, cap + 4);
	uint32_t offset = pci_read32(d, cap + 8), length = pci_read32(d, cap + 12);

	return bar_region(d, b, n, offset, length);
}

/* The modern transport, if the function has its capabilities. */
static int find_modern(struct virtio_dev *v, const struct pci_dev *d, struct bars *b)
{
	for (uint8_t cap = pci_next_cap(d, PCI_CAP_VENDOR, 0); cap;
	     cap = pci_next_cap(d, PCI_CAP_VENDOR, cap)) {
		switch (pci_read8(d, cap + 3)) {
		case CAP_COMMON:
			if (!v->common)
				v->common = cap_region(d, b, cap);
			break;
		case CAP_NOTIFY:
			if (!v->notify) {
				v->notify = cap_region(d, b, cap);
				v->notify_mult = pci_read32(d, cap + 16);
			}
			break;
		case CAP_ISR:
			if (!v->isr)
				v->isr = cap_region(d, b, cap);
			break;
		case CAP_DEVICE:
			if (!v->config)
				v->config = cap_region(d, b, cap);
			break;
		}
	}
	return v->common && v->notify && v->isr && v->config ? 0 : -1;
}

static int find_legacy(struct virtio_dev *v, const struct pci_dev *d)
{
	struct pci_bar bar;

	pci_bar(d, 0, &bar);
	if (!bar.io || !bar.addr)
		return -1;
	v->io = bar.addr;
	return 0;
}

/* A modern-only device if there is one, else a transitional or legacy one. */
static int find(struct virtio_dev *v, struct pci_dev *d, struct bars *b,
	uint16_t modern_id, uint16_t legacy_id)
{
	const uint16_t ids[] = { modern_id, legacy_id };

	if (pci_find(VIRTIO_VENDOR, ids, 2, d) != 0)
		return -1;
	pci_enable(d);
	v->irq = -1;
	if (find_modern(v, d, b) == 0) {
		v->modern = 1;
		return 0;
	}
	return d->device == legacy_id ? find_legacy(v, d) : -1;
}

/* ---- Start-up. ---- */

uint64_t virtio_begin(struct virtio_dev *v, uint64_t wanted)
{
	set_status(v, 0);
	for (int i = 0; i < 1000000 && get_status(v) != 0; i++)
		cpu_relax();
	set_status(v, STATUS_ACK);
	set_status(v, STATUS_ACK | STATUS_DRIVER);
	uint64_t offered = device_features(v);
	if (v->modern) {
		if (!(offered & VIRTIO_F_VERSION_1)) {
			virtio_failed(v);
			return 0;
		}
		wanted |= VIRTIO_F_VERSION_1 | VIRTIO_F_ACCESS_PLATFORM;
	}
	uint64_t agreed = offered & wanted;
	driver_features(v, agreed);
	if (!v->modern)
		return agreed | 1ull << 63;        /* never 0: "agreed to nothing" */
	set_status(v, get_status(v) | STATUS_FEATURES_OK);
	if (!(get_status(v) & STATUS_FEATURES_OK)) {
		virtio_failed(v);
		return 0;
	}
	return agreed;
}

void virtio_failed(struct virtio_dev *v)
{
	set_status(v, STATUS_FAILED);
}

/* Points MSI-X table entry 0 at the platform's MSI for handler and enables
 * MSI-X (the queues then name entry 0). 0, or -1: INTx it is. */
static int route_msix(struct virtio_dev *v, const struct pci_dev *d, struct bars *b,
	void (*handler)(void *))
{
	uint32_t addr, data;
	uint8_t cap = pci_next_cap(d, PCI_CAP_MSIX, 0);

	if (!v->modern || !cap)
		return -1;
	uint32_t table = pci_read32(d, cap + 4);
	volatile uint32_t *entry = (volatile uint32_t *)bar_region(d, b, table & 7, table & ~7u, 16);
	if (!entry || pcirq_msi(&addr, &data, handler, 0) != 0)
		return -1;
	entry[0] = addr;
	entry[1] = 0;
	entry[2] = data;
	entry[3] = 0;                          /* unmasked */
	pci_write16(d, cap + 2, MSIX_ENABLE);
	v->msix = 1;
	return 0;
}

int virtio_open(struct virtio_dev *v, uint16_t modern_id, uint16_t legacy_id, int (*start)(void), void (*handler)(void *))
{
	struct pci_dev d;
	struct bars b = { .known = 0 };

	if (find(v, &d, &b, modern_id, legacy_id) != 0)
		return -ENODEV;
	route_msix(v, &d, &b, handler);
	if (start() != 0)
		return -ENODEV;
	if (v->msix) {
		v->up = 1;
		return 0;
	}
	v->irq = pci_irq_line(&d);
	if (v->irq >= 0 && pcirq_available())
		pcirq_enable(v->irq, handler, 0);
	else
		pcirq_poll_every(NO_IRQ_POLL_NS);
	v->up = 1;
	return 0;
}

/* ---- Queues. ---- */

static size_t align_up(size_t n, size_t a)
{
	return (n + a - 1) & ~(a - 1);
}

static int queue_size(struct virtq *q)
{
	struct virtio_dev *v = q->dev;

	if (v->modern) {
		mmio_write16(v->common, C_QUEUE_SELECT, q->index);
		return *(volatile uint16_t *)(v->common + C_QUEUE_SIZE);
	}
	outw(v->io + L_QUEUE_SELECT, q->index);
	return inw(v->io + L_QUEUE_SIZE);
}

/* Tells the device where the rings are (queue already selected). */
static void queue_activate(struct virtq *q)
{
	struct virtio_dev *v = q->dev;

	if (!v->modern) {
		outl(v->io + L_QUEUE_PFN, (uint32_t)((uintptr_t)q->desc / VRING_ALIGN));
		return;
	}
	volatile uint8_t *c = v->common;
	q->notify_off = *(volatile uint16_t *)(c + C_QUEUE_NOTIFY_OFF);
	mmio_write16(c, C_QUEUE_MSIX_VECTOR, v->msix ? 0 : NO_VECTOR);   /* entry 0, or INTx */
	mmio_write64(c, C_QUEUE_DESC, (uintptr_t)q->desc);
	mmio_write64(c, C_QUEUE_DRIVER, (uintptr_t)q->avail);
	mmio_write64(c, C_QUEUE_DEVICE, (uintptr_t)q->used);
	mmio_write16(c, C_QUEUE_ENABLE, 1);
}

/* Rings in the legacy layout (which also meets the modern alignments):
 * descriptors, available ring, then the used ring on the next page. */
int virtq_setup(struct virtio_dev *v, struct virtq *q, uint16_t index, uint16_t nbuf, size_t buf_size, int writable)
{
	q->dev = v;
	q->index = index;
	int size = queue_size(q);
	if (size == 0 || (size & (size - 1)))
		return -1;
	if (nbuf > VIRTQ_MAX_BUFFERS)
		nbuf = VIRTQ_MAX_BUFFERS;
	q->size = size;
	q->nbuf = size < nbuf ? size : nbuf;
	q->buf_size = buf_size;
	size_t used_at = align_up(16 * (size_t)size + 6 + 2 * (size_t)size, VRING_ALIGN);
	size_t ring_bytes = used_at + align_up(6 + 8 * (size_t)size, VRING_ALIGN);
	unsigned char *ring = dmamem_alloc(ring_bytes);
	q->buffers = dmamem_alloc((size_t)q->nbuf * buf_size);
	if (!ring || !q->buffers)
		return -1;
	q->desc = (struct vring_desc *)ring;
	q->avail = (volatile uint16_t *)(ring + 16 * (size_t)size);
	q->used = (volatile uint16_t *)(ring + used_at);
	for (uint16_t i = 0; i < q->nbuf; i++) {
		q->desc[i].addr = (uintptr_t)virtq_buffer(q, i);
		q->desc[i].len = buf_size;
		q->desc[i].flags = writable ? VIRTQ_DESC_F_WRITE : 0;
	}
	q->nfree = 0;
	if (!writable)
		for (uint16_t i = 0; i < q->nbuf; i++)
			q->free[q->nfree++] = q->nbuf - 1 - i;
	queue_activate(q);
	return 0;
}

void virtio_ready(struct virtio_dev *v, struct virtq **writable, int n)
{
	set_status(v, get_status(v) | STATUS_DRIVER_OK);
	for (int i = 0; i < n; i++) {
		struct virtq *q = writable[i];
		for (uint16_t id = 0; id < q->nbuf; id++)
			virtq_push(q, id);
		virtq_kick(q);
	}
}

void virtq_push(struct virtq *q, uint16_t id)
{
	q->avail[2 + q->avail_idx % q->size] = id;
	barrier();
	q->avail[1] = ++q->avail_idx;
}

void virtq_kick(struct virtq *q)
{
	__asm__ volatile("mfence" ::: "memory");   /* idx out before flags in */
	if (!(q->used[0] & USED_F_NO_NOTIFY))
		notify(q);
}

int virtq_has_used(struct virtq *q)
{
	return q->used[1] != q->last_used;
}

int virtq_take_used(struct virtq *q, uint16_t *id, uint32_t *len)
{
	while (virtq_has_used(q)) {
		barrier();
		volatile struct vring_used_elem *e =
			(volatile struct vring_used_elem *)(q->used + 2) + q->last_used++ % q->size;
		*id = e->id;
		*len = e->len;
		if (*id < q->nbuf)
			return 1;
	}
	return 0;
}

void virtq_reclaim(struct virtq *q)
{
	uint16_t id;
	uint32_t len;

	while (virtq_take_used(q, &id, &len))
		if (q->nfree < q->nbuf)
			q->free[q->nfree++] = id;
}

void virtq_want_interrupts(struct virtq *q, int on)
{
	q->avail[0] = on ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
	__asm__ volatile("mfence" ::: "memory");
}

/*
 * What every virtio PCI driver shares (virtio_net.c, virtio_console.c): the
 * two transports, legacy (virtio 0.9.5: I/O BAR 0) and modern (virtio 1.x:
 * vendor capabilities pointing into memory BARs), feature negotiation, split
 * virtqueues with one fixed-size buffer per descriptor, and the INTx line.
 * Memory for rings and buffers comes from dmamem (dmamem_init first).
 */
#ifndef UNICORE_DRIVERS_VIRTIO_H
#define UNICORE_DRIVERS_VIRTIO_H

#include <stddef.h>
#include <stdint.h>
#include "pci.h"

#define VIRTIO_VENDOR 0x1af4
#define VIRTQ_MAX_BUFFERS 64      /* posted per queue at most */

struct virtio_dev {
	int up;                                    /* virtio_open succeeded */
	int modern;
	uint16_t io;                               /* legacy I/O base */
	volatile uint8_t *common, *isr, *config, *notify;
	uint32_t notify_mult;
	int irq;                                   /* PIC line, -1 if none */
	int msix;                                  /* interrupts by MSI-X entry 0 */
};

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vring_used_elem {
	uint32_t id, len;
};

struct virtq {
	struct virtio_dev *dev;
	uint16_t index, size, nbuf;
	uint16_t avail_idx;        /* our copy of avail->idx */
	uint16_t last_used;        /* next used entry to look at */
	struct vring_desc *desc;
	volatile uint16_t *avail;  /* flags, idx, ring[size], used_event */
	volatile uint16_t *used;   /* flags, idx, then used_elem ring[size] */
	unsigned char *buffers;    /* nbuf * buf_size; descriptor i owns buffer i */
	size_t buf_size;
	uint16_t notify_off;       /* modern */
	uint16_t free[VIRTQ_MAX_BUFFERS];  /* device-readable queues: not in flight */
	uint16_t nfree;
};

#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTIO_F_VERSION_1 (1ull << 32)
/* The device's DMA goes through the platform's IOMMU (Xen's dom0: device
 * addresses are dom0's own, which the IOMMU maps). */
#define VIRTIO_F_ACCESS_PLATFORM (1ull << 33)

/* Finds the first function with device id modern_id or legacy_id (the
 * transitional id, which may also be driven by its legacy I/O BAR), enables
 * it, maps its transport, calls start() (virtio_begin, the queues,
 * virtio_ready) and routes its interrupt to handler: MSI-X entry 0 for every
 * queue where the platform takes MSIs (pcirq_msi: Xen's dom0), else its INTx
 * line through pcirq (idle waits poll every 1 ms when firmware routed none).
 * 0, or -ENODEV when there is no such device or start() failed. */
int virtio_open(struct virtio_dev *v, uint16_t modern_id, uint16_t legacy_id, int (*start)(void), void (*handler)(void *));
/* Resets the device and negotiates the features in wanted that it offers
 * (plus VERSION_1 on the modern transport, which requires it, and
 * ACCESS_PLATFORM when offered: a device behind an IOMMU). Returns the
 * features agreed, or 0 with the device marked failed. */
uint64_t virtio_begin(struct virtio_dev *v, uint64_t wanted);
/* Sets queue index up with min(ring size, nbuf) buffers of buf_size bytes.
 * Device-writable queues (writable 1) get every buffer posted at
 * virtio_ready; the others keep theirs in free[]. 0 or -1. */
int virtq_setup(struct virtio_dev *v, struct virtq *q, uint16_t index, uint16_t nbuf, size_t buf_size, int writable);
/* DRIVER_OK, then posts the writable queues' buffers. */
void virtio_ready(struct virtio_dev *v, struct virtq **writable, int n);
void virtio_failed(struct virtio_dev *v);
uint8_t virtio_config8(struct virtio_dev *v, unsigned off);
/* Reads (and so clears) the ISR, which lowers the INTx line. */
uint8_t virtio_read_isr(struct virtio_dev *v);

static inline unsigned char *virtq_buffer(struct virtq *q, uint16_t id)
{
	return q->buffers + (size_t)id * q->buf_size;
}
/* Hands descriptor id (its len and flags set) to the device. */
void virtq_push(struct virtq *q, uint16_t id);
/* Notifies the device unless it said it needs no notification. */
void virtq_kick(struct virtq *q);
/* Whether the device has returned a buffer not yet taken. */
int virtq_has_used(struct virtq *q);
/* Takes the next returned buffer: 1 with *id and *len, or 0. Ids out of
 * range (a broken device) are skipped. */
int virtq_take_used(struct virtq *q, uint16_t *id, uint32_t *len);
/* Device-readable queues: moves returned buffers back to free[]. */
void virtq_reclaim(struct virtq *q);
/* Whether the device should interrupt when it returns a buffer. */
void virtq_want_interrupts(struct virtq *q, int on);

#endif

/*
 * virtio-net over PCI, legacy (virtio 0.9.5: I/O BAR) and modern (virtio 1.x:
 * vendor capabilities pointing into memory BARs), for kvm and baremetal.
 * One receive and one transmit queue, no offloads (features MAC and STATUS;
 * VERSION_1 on the modern transport). The receive ring is kept full of
 * 2 KiB buffers; transmitted buffers are reclaimed when sending, and the
 * transmit queue interrupts only while a sender waits for room (-EAGAIN)
 * or plat_exit waits for the last frames (virtio_net_flush).
 * Implements plat_net_probe/send/recv (unicore/plat.h).
 */
#ifndef UNICORE_DRIVERS_VIRTIO_NET_H
#define UNICORE_DRIVERS_VIRTIO_NET_H

#include <unicore/plat.h>

/* Finds the first virtio-net function on PCI, takes its rings and buffers
 * with dmamem (dmamem_init first) and starts it, with its interrupt routed
 * through pcirq (pcirq_init first). 0, or -ENODEV when there is none (or it
 * cannot be driven). Boot time only. */
int virtio_net_init(void);
/* Whether plat_wait_until should return for the NIC: a received frame is
 * waiting for plat_net_recv, or plat_net_send said -EAGAIN and the transmit
 * ring has room again. Each is said once: waiting frames again only after
 * plat_net_recv was called (so a program that never reads the network does
 * not spin on frames it ignores), room again only after another -EAGAIN. */
int virtio_net_wake_pending(void);

/* Waits (at most 100 ms) until the device has taken every frame sent: QEMU
 * hands a frame to the host (slirp's sendto, the tap) before it returns the
 * buffer, while powering off stops it at once, so a program's last datagram
 * or segment would be lost without this. At exit only. */
void virtio_net_flush(void);

/* What the boot-time self-test (netdebug.c) reports. */
struct virtio_net_stats {
	const char *transport;      /* "modern" or "legacy" */
	int irq;                    /* PIC line, -1 if none */
	unsigned long interrupts, rx_frames, tx_frames, rx_dropped, tx_full;
};
void virtio_net_stats(struct virtio_net_stats *out);

#endif

/*
 * virtio-console over PCI (QEMU's virtio-serial-pci with a virtserialport at
 * number 1), for kvm and baremetal: the framed console channel at memory
 * speed when `unicore run` gives the machine one (the UART stays the console
 * otherwise). Multiport is negotiated (QEMU drops what a port-0 console
 * cannot write at once, a virtserialport keeps it), but only port 1 is used:
 * the driver announces itself and opens that port, and takes no control
 * messages. Writes are copied into the transmit ring (4 KiB buffers) and
 * return once queued; reads take what the device put in the receive ring.
 */
#ifndef UNICORE_DRIVERS_VIRTIO_CONSOLE_H
#define UNICORE_DRIVERS_VIRTIO_CONSOLE_H

#include <stddef.h>

/* Finds the first virtio-serial function on PCI and opens its port 1
 * (dmamem and pcirq first). 0, or -ENODEV. Boot time only. */
int virtio_console_init(void);
/* Whether the port is open (and the others do anything). */
int virtio_console_up(void);
/* Queues all len bytes, halting while the ring is full. */
void virtio_console_write(const void *buf, size_t len);
/* Takes up to len bytes that have arrived, without waiting. */
size_t virtio_console_read(void *buf, size_t len);
int virtio_console_rx_ready(void);
/* Waits until the device has taken every queued byte (before power-off). */
void virtio_console_flush(void);

#endif

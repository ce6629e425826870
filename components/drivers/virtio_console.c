/*
 * virtio-console PCI driver (see virtio_console.h), on the shared transport
 * and queues of virtio.c. Device layout from the virtio 1.x specification,
 * section 5.3 "Console Device" (multiport: queues 2 and 3 carry control
 * messages, port n > 0 uses queues 2n + 2 and 2n + 3).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "virtio_console.h"
#include "virtio.h"
#include "pcirq.h"

#define DEV_CONSOLE_LEGACY 0x1003
#define DEV_CONSOLE_MODERN 0x1043
#define F_MULTIPORT (1ull << 1)

#define PORT 1
#define QUEUE_CONTROL_TX 3
#define QUEUE_RX (2 * PORT + 2)
#define QUEUE_TX (2 * PORT + 3)
#define NBUF 16
#define BUF_SIZE 4096
#define CONFIG_MAX_PORTS 4

/* Control messages (struct virtio_console_control). */
#define DEVICE_READY 0
#define PORT_READY 3
#define PORT_OPEN 6

static struct {
	struct virtio_dev dev;
	struct virtq control, rx, tx;
	int have;                  /* a received buffer is being read */
	int rx_armed;              /* receive interrupts on (virtio_console_rx_ready) */
	int unkicked;              /* receive buffers given back since the last kick */
	uint16_t id;
	uint32_t len, pos;
} con;

static void interrupt(void *arg)
{
	virtio_read_isr(&con.dev);   /* lowers the line; the rings say the rest */
}

static void control(uint32_t id, uint16_t event, uint16_t value)
{
	struct virtq *q = &con.control;
	unsigned char msg[8];

	virtq_reclaim(q);
	if (q->nfree == 0)
		return;
	memcpy(msg, &id, 4);
	memcpy(msg + 4, &event, 2);
	memcpy(msg + 6, &value, 2);
	uint16_t d = q->free[--q->nfree];
	memcpy(virtq_buffer(q, d), msg, sizeof msg);
	q->desc[d].len = sizeof msg;
	virtq_push(q, d);
	virtq_kick(q);
}

static uint32_t max_ports(void)
{
	uint32_t n = 0;

	for (int i = 3; i >= 0; i--)
		n = n << 8 | virtio_config8(&con.dev, CONFIG_MAX_PORTS + i);
	return n;
}

static int start(void)
{
	struct virtio_dev *v = &con.dev;
	struct virtq *writable[] = { &con.rx };

	if (!(virtio_begin(v, F_MULTIPORT) & F_MULTIPORT) || max_ports() <= PORT ||
	    virtq_setup(v, &con.control, QUEUE_CONTROL_TX, 4, 64, 0) != 0 ||
	    virtq_setup(v, &con.rx, QUEUE_RX, NBUF, BUF_SIZE, 1) != 0 ||
	    virtq_setup(v, &con.tx, QUEUE_TX, NBUF, BUF_SIZE, 0) != 0) {
		virtio_failed(v);
		return -1;
	}
	virtq_want_interrupts(&con.control, 0);
	virtq_want_interrupts(&con.tx, 0);
	virtq_want_interrupts(&con.rx, 0);   /* armed only to idle: virtio_console_rx_ready */
	virtio_ready(v, writable, 1);
	control(0, DEVICE_READY, 1);
	control(PORT, PORT_READY, 1);
	control(PORT, PORT_OPEN, 1);
	return 0;
}

int virtio_console_init(void)
{
	return virtio_open(&con.dev, DEV_CONSOLE_MODERN, DEV_CONSOLE_LEGACY, start, interrupt);
}

int virtio_console_up(void)
{
	return con.dev.up;
}

static int tx_returned(void)
{
	return virtq_has_used(&con.tx);
}

/* Halts until the device gives a transmit buffer back. */
static void wait_tx(void)
{
	virtq_want_interrupts(&con.tx, 1);
	pcirq_idle_until(UINT64_MAX, tx_returned);
	virtq_want_interrupts(&con.tx, 0);
}

void virtio_console_write(const void *buf, size_t len)
{
	struct virtq *q = &con.tx;
	const unsigned char *p = buf;
	int pushed = 0;

	while (con.dev.up && len > 0) {
		virtq_reclaim(q);
		if (q->nfree == 0) {
			if (pushed)
				virtq_kick(q);
			pushed = 0;
			wait_tx();
			continue;
		}
		uint16_t id = q->free[--q->nfree];
		size_t n = len < q->buf_size ? len : q->buf_size;
		memcpy(virtq_buffer(q, id), p, n);
		q->desc[id].len = n;
		virtq_push(q, id);
		pushed = 1;
		p += n;
		len -= n;
	}
	if (pushed)
		virtq_kick(q);
}

void virtio_console_flush(void)
{
	struct virtq *q = &con.tx;

	if (!con.dev.up)
		return;
	for (virtq_reclaim(q); q->nfree < q->nbuf; virtq_reclaim(q))
		wait_tx();
}

/*
 * Receiving. Interrupts: the device interrupts only while the CPU is about
 * to idle for input (virtio_console_rx_ready arms them, the next read
 * disarms them); while a program reads, it finds the next buffers in the
 * used ring without one interrupt per 4 KiB that QEMU's chardev moves.
 *
 * Kicks: each one is an I/O exit that waits for QEMU's big lock and wakes
 * its main loop, which reads the chardev 4 KiB at a time and sleeps while
 * the ring has no buffer. Buffers given back are kicked KICK_BATCH at a
 * time, or at once when nothing more waits in the used ring (we are about
 * to run dry) or before idling (rx_ready). A device that still holds more
 * than half the ring needs no kick: it sees the new buffers when it looks.
 */
#define KICK_BATCH 4

static void rx_kick(void)
{
	virtq_kick(&con.rx);
	con.unkicked = 0;
}

size_t virtio_console_read(void *buf, size_t len)
{
	struct virtq *q = &con.rx;
	unsigned char *out = buf;
	size_t got = 0;
	int posted = 0;

	if (con.rx_armed) {
		virtq_want_interrupts(q, 0);
		con.rx_armed = 0;
	}
	while (con.dev.up && got < len) {
		if (!con.have) {
			if (!virtq_take_used(q, &con.id, &con.len))
				break;
			if (con.len > q->buf_size)
				con.len = q->buf_size;
			con.pos = 0;
			con.have = 1;
		}
		size_t n = con.len - con.pos;
		if (n > len - got)
			n = len - got;
		memcpy(out + got, virtq_buffer(q, con.id) + con.pos, n);
		con.pos += n;
		got += n;
		if (con.pos == con.len) {
			virtq_push(q, con.id);
			con.have = 0;
			posted++;
		}
	}
	if (posted) {
		uint16_t held = (uint16_t)(q->avail_idx - posted - q->used[1]);
		con.unkicked += posted;
		if (held <= q->nbuf / 2 && (con.unkicked >= KICK_BATCH || !virtq_has_used(q)))
			rx_kick();
	}
	return got;
}

/* Whether input waits; if none, arms the receive interrupt first, so that
 * input arriving after the look ends the halt that follows it. */
int virtio_console_rx_ready(void)
{
	if (!con.dev.up)
		return 0;
	if (con.have || virtq_has_used(&con.rx))
		return 1;
	if (con.unkicked)
		rx_kick();
	if (!con.rx_armed) {
		virtq_want_interrupts(&con.rx, 1);
		con.rx_armed = 1;
	}
	return virtq_has_used(&con.rx);
}

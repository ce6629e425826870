/*
 * The 16550A UART on COM1. Polled: the receive FIFO (16 bytes) is all the
 * buffering there is, which is why ns16550_rx_window() says 16.
 */
#include <stdint.h>
#include "ns16550.h"
#include "arch/x86_64/x86.h"

#define COM1 0x3f8
#define RBR 0            /* receive buffer (read) / transmit holding (write) */
#define DLL 0            /* divisor latch, with LCR_DLAB */
#define IER 1
#define DLM 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define SCR 7

#define LCR_8N1  0x03
#define LCR_DLAB 0x80
/* FIFOs on, both cleared, trigger level 14. We poll, so the level raises no
 * interrupt; but QEMU hands the UART at most (level - queued) bytes per turn
 * of its main loop, and level 1 makes that one byte at a time. */
#define FCR_ENABLE_CLEAR 0xc7
#define MCR_DTR_RTS 0x03
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define FIFO_SIZE 16

static int present;

void ns16550_init(void)
{
	/* No UART answers with 0xff everywhere; the scratch register tells. */
	outb(COM1 + SCR, 0x5a);
	if (inb(COM1 + SCR) != 0x5a)
		return;
	outb(COM1 + IER, 0);
	outb(COM1 + LCR, LCR_DLAB);
	outb(COM1 + DLL, 1);        /* 115200 baud: 115200 / 1 */
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + MCR, MCR_DTR_RTS);
	present = 1;
}

void ns16550_write(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!present)
		return;
	while (len > 0) {
		while (!(inb(COM1 + LSR) & LSR_THR_EMPTY))
			__asm__ volatile("pause");
		/* THR empty means the whole transmit FIFO is. */
		for (int room = FIFO_SIZE; room > 0 && len > 0; room--, len--)
			outb(COM1 + RBR, *p++);
	}
}

size_t ns16550_read(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t n = 0;

	while (present && n < len && (inb(COM1 + LSR) & LSR_DATA_READY))
		p[n++] = inb(COM1 + RBR);
	return n;
}

int ns16550_rx_ready(void)
{
	return present && (inb(COM1 + LSR) & LSR_DATA_READY);
}

size_t ns16550_rx_window(void)
{
	return FIFO_SIZE;
}

/*
 * The COM1 serial port (a 16550A UART at I/O port 0x3f8), polled: 115200 8N1
 * with FIFOs; optionally an interrupt on input, to wake an idle CPU. Reads and writes are 8-bit clean.
 */
#ifndef UNICORE_NS16550_H
#define UNICORE_NS16550_H

#include <stddef.h>

/* Programs the UART; afterwards the others are safe to call. If there is no
 * UART, writes are dropped and reads find nothing. */
void ns16550_init(void);
/* Sends all len bytes, waiting for room in the transmit FIFO. */
void ns16550_write(const void *buf, size_t len);
/* Takes up to len bytes that have arrived, without waiting; returns how many. */
size_t ns16550_read(void *buf, size_t len);
/* Whether a byte is waiting to be read (does not take it). */
int ns16550_rx_ready(void);
/* Raises IRQ 4 when input arrives (received data or FIFO timeout), for
 * platforms that idle with hlt; the data is still read by ns16550_read. */
void ns16550_enable_rx_irq(void);
/* Bytes that can arrive between two reads without loss: the receive FIFO. */
size_t ns16550_rx_window(void);

#endif

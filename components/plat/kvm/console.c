/* The kvm console: COM1, polled, bytes as they are (8-bit clean). */
#include <unicore/plat.h>
#include "drivers/ns16550.h"
#include "plat/pc/pc.h"

void plat_console_write(int stream, const void *buf, size_t len)
{
	if (stream != PLAT_CONSOLE_SCREEN)
		ns16550_write(buf, len);
}

int pc_console_input_waiting(void)
{
	return ns16550_rx_ready();
}

long plat_console_read(void *buf, size_t len, int block)
{
	for (;;) {
		size_t n = ns16550_read(buf, len);
		if (n > 0 || !block || len == 0)
			return n;
		__asm__ volatile("pause");
	}
}

/* QEMU's (and every VMM's) virtual 16550 never drops input: the VMM stops
 * reading from its backend while the FIFO is full. So the host may send far
 * more than the 16-byte FIFO holds; it waits in the host's pipe until we read. */
#define VIRTUAL_UART_WINDOW 65536

size_t plat_console_rx_window(void)
{
	return VIRTUAL_UART_WINDOW;
}

int plat_console_isatty(int stream)
{
	return 1;
}

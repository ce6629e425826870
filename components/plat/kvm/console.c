/* The kvm console: COM1, bytes as they are (8-bit clean); a blocking read
 * halts until input arrives (plat_wait_until). The framed channel's wire goes
 * through virtio-console instead when `unicore run` gave the machine one. */
#include <unicore/plat.h>
#include "drivers/ns16550.h"
#include "drivers/virtio_console.h"
#include "plat/pc/pc.h"

void plat_console_write(int stream, const void *buf, size_t len)
{
	if (stream == PLAT_CONSOLE_WIRE && virtio_console_up())
		virtio_console_write(buf, len);
	else if (stream != PLAT_CONSOLE_SCREEN)
		ns16550_write(buf, len);
}

int pc_console_input_waiting(void)
{
	return virtio_console_rx_ready() || ns16550_rx_ready();
}

long plat_console_read(void *buf, size_t len, int block)
{
	for (;;) {
		size_t n = virtio_console_read(buf, len);
		n += ns16550_read((char *)buf + n, len - n);
		if (n > 0 || !block || len == 0)
			return n;
		plat_wait_until(UINT64_MAX);
	}
}

/* QEMU's (and every VMM's) virtual 16550 never drops input: the VMM stops
 * reading from its backend while the FIFO is full. So the host may send far
 * more than the 16-byte FIFO holds; it waits in the host's pipe until we read. */
#define VIRTUAL_UART_WINDOW 65536
/* virtio-console never drops either: what the rings cannot take stays on the host. */
#define VIRTIO_WINDOW (1 << 20)

size_t plat_console_rx_window(void)
{
	return virtio_console_up() ? VIRTIO_WINDOW : VIRTUAL_UART_WINDOW;
}

int plat_console_isatty(int stream)
{
	return 1;
}

/*
 * The console of a PC: output on COM1 and on the VGA screen, input from COM1
 * and the PS/2 keyboard, whichever is used. A person at the keyboard sees
 * what they type echoed on the screen (a serial terminal echoes for itself).
 * In framed console mode the runtime keeps its frames off the screen and
 * shows the application's bytes there instead (PLAT_CONSOLE_*, plat.h).
 */
#include <string.h>
#include <unicore/plat.h>
#include "baremetal.h"
#include "drivers/ns16550.h"
#include "drivers/pcirq.h"
#include "drivers/ps2kbd.h"
#include "drivers/vga.h"
#include "drivers/virtio_console.h"
#include "plat/pc/pc.h"
#include "arch/x86_64/x86.h"

#define KBD_STATUS 0x64
#define KBD_STATUS_FULL 0x01

void console_init(void)
{
	ns16550_init();
	vga_init();
	ps2kbd_init();
}

/* Input interrupts only wake the CPU from plat_wait_until: the devices are
 * still read by polling. */
void console_enable_irqs(void)
{
	ns16550_enable_rx_irq();
	pcirq_enable(PCIRQ_COM1, 0, 0);
	pcirq_enable(PCIRQ_KEYBOARD, 0, 0);
}

void console_write_all(const void *buf, size_t len)
{
	ns16550_write(buf, len);
	vga_write(buf, len);
}

void plat_console_write(int stream, const void *buf, size_t len)
{
	if (stream == PLAT_CONSOLE_WIRE && virtio_console_up())
		virtio_console_write(buf, len);
	else if (stream != PLAT_CONSOLE_SCREEN)
		ns16550_write(buf, len);
	if (stream != PLAT_CONSOLE_WIRE)
		vga_write(buf, len);
}

void console_message(const char *text)
{
	console_write_all(text, strlen(text));
}

static void echo_typed(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == 0x7f)
			vga_write("\b \b", 3);
		else if (p[i] == '\n' || (p[i] >= 0x20 && p[i] < 0x7f))
			vga_write(&p[i], 1);
	}
}

long plat_console_read(void *buf, size_t len, int block)
{
	unsigned char *p = buf;

	for (;;) {
		size_t n = virtio_console_read(p, len);
		n += ns16550_read(p + n, len - n);
		size_t typed = ps2kbd_read(p + n, len - n);
		echo_typed(p + n, typed);
		n += typed;
		if (n > 0 || !block || len == 0)
			return n;
		plat_wait_until(UINT64_MAX);
	}
}

int pc_console_input_waiting(void)
{
	return virtio_console_rx_ready() || ns16550_rx_ready() || (inb(KBD_STATUS) & KBD_STATUS_FULL);
}

/* The keyboard is typed by hand: the serial line's window is the limit. On a
 * real UART that is its 16-byte FIFO; under a hypervisor (CPUID says so) the
 * UART is virtual and, as on kvm, never drops input, so the host may send more. */
#define VIRTUAL_UART_WINDOW 65536
/* virtio-console never drops either: what the rings cannot take stays on the host. */
#define VIRTIO_WINDOW (1 << 20)

size_t plat_console_rx_window(void)
{
	uint32_t r[4];

	if (virtio_console_up())
		return VIRTIO_WINDOW;
	cpuid(1, 0, r);
	if (r[2] & (1u << 31))
		return VIRTUAL_UART_WINDOW;
	return ns16550_rx_window();
}

int plat_console_isatty(int stream)
{
	return 1;
}

/*
 * The same image without Xen (QEMU's PVH loader, or any PVH loader on a
 * machine without Xen): the shared x86 drivers do the work. COM1 is the
 * console and isa-debug-exit (then ACPI) ends the VM; the clocks are the
 * pcclock driver, called from clock.c.
 */
#include <unicore/plat.h>
#include "platform.h"
#include "drivers/ns16550.h"
#include "drivers/power.h"

void nohv_console_init(void)
{
	ns16550_init();
}

void nohv_console_write(const void *buf, size_t len)
{
	ns16550_write(buf, len);
}

long nohv_console_read(void *buf, size_t len, int block)
{
	for (;;) {
		size_t n = ns16550_read(buf, len);
		if (n > 0 || !block)
			return n;
		__asm__ volatile("pause");
	}
}

/* Without Xen we run under a VMM's PVH loader (QEMU, Firecracker), whose
 * virtual UART holds input back instead of dropping it (see plat/kvm). */
size_t nohv_console_rx_window(void)
{
	return 65536;
}

_Noreturn void nohv_exit(int status)
{
	power_off(status);
}

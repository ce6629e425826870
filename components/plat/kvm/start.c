/*
 * Boot of the kvm platform (QEMU/KVM, any multiboot or PVH loader on a PC-like
 * machine): COM1 is the console (the framed channel goes over virtio-console
 * when there is one), the TSC and CMOS the clocks, isa-debug-exit then ACPI
 * the way out. The rest of the boot is the PC platforms' (plat/pc/start.c).
 */
#include <unicore/plat.h>
#include "drivers/ns16550.h"
#include "drivers/pcirq.h"
#include "plat/pc/pc.h"

static void enable_irqs(void)
{
	ns16550_enable_rx_irq();
	pcirq_enable(PCIRQ_COM1, 0, 0);
}

static const struct pc_console console = {
	.write = ns16550_write,
	.enable_irqs = enable_irqs,
	.boot_error_status = UC_STATUS_ABRT,
};

_Noreturn void plat_start(uint32_t magic, uintptr_t info)
{
	ns16550_init();
	pc_start(magic, info, &console);
}

const char *plat_name(void)
{
	return "kvm";
}

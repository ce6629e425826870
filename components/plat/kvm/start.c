/*
 * Boot of the kvm platform (QEMU/KVM, any multiboot or PVH loader on a PC-like
 * machine): COM1 is the console (the framed channel goes over virtio-console
 * when there is one), the TSC and CMOS the clocks, isa-debug-exit then ACPI
 * the way out.
 */
#include <string.h>
#include <unicore/plat.h>
#include "arch/x86_64/bootinfo.h"
#include "drivers/acpi.h"
#include "drivers/dmamem.h"
#include "drivers/netdebug.h"
#include "drivers/ns16550.h"
#include "drivers/pcclock.h"
#include "drivers/pcirq.h"
#include "drivers/power.h"
#include "drivers/virtio_console.h"
#include "drivers/virtio_net.h"

_Noreturn void plat_start(uint32_t magic, uintptr_t info)
{
	static struct uc_boot_info boot;
	uint64_t rsdp;

	ns16550_init();
	pcclock_init();
	const char *error = x86_boot_parse(magic, info, &boot, &rsdp);
	acpi_set_rsdp(rsdp);
	if (error) {
		ns16550_write(error, strlen(error));
		ns16550_write("\r\n", 2);
		plat_exit(UC_STATUS_ABRT);
	}
	pcirq_init();
	ns16550_enable_rx_irq();
	pcirq_enable(PCIRQ_COM1, 0, 0);
	dmamem_init(&boot);
	virtio_console_init();
	virtio_net_init();
	netdebug_run(boot.cmdline, ns16550_write);
	uc_main(&boot);
}

const char *plat_name(void)
{
	return "kvm";
}

_Noreturn void plat_exit(int status)
{
	virtio_console_flush();   /* the last frames (exit status, crash) out first */
	power_off(status);
}

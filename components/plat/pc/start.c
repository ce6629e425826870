/*
 * The boot the PC platforms (kvm, baremetal) share, once their console is up:
 * the loader's information, the clocks, interrupts, the PCI devices, the
 * network debug hook, then the runtime. plat_exit is the same on both.
 */
#include <string.h>
#include <unicore/plat.h>
#include "arch/x86_64/arch.h"
#include "arch/x86_64/bootinfo.h"
#include "drivers/acpi.h"
#include "drivers/dmamem.h"
#include "drivers/netdebug.h"
#include "drivers/pcclock.h"
#include "drivers/pcirq.h"
#include "drivers/power.h"
#include "drivers/virtio_console.h"
#include "drivers/virtio_net.h"
#include "pc.h"

_Noreturn void pc_start(uint32_t magic, uintptr_t info, const struct pc_console *con)
{
	static struct uc_boot_info boot;
	uint64_t rsdp;
	const char *error = x86_boot_parse(magic, info, &boot, &rsdp);

	if (error) {
		con->write(error, strlen(error));
		con->write("\r\n", 2);
		plat_exit(con->boot_error_status);
	}
	acpi_set_rsdp(rsdp);
	pcclock_init();
	pcirq_init();
	con->enable_irqs();
	dmamem_init(&boot);
	virtio_console_init();
	virtio_net_init();
	netdebug_run(boot.cmdline, con->write);
	x86_run_main(&boot);
}

/* isa-debug-exit (QEMU), then ACPI S5; where neither works power_off says
 * "unicore: halted" on the console and stops the CPU. */
_Noreturn void plat_exit(int status)
{
	virtio_net_flush();       /* what the program sent last reaches the host */
	virtio_console_flush();   /* the last frames (exit status, crash) out first */
	power_off(status);
}

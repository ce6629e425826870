/*
 * The baremetal platform's boot: the arch code (components/arch/x86_64) has
 * entered long mode and calls plat_start with what the multiboot loader
 * passed. Console first, so that anything wrong can be reported.
 */
#include <unicore/plat.h>
#include "baremetal.h"
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

_Noreturn void plat_start(uint32_t magic, uintptr_t info)
{
	struct uc_boot_info boot = { 0 };
	uint64_t rsdp;
	const char *error;

	console_init();
	power_set_console(console_write_all);
	if (magic != MULTIBOOT_BOOT_MAGIC) {
		console_message("unicore: a baremetal image needs a multiboot loader (GRUB, QEMU -kernel)\n");
		plat_exit(1);
	}
	error = x86_boot_parse(magic, info, &boot, &rsdp);
	if (error) {
		console_message(error);
		console_message("\n");
		plat_exit(1);
	}
	acpi_set_rsdp(rsdp);
	pcclock_init();
	pcirq_init();
	console_enable_irqs();
	dmamem_init(&boot);
	virtio_console_init();
	virtio_net_init();
	netdebug_run(boot.cmdline, console_write_all);
	uc_main(&boot);
}

const char *plat_name(void)
{
	return "baremetal";
}

/* isa-debug-exit (QEMU), then ACPI S5; where neither works power_off says
 * "unicore: halted" on the screen and COM1 and stops the CPU. */
_Noreturn void plat_exit(int status)
{
	virtio_console_flush();   /* the last frames (exit status, crash) out first */
	power_off(status);
}

/*
 * The baremetal platform's boot: the arch code (components/arch/x86_64) has
 * entered long mode and calls plat_start with what the multiboot loader
 * passed. Console first, so that anything wrong can be reported; the rest of
 * the boot is the PC platforms' (plat/pc/start.c).
 */
#include <unicore/plat.h>
#include "baremetal.h"
#include "arch/x86_64/arch.h"
#include "drivers/power.h"
#include "plat/pc/pc.h"

static const struct pc_console console = {
	.write = console_write_all,
	.enable_irqs = console_enable_irqs,
	.boot_error_status = 1,
};

_Noreturn void plat_start(uint32_t magic, uintptr_t info)
{
	console_init();
	power_set_console(console_write_all);
	if (magic != MULTIBOOT_BOOT_MAGIC) {
		console_message("unicore: a baremetal image needs a multiboot loader (GRUB, QEMU -kernel)\n");
		plat_exit(1);
	}
	pc_start(magic, info, &console);
}

const char *plat_name(void)
{
	return "baremetal";
}

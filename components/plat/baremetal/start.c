/*
 * The baremetal platform's boot: the arch code (components/arch/x86_64) has
 * entered long mode and calls plat_start with what the multiboot loader
 * passed. Console first, so that anything wrong can be reported.
 */
#include <string.h>
#include <unicore/plat.h>
#include "baremetal.h"
#include "../../arch/x86_64/arch.h"
#include "../../arch/x86_64/bootinfo.h"
#include "../../drivers/acpi.h"
#include "../../drivers/power.h"

#define MB_INFO_CMDLINE     (1u << 2)
#define MB_INFO_LOADER_NAME (1u << 9)

/* The multiboot v1 info block up to the boot loader's name. */
struct multiboot_head {
	uint32_t flags;
	uint32_t mem_lower, mem_upper, boot_device;
	uint32_t cmdline;
	uint32_t unused[11];
	uint32_t boot_loader_name;
};

static char grub_cmdline[4096];

/* GRUB legacy ("GRUB 0.97") and QEMU ("qemu") put the image's path first on
 * the command line, GRUB 2 ("GRUB 2.06...") does not. */
static int loader_is_grub2(const char *name)
{
	for (; *name; name++)
		if (memcmp(name, "GRUB ", 5) == 0)
			return name[5] != '0' && name[5] != '\0';
	return 0;
}

/* x86_boot_parse drops the first word of every multiboot command line; under
 * GRUB 2 that word is the first argument, so take the whole line instead.
 * (Runs before anything uses the heap, where the loader's copy may lie.) */
static void keep_grub2_cmdline(uintptr_t info, struct uc_boot_info *boot)
{
	const struct multiboot_head *mb = (const void *)info;
	const char *s;
	size_t n = 0;

	if ((mb->flags & (MB_INFO_CMDLINE | MB_INFO_LOADER_NAME)) != (MB_INFO_CMDLINE | MB_INFO_LOADER_NAME)
	    || !loader_is_grub2((const char *)(uintptr_t)mb->boot_loader_name))
		return;
	s = (const char *)(uintptr_t)mb->cmdline;
	while (n < sizeof grub_cmdline - 1 && s[n] != '\0')
		n++;
	memcpy(grub_cmdline, s, n);
	grub_cmdline[n] = '\0';
	boot->cmdline = grub_cmdline;
}

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
	keep_grub2_cmdline(info, &boot);
	acpi_set_rsdp(rsdp);
	clock_init();
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
	power_off(status);
}

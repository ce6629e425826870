/*
 * Boot of the Xen platform: plat_start gets the PVH start info (from Xen's
 * domain builder or from QEMU's PVH loader), finds Xen, starts the console and
 * the clocks, reads the command line and the heap (arch bootinfo.c, or Xen's
 * memory map) and enters the runtime.
 */
#include <string.h>
#include <unicore/plat.h>
#include "arch/x86_64/arch.h"
#include "arch/x86_64/bootinfo.h"
#include "drivers/dmamem.h"
#include "platform.h"
#include "hypercall.h"

void nohv_exit(int status);

static int heap_from_xen(struct uc_boot_info *boot)
{
	static struct e820_entry e[128];
	struct xen_memory_map map = { .nr_entries = 128, .buffer = e };

	if (!xen_present || hyp_memory_op(XENMEM_memory_map, &map) != 0)
		return 0;
	for (unsigned int i = 0; i < map.nr_entries; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM && x86_boot_heap_from_region(boot, e[i].addr, e[i].size))
			return 1;
	return 0;
}

static _Noreturn void fail(const char *msg)
{
	plat_console_write(2, msg, strlen(msg));
	plat_exit(UC_STATUS_ABRT);
}

_Noreturn void plat_start(uint32_t magic, uintptr_t info)
{
	static struct uc_boot_info boot;
	const struct hvm_start_info *si = NULL;
	const char *no_heap;
	uint64_t rsdp;

	if (magic == XEN_HVM_START_MAGIC_VALUE &&
	    ((const struct hvm_start_info *)info)->magic == XEN_HVM_START_MAGIC_VALUE)
		si = (const struct hvm_start_info *)info;
	if (xen_hypercall_init() == 0 && si)
		xen_initdomain = (si->flags & SIF_INITDOMAIN) != 0;
	xen_console_init();
	xen_clock_init();
	xen_control_init();

	/* The command line and the heap from the start info, as on kvm; Xen
	 * guests whose start info has no memory map ask Xen for it. */
	no_heap = x86_boot_parse(magic, info, &boot, &rsdp);
	if (no_heap == x86_boot_too_long)
		fail(x86_boot_too_long);
	if (no_heap && !heap_from_xen(&boot))
		fail("xen: no memory map: cannot place the heap\n");
	dmamem_init(&boot);
	xen_console_devices();
	netfront_reserve();
	x86_run_main(&boot);
}

const char *plat_name(void)
{
	return "xen";
}

_Noreturn void plat_exit(int status)
{
	if (!xen_present)
		nohv_exit(status);

	/* A dom0's shutdown halts the machine, so the VM it runs in stays up. If
	 * that VM has QEMU's isa-debug-exit device (port 0xf4, which Xen passes
	 * through to dom0), leave it with the status now. A dom0 always powers
	 * off: a dom0 crash makes Xen reboot the machine, and the app again. */
	struct sched_shutdown shutdown = { .reason = SHUTDOWN_poweroff };
	netfront_close();
	xen_console_flush();
	if (xen_initdomain)
		__asm__ volatile("outl %0, %1" :: "a"((uint32_t)status & 0xff), "Nd"((uint16_t)0xf4));
	else if (xen_shutdown_requested)
		shutdown.reason = xen_shutdown_requested - 1;   /* what xl shutdown/reboot asked */
	else if (status >= 128)
		shutdown.reason = SHUTDOWN_crash;   /* the toolstack's on_crash applies */
	for (;;) {
		hyp_sched_op(SCHEDOP_shutdown, &shutdown);
		__asm__ volatile("cli; hlt");
	}
}

/*
 * What the PC platforms (kvm and baremetal: no paravirtual devices, the
 * shared x86 drivers) share: the boot after the console (start.c, with
 * plat_exit) and the platform clock of plat.h over the pcclock driver
 * (clock.c). Each platform says where its console input comes from.
 */
#ifndef UNICORE_PLAT_PC_H
#define UNICORE_PLAT_PC_H

#include <stddef.h>
#include <stdint.h>

/* The platform's console, as the shared boot needs it. */
struct pc_console {
	/* Writes a message of the platform's own (a boot error, netdebug). */
	void (*write)(const void *buf, size_t len);
	/* Lets console input wake the CPU (called after pcirq_init). */
	void (*enable_irqs)(void);
	/* The exit status when the loader's information is unusable. */
	int boot_error_status;
};

/* Called by plat_start once the console works: boots on and runs uc_main. */
_Noreturn void pc_start(uint32_t magic, uintptr_t info, const struct pc_console *con);

/* Implemented by the platform: whether console input is waiting (consumes
 * nothing); plat_wait_until returns early when it is. */
int pc_console_input_waiting(void);

#endif

/*
 * What the PC platforms (kvm and baremetal: no paravirtual devices, the
 * shared x86 drivers) share: the platform clock of plat.h over the pcclock
 * driver (clock.c). Each platform says where its console input comes from.
 */
#ifndef UNICORE_PLAT_PC_H
#define UNICORE_PLAT_PC_H

/* Implemented by the platform: whether console input is waiting (consumes
 * nothing); plat_wait_until returns early when it is. */
int pc_console_input_waiting(void);

#endif

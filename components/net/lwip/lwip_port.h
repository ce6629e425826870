/* What the parts of unicore's lwIP port (components/net/lwip/) share. */
#ifndef UNICORE_LWIP_PORT_H
#define UNICORE_LWIP_PORT_H

#include <stdint.h>

/* Brings lwIP up (loopback, and the NIC with DHCP or the boot words) once. */
void uc_lwip_start(void);
/* Feeds frames, loopback packets and timers to lwIP; 1 if there was work. */
int uc_lwip_poll(void);
/* Idles until the deadline, a frame or the next lwIP timer. */
void uc_lwip_wait(uint64_t deadline);

#endif

/*
 * The NIC's boot-time self-test, run only when the boot command line has the
 * word unicore.net.debug=1: prints the NIC's MAC, then ARPs for QEMU user
 * networking's gateway (10.0.2.2, asking as 10.0.2.15) with a hand-built
 * frame and prints the answer, which proves sending, receiving and the
 * interrupt that ends the wait; then sends a burst of requests (more than
 * the rings hold) and counts the answers. Lines start with "unicore.net: ".
 */
#ifndef UNICORE_DRIVERS_NETDEBUG_H
#define UNICORE_DRIVERS_NETDEBUG_H

#include <stddef.h>

void netdebug_run(const char *cmdline, void (*write)(const void *buf, size_t len));

#endif

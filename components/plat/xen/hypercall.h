/*
 * Calling Xen from a 64-bit PVH guest: through the hypercall page, which Xen
 * fills in when we tell it where the page is (hypercall.c). Arguments go in
 * rdi, rsi, rdx, r10, r8; the result comes back in rax (negative: -errno).
 */
#ifndef UNICORE_XEN_HYPERCALL_H
#define UNICORE_XEN_HYPERCALL_H

#include "xen.h"

extern char hypercall_page[4096];

static inline long hypercall2(unsigned int op, unsigned long a1, unsigned long a2)
{
	long ret;
	unsigned long d1, d2;
	__asm__ volatile("call *%[entry]"
		: "=a"(ret), "=D"(d1), "=S"(d2)
		: [entry] "r"(hypercall_page + op * 32), "1"(a1), "2"(a2)
		: "memory", "rcx", "r11", "rdx", "r10", "r8", "r9");
	return ret;
}

static inline long hypercall3(unsigned int op, unsigned long a1, unsigned long a2,
	unsigned long a3)
{
	long ret;
	unsigned long d1, d2, d3;
	__asm__ volatile("call *%[entry]"
		: "=a"(ret), "=D"(d1), "=S"(d2), "=d"(d3)
		: [entry] "r"(hypercall_page + op * 32), "1"(a1), "2"(a2), "3"(a3)
		: "memory", "rcx", "r11", "r10", "r8", "r9");
	return ret;
}

static inline long hyp_console_io(int cmd, unsigned long count, void *buf)
{
	return hypercall3(__HYPERVISOR_console_io, cmd, count, (unsigned long)buf);
}

static inline long hyp_sched_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, cmd, (unsigned long)arg);
}

static inline long hyp_memory_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, (unsigned long)arg);
}

static inline long hyp_event_channel_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg);
}

static inline long hyp_hvm_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_hvm_op, cmd, (unsigned long)arg);
}

#endif

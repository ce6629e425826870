/*
 * Finding Xen and setting up the hypercall page. Xen announces itself in the
 * hypervisor CPUID leaves (0x40000000 + n * 0x100: a base may move up when Xen
 * also offers Viridian or other interfaces); leaf base+2 names the MSR into
 * which we write the physical address of the page Xen should fill.
 */
#include "platform.h"
#include "hypercall.h"

int xen_present;
int xen_initdomain;

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static uint32_t xen_cpuid_base(void)
{
	uint32_t a, b, c, d;

	/* Without the hypervisor bit the 0x4000xxxx leaves mean nothing. */
	cpuid(1, &a, &b, &c, &d);
	if (!(c & (1u << 31)))
		return 0;
	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		cpuid(base, &a, &b, &c, &d);
		/* "XenVMMXenVMM", and Xen has at least leaves base+1, base+2 */
		if (b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e && a - base >= 2)
			return base;
	}
	return 0;
}

int xen_hypercall_init(void)
{
	uint32_t base = xen_cpuid_base();
	uint32_t pages, msr, c, d;
	uint64_t page = (uintptr_t)hypercall_page;

	if (!base)
		return -1;
	cpuid(base + 2, &pages, &msr, &c, &d);
	if (pages < 1)
		return -1;
	__asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)page), "d"((uint32_t)(page >> 32)) : "memory");
	xen_present = 1;
	return 0;
}

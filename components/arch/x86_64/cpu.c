/* CPU feature detection, for what the arch code and drivers may use; the
 * thread pointer of the platform interface. */
#include <stdint.h>
#include <unicore/plat.h>
#include "arch_internal.h"
#include "x86.h"

int cpu_has_rdrand(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < 1)
		return 0;
	cpuid(1, 0, r);
	return (r[2] >> 30) & 1;
}

/* RDRAND may come back empty-handed for a while; Intel suggests 10 tries. */
int cpu_rdrand64(uint64_t *value)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*value), "=qm"(ok));
		if (ok)
			return 0;
	}
	return -1;
}

void plat_set_thread_pointer(uintptr_t tp)
{
	wrmsr(MSR_FS_BASE, tp);
}

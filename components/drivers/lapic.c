/* The local APIC timer (see lapic.h). Register offsets: Intel SDM vol. 3, 11.4. */
#include <stdint.h>
#include "lapic.h"
#include "../arch/x86_64/x86.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)
#define CPUID1_EDX_APIC (1u << 9)

#define REG_ID       0x020
#define REG_EOI      0x0b0
#define REG_SVR      0x0f0
#define REG_LVT_TIMER 0x320
#define REG_INITIAL  0x380
#define REG_CURRENT  0x390
#define REG_DIVIDE   0x3e0
#define SVR_ENABLE   0x100
#define LVT_MASKED   0x10000        /* one-shot mode: bits 17-18 zero */
#define DIVIDE_BY_16 0x3

#define CALIBRATE_NS 2000000ull
#define MAX_ARM_NS 10000000000ull

static volatile uint32_t *regs;
static uint64_t hz;                 /* timer ticks per second, 0: unknown */
static uint64_t calibrate_start;    /* ns, 0: not measuring */

static uint32_t get(unsigned reg)
{
	return regs[reg / 4];
}

static void put(unsigned reg, uint32_t v)
{
	regs[reg / 4] = v;
}

/* Maps the registers of an APIC in xAPIC mode. */
static int map(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[3] & CPUID1_EDX_APIC))
		return -1;
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE) || (base & APIC_BASE_X2APIC))
		return -1;
	regs = arch_map_mmio(base & ~0xfffull, 4096);
	return regs ? 0 : -1;
}

int lapic_enable(void)
{
	if (map() != 0)
		return -1;
	put(REG_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	return 0;
}

uint32_t lapic_id(void)
{
	return get(REG_ID) >> 24;
}

int lapic_init(void)
{
	if (map() != 0 || !(get(REG_SVR) & SVR_ENABLE)) {
		regs = 0;
		return -1;
	}
	put(REG_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	put(REG_DIVIDE, DIVIDE_BY_16);
	put(REG_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	put(REG_INITIAL, 0);
	return 0;
}

int lapic_timer_ready(void)
{
	return hz != 0;
}

void lapic_arm(uint64_t ns)
{
	if (ns > MAX_ARM_NS)
		ns = MAX_ARM_NS;
	uint64_t ticks = ns * hz / 1000000000ull + 1;
	if (ticks > 0xffffffffull)
		ticks = 0xffffffffull;
	put(REG_LVT_TIMER, LAPIC_TIMER_VECTOR);
	put(REG_INITIAL, (uint32_t)ticks);
}

void lapic_eoi(void)
{
	if (regs)
		put(REG_EOI, 0);
}

void lapic_calibrate_start(uint64_t now_ns)
{
	if (!regs || hz || calibrate_start)
		return;
	put(REG_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	put(REG_INITIAL, 0xffffffff);
	calibrate_start = now_ns ? now_ns : 1;
}

void lapic_calibrate_finish(uint64_t now_ns)
{
	if (!calibrate_start || now_ns - calibrate_start < CALIBRATE_NS)
		return;
	uint32_t left = get(REG_CURRENT);
	uint64_t elapsed = now_ns - calibrate_start;
	calibrate_start = 0;
	put(REG_INITIAL, 0);
	if (left == 0)                   /* ran out: far too fast to use */
		return;
	hz = (uint64_t)(0xffffffffu - left) * 1000000000ull / elapsed;
}

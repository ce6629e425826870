/*
 * The TSC as the monotonic clock. Every CPU a VM platform meets has an
 * invariant TSC in practice (hypervisors present one; QEMU TCG derives it from
 * the host clock), so the only question is its frequency. CPUID leaf 0x15
 * gives it exactly on recent Intel parts, hypervisors (KVM with tsc-frequency,
 * VMware, ...) put it in leaf 0x40000010; otherwise compare the TSC with PIT
 * channel 2 over PIT_WAIT PIT ticks (2 ms): on every boot's critical path.
 */
#include <stdint.h>
#include "tsc.h"
#include "arch/x86_64/x86.h"

#define PIT_HZ 1193182
#define PIT_WAIT (PIT_HZ / 500)          /* 2 ms */
#define PIT_CH2_DATA 0x42
#define PIT_COMMAND  0x43
#define PIT_CH2_ONESHOT 0xb0             /* channel 2, lo/hi byte, mode 0, binary */
#define PIT_CH2_LATCH   0x80             /* latch channel 2's count */
#define PORT_B 0x61                      /* bit 0: channel 2 gate, bit 1: speaker,
                                            bit 5: channel 2 output */
#define GUESS_HZ 2000000000ull

static uint64_t start, mult;             /* ns = (tsc - start) * mult >> 32 */

static uint64_t from_cpuid(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] >= 0x15) {
		cpuid(0x15, 0, r);     /* TSC = crystal (ecx) * ebx / eax */
		if (r[0] && r[1] && r[2])
			return (uint64_t)r[2] * r[1] / r[0];
	}
	return 0;
}

static uint64_t from_hypervisor(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 31)))
		return 0;
	cpuid(0x40000000, 0, r);
	if (r[0] < 0x40000010)
		return 0;
	cpuid(0x40000010, 0, r);    /* eax: TSC kHz */
	return (uint64_t)r[0] * 1000;
}

/* One reading of PIT channel 2's count, with the TSC at that moment. The
 * latch and reads are bracketed by TSC reads; of three tries the tightest
 * bracket wins, so a vCPU preempted mid-read does not skew the result. */
struct pit_sample {
	uint64_t tsc;
	uint16_t count;
};

static struct pit_sample pit_sample(void)
{
	struct pit_sample best = { 0, 0 };
	uint64_t best_width = ~0ull;

	for (int i = 0; i < 3; i++) {
		uint64_t before = rdtsc();
		outb(PIT_COMMAND, PIT_CH2_LATCH);
		uint16_t count = inb(PIT_CH2_DATA);
		count |= (uint16_t)inb(PIT_CH2_DATA) << 8;
		uint64_t after = rdtsc();
		if (after - before < best_width) {
			best_width = after - before;
			best = (struct pit_sample){ before + (after - before) / 2, count };
		}
	}
	return best;
}

/* Lets channel 2 count down from 0xffff (55 ms until it wraps) and compares
 * how far it got with how far the TSC got, after at least PIT_WAIT ticks.
 * Stalls between the two samples cost time, not accuracy. */
static uint64_t from_pit(void)
{
	uint8_t portb = inb(PORT_B);
	struct pit_sample a, b;
	long spins = 0;

	if (portb == 0xff)          /* no port B, no PIT to count with */
		return 0;
	outb(PORT_B, (portb & ~0x02) | 0x01);    /* gate on, speaker off */
	outb(PIT_COMMAND, PIT_CH2_ONESHOT);
	outb(PIT_CH2_DATA, 0xff);
	outb(PIT_CH2_DATA, 0xff);
	a = pit_sample();
	do {
		b = pit_sample();
		if (++spins > 10000000)
			break;
	} while (b.count <= a.count && a.count - b.count < PIT_WAIT);
	outb(PORT_B, portb);
	if (b.count >= a.count || a.count - b.count < PIT_WAIT)
		return 0;           /* not counting, or wrapped: no PIT worth trusting */
	return (b.tsc - a.tsc) * PIT_HZ / (a.count - b.count);
}

void tsc_init(void)
{
	uint64_t hz;

	if ((hz = from_cpuid()) == 0 && (hz = from_hypervisor()) == 0 && (hz = from_pit()) == 0)
		hz = GUESS_HZ;
	mult = (1000000000ull << 32) / hz;
	start = rdtsc();
}

uint64_t tsc_ns(void)
{
	uint64_t delta = rdtsc() - start;
	return (uint64_t)(((unsigned __int128)delta * mult) >> 32);
}

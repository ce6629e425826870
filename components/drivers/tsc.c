/*
 * The TSC as the monotonic clock. Every CPU a VM platform meets has an
 * invariant TSC in practice (hypervisors present one; QEMU TCG derives it from
 * the host clock), so the only question is its frequency. CPUID leaf 0x15
 * gives it exactly on recent Intel parts, hypervisors (KVM with tsc-frequency,
 * VMware, ...) put it in leaf 0x40000010; otherwise compare the TSC with PIT
 * channel 2 over at least PIT_WAIT PIT ticks (2 ms). That measurement starts
 * in tsc_init and ends at the first reading of the clock, so the boot work in
 * between (interrupts, devices, the runtime's start) overlaps the 2 ms
 * instead of waiting them out.
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

/* The measurement: channel 2 counts down from 0xffff (55 ms until it wraps)
 * in mode 0, whose output goes high when the count passes 0. */
#define PORTB_OUT2 0x20

static struct pit_sample first;          /* the count when it started */
static uint8_t portb;                    /* port B as we found it */
static volatile int measuring;

static int pit_start(void)
{
	portb = inb(PORT_B);
	if (portb == 0xff)          /* no port B, no PIT to count with */
		return -1;
	outb(PORT_B, (portb & ~0x02) | 0x01);    /* gate on, speaker off */
	outb(PIT_COMMAND, PIT_CH2_ONESHOT);
	outb(PIT_CH2_DATA, 0xff);
	outb(PIT_CH2_DATA, 0xff);
	first = pit_sample();
	return 0;
}

/* Waits until the count is PIT_WAIT ticks past the first sample and compares
 * how far it got with how far the TSC got; stalls cost time, not accuracy.
 * 0 if the PIT did not count, or wrapped (the output went high). */
static uint64_t pit_finish(void)
{
	struct pit_sample b;
	long spins = 0;

	do {
		b = pit_sample();
		if (++spins > 10000000)
			break;
	} while (b.count <= first.count && first.count - b.count < PIT_WAIT);
	int wrapped = inb(PORT_B) & PORTB_OUT2;
	outb(PORT_B, portb);
	if (wrapped || b.count >= first.count || first.count - b.count < PIT_WAIT)
		return 0;
	return (b.tsc - first.tsc) * PIT_HZ / (first.count - b.count);
}

static void set_hz(uint64_t hz)
{
	mult = (1000000000ull << 32) / hz;
}

/* The first reading of the clock: the measurement ends here. If the boot took
 * so long that the count wrapped, measure again, whole. */
static void finish_measuring(void)
{
	uint64_t hz = pit_finish();

	if (hz == 0 && pit_start() == 0)
		hz = pit_finish();
	set_hz(hz ? hz : GUESS_HZ);
	measuring = 0;
}

void tsc_init(void)
{
	uint64_t hz;

	start = rdtsc();
	if ((hz = from_cpuid()) != 0 || (hz = from_hypervisor()) != 0)
		set_hz(hz);
	else if (pit_start() == 0)
		measuring = 1;
	else
		set_hz(GUESS_HZ);
}

uint64_t tsc_ns(void)
{
	if (__builtin_expect(measuring, 0))
		finish_measuring();
	uint64_t delta = rdtsc() - start;
	return (uint64_t)(((unsigned __int128)delta * mult) >> 32);
}

/*
 * Randomness: getentropy, getrandom and the bytes behind /dev/urandom.
 * The source is the CPU's RDRAND (QEMU's `-cpu max`, every x86 CPU since
 * 2012). Without it we mix TSC readings, whose low bits jitter, through a
 * 64-bit finaliser: unpredictable enough for hash seeds and temp names, NOT
 * for keys — such a CPU is named in the first call's warning on stderr.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <unicore/random.h>
#include "posix/io/io.h"

static int have_rdrand = -1;

static int probe_rdrand(void)
{
	uint32_t a = 1, b, c, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	return (c >> 30) & 1;
}

static int rdrand64(uint64_t *v)
{
	unsigned char ok;

	for (int i = 0; i < 10; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 1;
	}
	return 0;
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t tsc_word(void)
{
	static uint64_t state;
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	state = mix64(state + (((uint64_t)hi << 32) | lo) + 0x9e3779b97f4a7c15ull);
	return state;
}

static uint64_t random_word(void)
{
	uint64_t v;

	if (have_rdrand < 0) {
		have_rdrand = probe_rdrand();
		if (!have_rdrand) {
			static const char msg[] = "unicore: this CPU has no RDRAND; "
				"random numbers come from TSC jitter and are not fit for keys\n";
			uc_console_emit(2, msg, sizeof msg - 1);
		}
	}
	if (have_rdrand && rdrand64(&v))
		return v;
	return tsc_word();
}

void uc_random_fill(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len > 0) {
		uint64_t v = random_word();
		size_t n = len < sizeof v ? len : sizeof v;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	uc_random_fill(buf, len);
	return len;
}

int getentropy(void *buf, size_t len)
{
	if (len > 256) {
		errno = EIO;
		return -1;
	}
	uc_random_fill(buf, len);
	return 0;
}

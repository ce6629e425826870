/*
 * Console throughput (test/bench/console.ts). "out N": writes N bytes of a
 * pattern to stdout in 64 KiB writes. "in": reads stdin to its end and prints
 * the byte count and an FNV-1a hash of the bytes, so the bench can check
 * that every byte arrived unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static int out(unsigned long long n)
{
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)(i * 7 + (i >> 8));
	while (n > 0) {
		size_t chunk = n < sizeof buf ? n : sizeof buf;
		ssize_t w = write(1, buf, chunk);
		if (w <= 0)
			return 1;
		n -= w;
	}
	return 0;
}

static int in(void)
{
	unsigned long long count = 0;
	unsigned long long hash = 14695981039346656037ull;
	ssize_t n;

	while ((n = read(0, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			hash = (hash ^ (unsigned char)buf[i]) * 1099511628211ull;
		count += n;
	}
	printf("%llu %016llx\n", count, hash);
	return n < 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "out"))
		return out(strtoull(argv[2], 0, 10));
	if (argc == 2 && !strcmp(argv[1], "in"))
		return in();
	fprintf(stderr, "usage: console_bench out BYTES | in\n");
	return 2;
}

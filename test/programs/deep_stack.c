/* Recurses N KiB deep on the main stack (argv[1]), or until it overflows
 * ("forever"): the main stack holds what it did (1 MiB at the default
 * memory), and running off it is a crash, not a silent overwrite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int down(long kib)
{
	volatile char frame[1024];

	memset((char *)frame, (int)kib, sizeof frame);
	if (kib <= 1)
		return frame[0];
	return down(kib - 1) + frame[1];
}

int main(int argc, char **argv)
{
	long kib = argc > 1 && strcmp(argv[1], "forever") != 0 ? atol(argv[1]) : 1L << 40;

	printf("recursing %s KiB\n", argc > 1 ? argv[1] : "forever");
	fflush(stdout);
	printf("done %d\n", down(kib) & 1);
	return 0;
}

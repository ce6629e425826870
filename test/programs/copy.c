/* Copies stdin to stdout byte for byte with read/write until end of input.
 * With an argument N: then says how many bytes on stderr and exits with N. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	long long total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof buf)) > 0) {
		ssize_t done = 0;
		while (done < n) {
			ssize_t w = write(1, buf + done, n - done);
			if (w <= 0)
				return 1;
			done += w;
		}
		total += n;
	}
	if (n < 0)
		return 1;
	if (argc < 2)
		return 0;
	fprintf(stderr, "copied %lld bytes\n", total);
	return atoi(argv[1]);
}

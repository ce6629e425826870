/* Sleeps for the seconds given as its first argument (default 2), then says so. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	double s = argc > 1 ? atof(argv[1]) : 2;
	struct timespec t = { (time_t)s, (long)((s - (time_t)s) * 1e9) };

	if (nanosleep(&t, NULL) != 0) {
		perror("nanosleep");
		return 1;
	}
	printf("slept %g\n", s);
	return 0;
}

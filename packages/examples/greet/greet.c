/* A small, ordinary autotools program: nothing in it knows about unicore. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef HAVE_SYS_UTSNAME_H
#include <sys/utsname.h>
#endif

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = "world";
	const char *system = "an unknown system";
	int opt;

	while ((opt = getopt_long(argc, argv, "n:", options, NULL)) != -1) {
		if (opt != 'n') {
			fprintf(stderr, "usage: %s [--name NAME]\n", argv[0]);
			return 2;
		}
		name = optarg;
	}
#ifdef HAVE_UNAME
	struct utsname u;
	if (uname(&u) == 0)
		system = u.sysname;
#endif
	printf("Hello, %s, from %s!\n", name, system);
	return 0;
}

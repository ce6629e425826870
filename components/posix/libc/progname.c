/*
 * The program's name as other systems expose it: glibc's
 * program_invocation_name / program_invocation_short_name (<errno.h>) and
 * BSD's getprogname() / setprogname() (<stdlib.h>). uc_main sets them from
 * argv[0] before constructors run.
 *
 * As in musl, the glibc names are weak aliases: gnulib's argp defines its
 * own copies wherever it cannot include <argp.h>, and those must win
 * instead of colliding.
 */
#include <string.h>
#include "libc.h"

char *__progname = "", *__progname_full = "";
extern char *program_invocation_name __attribute__((weak, alias("__progname_full")));
extern char *program_invocation_short_name __attribute__((weak, alias("__progname")));

void uc_progname_init(char *argv0)
{
	char *slash = strrchr(argv0, '/');

	__progname_full = argv0;
	__progname = slash ? slash + 1 : argv0;
}

const char *getprogname(void)
{
	return __progname;
}

/* BSD keeps the pointer, not a copy, and uses the part after the last '/'. */
void setprogname(const char *name)
{
	const char *slash = strrchr(name, '/');

	__progname = (char *)(slash ? slash + 1 : name);
}

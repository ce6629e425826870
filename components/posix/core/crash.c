/*
 * The end of a crashed program: the report on stderr (framed or raw), the
 * status to the host. Uses neither the heap nor stdio, which may be what
 * broke.
 */
#include <string.h>
#include <unicore/plat.h>
#include "posix/io/io.h"

_Noreturn void uc_crash(const char *report, int status)
{
	static int crashing;

	if (!crashing++) {
		uc_console_emit(2, report, strlen(report));
		if (!*report || report[strlen(report) - 1] != '\n')
			uc_console_emit(2, "\n", 1);
		uc_console_finish(status);
	}
	plat_exit(status & 255);
}

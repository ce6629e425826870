/*
 * The end of a crashed program: the report on stderr (framed or raw), the
 * status to the host. Uses neither the heap nor stdio, which may be what
 * broke.
 */
#include <string.h>
#include <unicore/plat.h>
#include "posix/io/io.h"
#include "posix/thread/sched.h"

/* "unicore: in thread 2 (worker)\n" when threads were started. */
static void name_thread(void)
{
	static const char digits[] = "0123456789";
	struct uc_thread *t = uc_self();
	char id[12];
	int n = sizeof id;
	pthread_t v = t->id;

	if (uc_sched_count() == 1 && v == 1)
		return;
	do
		id[--n] = digits[v % 10];
	while (v /= 10);
	uc_console_emit(2, "unicore: in thread ", 19);
	uc_console_emit(2, id + n, sizeof id - n);
	if (t->name[0]) {
		uc_console_emit(2, " (", 2);
		uc_console_emit(2, t->name, strlen(t->name));
		uc_console_emit(2, ")", 1);
	}
	uc_console_emit(2, "\n", 1);
}

_Noreturn void uc_crash(const char *report, int status)
{
	static int crashing;

	if (!crashing++) {
		uc_console_emit(2, report, strlen(report));
		if (!*report || report[strlen(report) - 1] != '\n')
			uc_console_emit(2, "\n", 1);
		name_thread();
		uc_console_finish(status);
	}
	plat_exit(status & 255);
}

/*
 * system(): there is no shell to run a command with (see enosys.c).
 * Its own object file because newlib's libc.a has a system() too (whose
 * system(NULL) claims a shell exists); this one is used where libunicore.a
 * is searched before libc.a, and never clashes with it otherwise.
 */
#include <errno.h>
#include <stdlib.h>

int system(const char *command)
{
	if (!command)
		return 0;       /* "no command processor is available" */
	errno = ENOSYS;
	return -1;
}

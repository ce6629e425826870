/*
 * <libgen.h>: POSIX dirname() and basename(), which may modify their
 * argument. (string.h's GNU basename() is newlib's __gnu_basename.)
 */
#include <string.h>   /* not <libgen.h>: it renames basename with an asm label */

char *dirname(char *path)
{
	size_t i;

	if (!path || !*path)
		return ".";
	i = strlen(path) - 1;
	for (; path[i] == '/'; i--)
		if (!i)
			return "/";
	for (; path[i] != '/'; i--)
		if (!i)
			return ".";
	for (; path[i] == '/'; i--)
		if (!i)
			return "/";
	path[i + 1] = 0;
	return path;
}

char *basename(char *path)
{
	size_t i;

	if (!path || !*path)
		return ".";
	i = strlen(path) - 1;
	for (; i && path[i] == '/'; i--)
		path[i] = 0;
	for (; i && path[i - 1] != '/'; i--)
		;
	return path + i;
}

/* glibc's name for the POSIX one, which some programs call directly. */
char *__xpg_basename(char *path) __attribute__((alias("basename")));

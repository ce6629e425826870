/*
 * rename(). Its own object file because newlib's libc.a has a rename() too,
 * made of link()+unlink(), which cannot replace an existing file or move a
 * directory. The ferment link searches libunicore.a first, so this one wins;
 * alone in its object, it can never clash with newlib's.
 */
#include <fcntl.h>
#include <stdio.h>

int rename(const char *oldpath, const char *newpath)
{
	return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

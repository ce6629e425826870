/* unicore: newlib's <sys/file.h> plus BSD flock(). One process holds every
 * lock there is, so taking or dropping one succeeds on any open descriptor. */
#ifndef _UNICORE_SYS_FILE_H
#define _UNICORE_SYS_FILE_H

#include_next <sys/file.h>
#include <sys/cdefs.h>

__BEGIN_DECLS

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

int flock(int, int);

__END_DECLS

#endif

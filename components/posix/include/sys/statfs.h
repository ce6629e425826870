/* unicore: Linux statfs(), for code written for Linux that includes it.
 * Same numbers as statvfs() (sys/statvfs.h). */
#ifndef _SYS_STATFS_H
#define _SYS_STATFS_H

#include <sys/cdefs.h>
#include <sys/types.h>

__BEGIN_DECLS

typedef struct { int __val[2]; } fsid_t;

struct statfs {
	unsigned long f_type;
	unsigned long f_bsize;
	fsblkcnt_t f_blocks;
	fsblkcnt_t f_bfree;
	fsblkcnt_t f_bavail;
	fsfilcnt_t f_files;
	fsfilcnt_t f_ffree;
	fsid_t f_fsid;
	unsigned long f_namelen;
	unsigned long f_frsize;
	unsigned long f_flags;
	unsigned long f_spare[4];
};

/* f_type: the in-memory filesystem is what Linux calls tmpfs. */
#define TMPFS_MAGIC 0x01021994

int statfs(const char *, struct statfs *);
int fstatfs(int, struct statfs *);

__END_DECLS

#endif

/* unicore: glibc's <mntent.h>, the mount table interface
 * (components/posix/mntent.c). The table is /etc/mtab, which the
 * in-memory filesystem writes at boot. */
#ifndef _MNTENT_H
#define _MNTENT_H

#include <stdio.h>
#include <sys/cdefs.h>

#define MOUNTED       "/etc/mtab"
#define _PATH_MOUNTED MOUNTED
#define _PATH_MNTTAB  "/etc/fstab"

#define MNTTYPE_IGNORE "ignore"
#define MNTTYPE_NFS    "nfs"
#define MNTTYPE_SWAP   "swap"
#define MNTOPT_DEFAULTS "defaults"
#define MNTOPT_RO      "ro"
#define MNTOPT_RW      "rw"
#define MNTOPT_SUID    "suid"
#define MNTOPT_NOSUID  "nosuid"
#define MNTOPT_NOAUTO  "noauto"

struct mntent {
	char *mnt_fsname;   /* device or server */
	char *mnt_dir;      /* mount point */
	char *mnt_type;     /* filesystem type */
	char *mnt_opts;     /* comma-separated options */
	int mnt_freq;       /* dump frequency */
	int mnt_passno;     /* fsck pass */
};

__BEGIN_DECLS
FILE *setmntent(const char *file, const char *mode);
struct mntent *getmntent(FILE *stream);
struct mntent *getmntent_r(FILE *stream, struct mntent *ent, char *buf, int len);
int addmntent(FILE *stream, const struct mntent *ent);
int endmntent(FILE *stream);
char *hasmntopt(const struct mntent *ent, const char *opt);
__END_DECLS

#endif

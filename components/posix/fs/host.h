/*
 * The build machine's own filesystem, for a program run there unbaked (the
 * wrapper's link output started as ./prog: docs/architecture.md, "The
 * program file"). The platform says so with uc_boot_info.host_files; while
 * uc_host_files (posix/core/core.h) is set, the path and file calls of this
 * layer go to the host instead of the in-memory tree, through uc_host_call.
 * Functions return -errno (unicore's numbers) like the rest of the fs layer.
 */
#ifndef UNICORE_FS_HOST_H
#define UNICORE_FS_HOST_H

#include <sys/types.h>
#include <sys/stat.h>
#include <time.h>

/* Makes descriptors 0-2 the process's own (instead of the console): true
 * fstat, isatty and write errors, as for any other file. */
void host_std_fds(void);
int host_openat(int dirfd, const char *path, int flags, mode_t mode);
int host_mkdirat(int dirfd, const char *path, mode_t mode);
int host_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev);
int host_unlinkat(int dirfd, const char *path, int flags);
int host_renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);
int host_linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags);
int host_symlinkat(const char *target, int dirfd, const char *path);
ssize_t host_readlinkat(int dirfd, const char *path, char *buf, size_t size);
int host_chdir(const char *path);
int host_fchdir(int fd);
int host_getcwd(char *buf, size_t size);
int host_realpath(const char *path, char *out);
int host_fstatat(int dirfd, const char *path, struct stat *st, int flags);
int host_faccessat(int dirfd, const char *path, int mode, int flags);
int host_fchmodat(int dirfd, const char *path, mode_t mode, int flags);
int host_fchmod(int fd, mode_t mode);
int host_utimensat(int dirfd, const char *path, const struct timespec *times, int flags);
int host_truncate(const char *path, off_t len);
/* Whether fd is a host file (then fchmod, futimens ... go to the host too). */
int host_is_host_fd(int fd);

#endif

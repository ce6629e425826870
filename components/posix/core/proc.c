/*
 * Who the process is: the only one (pid 1, session and group leader), run
 * by root, on a machine named "unicore". Limits are what the machine has.
 */
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <unicore/plat.h>
#include "core.h"

#ifndef UNICORE_VERSION
#error "UNICORE_VERSION is set by components/posix/core/build.mk"
#endif

#define PID 1
#define OPEN_FILES OPEN_MAX
#define HOST_NAME_LEN HOST_NAME_MAX

pid_t getpid(void)
{
	return PID;
}

pid_t _getpid(void) __attribute__((alias("getpid")));

pid_t getppid(void)
{
	return 0;
}

uid_t getuid(void) { return 0; }
uid_t geteuid(void) { return 0; }
gid_t getgid(void) { return 0; }
gid_t getegid(void) { return 0; }

/* Only root exists; becoming root again is allowed, becoming anyone else
 * is not possible. */
static int same_id(long id)
{
	return uc_syscall_ret(id == 0 || id == -1 ? 0 : -EPERM);
}

int setuid(uid_t id) { return same_id(id); }
int seteuid(uid_t id) { return same_id(id); }
int setgid(gid_t id) { return same_id(id); }
int setegid(gid_t id) { return same_id(id); }
int setreuid(uid_t r, uid_t e) { return same_id(r) || same_id(e) ? -1 : 0; }
int setregid(gid_t r, gid_t e) { return same_id(r) || same_id(e) ? -1 : 0; }

/* The supplementary groups: empty at boot; root may set any list. */
static gid_t groups[NGROUPS_MAX];
static int ngroups;

int getgroups(int size, gid_t list[])
{
	if (size < 0)
		return uc_syscall_ret(-EINVAL);
	if (size == 0)
		return ngroups;
	if (size < ngroups)
		return uc_syscall_ret(-EINVAL);
	if (ngroups)
		memcpy(list, groups, ngroups * sizeof *list);
	return ngroups;
}

int setgroups(int size, const gid_t *list)
{
	if (size < 0 || size > NGROUPS_MAX)
		return uc_syscall_ret(-EINVAL);
	if (size)
		memcpy(groups, list, size * sizeof *list);
	ngroups = size;
	return 0;
}

/* Root is the only user and no group lists members (users/users.c),
 * so the list is just the given group. */
int initgroups(const char *user, gid_t group)
{
	return setgroups(1, &group);
}

pid_t getpgrp(void)
{
	return PID;
}

pid_t getpgid(pid_t pid)
{
	return pid == 0 || pid == PID ? PID : uc_syscall_ret(-ESRCH);
}

pid_t getsid(pid_t pid)
{
	return getpgid(pid);
}

int setpgid(pid_t pid, pid_t pgid)
{
	if (pid != 0 && pid != PID)
		return uc_syscall_ret(-ESRCH);
	/* A session leader cannot move to another group; staying is fine. */
	return pgid == 0 || pgid == PID ? 0 : uc_syscall_ret(-EPERM);
}

/* pid 1 already leads its session and group: Unix says EPERM. */
pid_t setsid(void)
{
	return uc_syscall_ret(-EPERM);
}

static mode_t current_umask = 022;

mode_t umask(mode_t mask)
{
	mode_t old = current_umask;
	current_umask = mask & 0777;
	return old;
}

/* ---- names ---- */

static char hostname[HOST_NAME_LEN + 1] = "unicore";

static void copy_field(char *to, const char *from)
{
	strncpy(to, from, _UTSNAME_LENGTH - 1);
	to[_UTSNAME_LENGTH - 1] = 0;
}

int uname(struct utsname *u)
{
	memset(u, 0, sizeof *u);
	copy_field(u->sysname, "Unicore");
	copy_field(u->nodename, hostname);
	copy_field(u->release, UNICORE_VERSION);
	copy_field(u->version, "unicore " UNICORE_VERSION " ");
	strncat(u->version, plat_name(), _UTSNAME_LENGTH - 1 - strlen(u->version));
	copy_field(u->machine, "x86_64");
	copy_field(u->domainname, "(none)");
	return 0;
}

int gethostname(char *name, size_t len)
{
	size_t n = strlen(hostname);

	if (n >= len)
		return uc_syscall_ret(-ENAMETOOLONG);
	memcpy(name, hostname, n + 1);
	return 0;
}

/* Root may rename its machine. */
int sethostname(const char *name, size_t len)
{
	if (len > HOST_NAME_LEN)
		return uc_syscall_ret(-EINVAL);
	memcpy(hostname, name, len);
	hostname[len] = 0;
	return 0;
}

/* ---- limits ---- */

static rlim_t limit_of(int resource)
{
	switch (resource) {
	case RLIMIT_NOFILE:
		return OPEN_FILES;
	case RLIMIT_NPROC:
		return 1;
	case RLIMIT_CORE:
		return 0;
	case RLIMIT_DATA:
	case RLIMIT_AS:
	case RLIMIT_RSS:
		return uc_mem_total();
	default:
		return RLIM_INFINITY;
	}
}

int getrlimit(int resource, struct rlimit *rl)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return uc_syscall_ret(-EINVAL);
	rl->rlim_cur = rl->rlim_max = limit_of(resource);
	return 0;
}

/* Lowering a limit would have to be enforced, which we cannot do for most;
 * keeping the limits as they are is allowed. */
int setrlimit(int resource, const struct rlimit *rl)
{
	rlim_t max;

	if (resource < 0 || resource >= RLIM_NLIMITS || rl->rlim_cur > rl->rlim_max)
		return uc_syscall_ret(-EINVAL);
	max = limit_of(resource);
	if (rl->rlim_max > max)
		return uc_syscall_ret(-EPERM);
	if (rl->rlim_cur != max)
		return uc_syscall_ret(-EINVAL);
	return 0;
}

int getpriority(int which, id_t who)
{
	return 0;
}

int setpriority(int which, id_t who, int prio)
{
	return prio == 0 ? 0 : uc_syscall_ret(-EPERM);
}

int nice(int inc)
{
	return inc == 0 ? 0 : uc_syscall_ret(-EPERM);
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return getpagesize();
	case _SC_OPEN_MAX:
		return OPEN_FILES;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;   /* the unit of times(), as newlib's clock() wants */
	case _SC_PHYS_PAGES:
		return uc_mem_total() / getpagesize();
	case _SC_AVPHYS_PAGES:
		return uc_mem_free() / getpagesize();
	case _SC_ARG_MAX:
		return ARG_MAX;
	case _SC_CHILD_MAX:
		return 1;
	case _SC_HOST_NAME_MAX:
		return HOST_NAME_LEN;
	case _SC_LOGIN_NAME_MAX:
		return LOGIN_NAME_MAX;
	case _SC_LINE_MAX:
		return 2048;
	case _SC_IOV_MAX:
		return 1024;
	case _SC_NGROUPS_MAX:
		return NGROUPS_MAX;
	case _SC_TZNAME_MAX:
		return 6;
	case _SC_SYMLOOP_MAX:
		return SYMLOOP_MAX;
	case _SC_STREAM_MAX:
		return OPEN_FILES;
	case _SC_VERSION:
	case _SC_THREADS:               /* components/posix/thread/: one thread */
	case _SC_THREAD_SAFE_FUNCTIONS:
	case _SC_TIMEOUTS:
	case _SC_BARRIERS:
	case _SC_SPIN_LOCKS:
	case _SC_READER_WRITER_LOCKS:
	case _SC_MONOTONIC_CLOCK:
		return 200809L;
	case _SC_THREAD_KEYS_MAX:
		return PTHREAD_KEYS_MAX;
	case _SC_THREAD_STACK_MIN:
		return PTHREAD_STACK_MIN;
	case _SC_THREAD_THREADS_MAX:
		return 1;
	case _SC_GETPW_R_SIZE_MAX:
	case _SC_GETGR_R_SIZE_MAX:
		return -1;               /* no fixed limit */
	default:
		return uc_syscall_ret(-EINVAL);
	}
}

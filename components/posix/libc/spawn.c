/*
 * The attribute and file-action objects of <spawn.h>. They are plain data
 * and work; posix_spawn() itself fails with ENOSYS (core/enosys.c), so a
 * program that prepares a spawn gets the honest error at the spawn.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct __posix_spawnattr {
	short flags;
	pid_t pgroup;
	int policy;
	struct sched_param param;
	sigset_t sigdefault, sigmask;
};

struct spawn_action {
	struct spawn_action *next;
	enum { SPAWN_OPEN, SPAWN_DUP2, SPAWN_CLOSE } what;
	int fd, newfd, oflag;
	mode_t mode;
	char *path;
};

struct __posix_spawn_file_actions {
	struct spawn_action *first, **last;
};

int posix_spawnattr_init(posix_spawnattr_t *attr)
{
	*attr = calloc(1, sizeof **attr);
	return *attr ? 0 : ENOMEM;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
	free(*attr);
	*attr = NULL;
	return 0;
}

#define ALL_FLAGS (POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSCHEDPARAM | \
	POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
	if (flags & ~ALL_FLAGS)
		return EINVAL;
	(*attr)->flags = flags;
	return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *restrict attr, short *restrict flags)
{
	*flags = (*attr)->flags;
	return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup)
{
	(*attr)->pgroup = pgroup;
	return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict attr, pid_t *restrict pgroup)
{
	*pgroup = (*attr)->pgroup;
	return 0;
}

int posix_spawnattr_setschedpolicy(posix_spawnattr_t *attr, int policy)
{
	(*attr)->policy = policy;
	return 0;
}

int posix_spawnattr_getschedpolicy(const posix_spawnattr_t *restrict attr, int *restrict policy)
{
	*policy = (*attr)->policy;
	return 0;
}

int posix_spawnattr_setschedparam(posix_spawnattr_t *restrict attr, const struct sched_param *restrict param)
{
	(*attr)->param = *param;
	return 0;
}

int posix_spawnattr_getschedparam(const posix_spawnattr_t *restrict attr, struct sched_param *restrict param)
{
	*param = (*attr)->param;
	return 0;
}

int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict attr, const sigset_t *restrict set)
{
	(*attr)->sigdefault = *set;
	return 0;
}

int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict attr, sigset_t *restrict set)
{
	*set = (*attr)->sigdefault;
	return 0;
}

int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict attr, const sigset_t *restrict set)
{
	(*attr)->sigmask = *set;
	return 0;
}

int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict attr, sigset_t *restrict set)
{
	*set = (*attr)->sigmask;
	return 0;
}

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	*fa = calloc(1, sizeof **fa);
	if (!*fa)
		return ENOMEM;
	(*fa)->last = &(*fa)->first;
	return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	struct spawn_action *a = (*fa)->first;

	while (a) {
		struct spawn_action *next = a->next;
		free(a->path);
		free(a);
		a = next;
	}
	free(*fa);
	*fa = NULL;
	return 0;
}

static int add(posix_spawn_file_actions_t *fa, struct spawn_action *proto)
{
	struct spawn_action *a;

	if (proto->fd < 0 || proto->fd >= sysconf(_SC_OPEN_MAX) || proto->newfd < 0 ||
	    proto->newfd >= sysconf(_SC_OPEN_MAX))
		return EBADF;
	a = malloc(sizeof *a);
	if (!a)
		return ENOMEM;
	*a = *proto;
	*(*fa)->last = a;
	(*fa)->last = &a->next;
	return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict fa, int fd,
	const char *restrict path, int oflag, mode_t mode)
{
	struct spawn_action a = { .what = SPAWN_OPEN, .fd = fd, .oflag = oflag, .mode = mode };
	int r;

	a.path = strdup(path);
	if (!a.path)
		return ENOMEM;
	r = add(fa, &a);
	if (r)
		free(a.path);
	return r;
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
	return add(fa, &(struct spawn_action){ .what = SPAWN_DUP2, .fd = fd, .newfd = newfd });
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	return add(fa, &(struct spawn_action){ .what = SPAWN_CLOSE, .fd = fd });
}

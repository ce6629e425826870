/* What ported GNU programs need beyond newlib (components/posix/libc/progname.c,
 * fnmatch.c, glob.c, libgen.c, mntent.c, getline.c, limits.h, sigwait, the
 * group list), printed as one line per check. Run with a rootfs holding
 * /data/{a.txt,b.txt,c.log,.hidden.txt,sub/x.txt}. */
#define _GNU_SOURCE
#include <sys/utime.h>   /* first: newlib's uses time_t without defining it */
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <mntent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

static void progname(char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	printf("getprogname: %s\n", getprogname());
	printf("short name is argv[0]'s last part: %d\n",
		strcmp(program_invocation_short_name, slash ? slash + 1 : argv0) == 0 &&
		getprogname() == program_invocation_short_name);
	printf("program_invocation_name is argv[0]: %d\n", program_invocation_name == argv0);
}

static void paths(void)
{
	const char *in[] = { "/usr/lib/", "usr", "/", "a//b//", "", "//x" };

	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		char d[32], b[32];
		strcpy(d, in[i]);
		strcpy(b, in[i]);
		printf("dirname(\"%s\")=%s basename=%s\n", in[i], dirname(d), basename(b));
	}
}

static void wildcards(void)
{
	static const struct { const char *pat, *str; int flags; } t[] = {
		{ "*.c", "main.c", 0 }, { "*.c", "dir/main.c", FNM_PATHNAME },
		{ "*.c", ".hidden.c", FNM_PERIOD }, { "[a-c]x", "bx", 0 }, { "[!a-c]x", "bx", 0 },
		{ "[[:digit:]]?", "7z", 0 }, { "\\*", "*", 0 }, { "\\*", "\\*", FNM_NOESCAPE },
		{ "MAKE*", "Makefile", FNM_CASEFOLD }, { "src", "src/main.c", FNM_LEADING_DIR },
		{ "a/*/c", "a/b/c", FNM_PATHNAME }, { "[]]", "]", 0 }, { "[", "[", 0 },
	};

	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		printf("fnmatch(%s, %s, %#x)=%d\n", t[i].pat, t[i].str, t[i].flags,
			fnmatch(t[i].pat, t[i].str, t[i].flags));
#ifdef FNM_EXTMATCH
	printf("FNM_EXTMATCH defined\n");
#endif
}

static void show_glob(const char *pat, int flags)
{
	glob_t g;
	int r = glob(pat, flags, NULL, &g);

	printf("glob(%s, %#x)=%d:", pat, flags, r);
	for (size_t i = 0; r == 0 && i < g.gl_pathc; i++)
		printf(" %s", g.gl_pathv[i]);
	printf("\n");
	if (r == 0)
		globfree(&g);
}

static void expansion(void)
{
	glob_t g = { .gl_offs = 2 };

	show_glob("/data/*.txt", 0);
	show_glob("/data/*", GLOB_MARK);
	show_glob("/data/.*.txt", 0);
	show_glob("/d?ta/s*/*", 0);
	show_glob("/data/*.none", 0);
	show_glob("/data/*.none", GLOB_NOCHECK);
	chdir("/data");
	show_glob("[bc]*", 0);
	show_glob("*/", 0);
	glob("*.log", GLOB_DOOFFS, NULL, &g);
	glob("a*", GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
	printf("offs+append: %s %s %s %s %zu\n", g.gl_pathv[0] ? "?" : "NULL",
		g.gl_pathv[1] ? "?" : "NULL", g.gl_pathv[2], g.gl_pathv[3], g.gl_pathc);
	globfree(&g);
}

static void mounts(void)
{
	FILE *f = setmntent(MOUNTED, "r");
	struct mntent *m;

	while (f && (m = getmntent(f)))
		printf("mount: %s on %s type %s (%s) rw=%d ro=%d\n", m->mnt_fsname, m->mnt_dir,
			m->mnt_type, m->mnt_opts, hasmntopt(m, MNTOPT_RW) != NULL,
			hasmntopt(m, MNTOPT_RO) != NULL);
	printf("setmntent: %s\n", f ? "ok" : strerror(errno));
	endmntent(f);
}

static void limits(void)
{
	printf("_POSIX_OPEN_MAX=%d _POSIX_ARG_MAX=%d _POSIX_PATH_MAX=%d _POSIX_NAME_MAX=%d\n",
		_POSIX_OPEN_MAX, _POSIX_ARG_MAX, _POSIX_PATH_MAX, _POSIX_NAME_MAX);
	printf("ARG_MAX=sysconf %d, OPEN_MAX=sysconf %d, NGROUPS_MAX=sysconf %d\n",
		ARG_MAX == sysconf(_SC_ARG_MAX), OPEN_MAX == sysconf(_SC_OPEN_MAX),
		NGROUPS_MAX == sysconf(_SC_NGROUPS_MAX));
}

static void groups(void)
{
	gid_t list[NGROUPS_MAX], two[2] = { 0, 5 };

	int r, n;

	printf("getgroups at boot: %d\n", getgroups(NGROUPS_MAX, list));
	r = setgroups(2, two);
	n = getgroups(NGROUPS_MAX, list);
	printf("setgroups(2): %d, getgroups: %d [%d %d]\n", r, n, list[0], list[1]);
	r = getgroups(1, list);
	printf("getgroups(1): %d %s\n", r, strerror(errno));
	r = initgroups("root", 0);
	printf("initgroups(root, 0): %d, getgroups: %d\n", r, getgroups(0, NULL));
}

static void waiting(void)
{
	struct itimerval t = { .it_value = { .tv_usec = 50000 } };
	sigset_t set;
	int sig = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	setitimer(ITIMER_REAL, &t, NULL);
	int r = sigwait(&set, &sig);

	printf("sigwait: %d sig=%s\n", r, sig == SIGALRM ? "SIGALRM" : "other");
}

static int usr1_blocked_in_handler = -1;

static void on_usr1(int sig)
{
	sigset_t now;

	sigprocmask(SIG_BLOCK, NULL, &now);
	usr1_blocked_in_handler = sigismember(&now, SIGUSR1);
}

static void signal_flags(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESETHAND | SA_NODEFER }, old;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	printf("SA_NODEFER: blocked in handler=%d; SA_RESETHAND: reset=%d; SA_RESTART=%#x\n",
		usr1_blocked_in_handler, old.sa_handler == SIG_DFL, (unsigned)SA_RESTART);
}

static void lines(void)
{
	FILE *f = fopen("/data/a.txt", "r");
	char *line = NULL;
	size_t n = 0;
	ssize_t len;

	while (f && (len = getline(&line, &n, f)) > 0)
		printf("getline: %zd %s", len, line);
	free(line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	struct utimbuf u = { 1, 2 };

	progname(argv[0]);
	paths();
	wildcards();
	expansion();
	mounts();
	limits();
	groups();
	waiting();
	signal_flags();
	lines();
	printf("utime: %d\n", utime("/data/b.txt", &u));
	return 0;
}

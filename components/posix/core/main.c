/*
 * uc_main: from what the platform found at boot to a running main(), and
 * _exit: from the program's end back to the platform.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicore/file.h>
#include <unicore/plat.h>
#include "core.h"
#include "posix/io/io.h"
#include "posix/libc/libc.h"
#include "posix/thread/sched.h"
#include "posix/fs/host.h"

/* Baked data (docs/architecture.md, "Baked data"): absent until baked. */
extern const char __unicore_cmdline[] __attribute__((weak));
extern const char __unicore_progname[] __attribute__((weak));
extern const char __unicore_rootfs_start[] __attribute__((weak));
extern const char __unicore_rootfs_end[] __attribute__((weak));

/* Constructors and destructors, collected by the linker script. */
typedef void (*init_fn)(void);
extern init_fn __preinit_array_start[] __attribute__((weak));
extern init_fn __preinit_array_end[] __attribute__((weak));
extern init_fn __init_array_start[] __attribute__((weak));
extern init_fn __init_array_end[] __attribute__((weak));
extern init_fn __fini_array_start[] __attribute__((weak));
extern init_fn __fini_array_end[] __attribute__((weak));

extern char **environ;
int main(int argc, char **argv, char **envp);

#define DEFAULT_PROGNAME "unicore"

static void out_of_memory(void)
{
	uc_crash("unicore: out of memory while reading the command line", UC_STATUS_ABRT);
}

static void run_fini(void)
{
	for (init_fn *f = __fini_array_end; f > __fini_array_start; f--)
		f[-1]();
}

/* As glibc: the fini functions are registered before the constructors run,
 * so the destructors of static objects (__cxa_atexit) run before them. */
static void run_init(void)
{
	atexit(run_fini);
	for (init_fn *f = __preinit_array_start; f < __preinit_array_end; f++)
		(*f)();
	for (init_fn *f = __init_array_start; f < __init_array_end; f++)
		(*f)();
}

static void add_arg(char ***argv, int *argc, const char *arg)
{
	char **grown = realloc(*argv, (*argc + 2) * sizeof **argv);

	if (!grown)
		out_of_memory();
	grown[(*argc)++] = (char *)arg;
	grown[*argc] = NULL;
	*argv = grown;
}

/* What a login gives a Unix program and many assume (HOME for root, a PATH);
 * unicore.env= options override them. A hosted process keeps its own.
 * Writable arrays: newlib's setenv overwrites a shorter value in place. */
static char default_home[] = "HOME=/";
static char default_path[] = "PATH=/usr/bin:/bin";

static void set_environment(char **hosted_env, const struct uc_options *opts)
{
	static char *env[] = { default_home, default_path, NULL };

	environ = hosted_env ? hosted_env : env;
	for (int i = 0; i < opts->nenv; i++) {
		char *eq = strchr(opts->env[i], '=');
		*eq = 0;
		if (setenv(opts->env[i], eq + 1, 1) < 0)
			out_of_memory();
		*eq = '=';
	}
}

static void unpack_rootfs(void)
{
	size_t len;
	int r;

	if (!__unicore_rootfs_start || (uintptr_t)__unicore_rootfs_end <= (uintptr_t)__unicore_rootfs_start)
		return;
	len = (uintptr_t)__unicore_rootfs_end - (uintptr_t)__unicore_rootfs_start;
	r = uc_vfs_unpack_tar(__unicore_rootfs_start, len);
	if (r < 0) {
		static const char msg[] = "unicore: cannot unpack the root filesystem: ";
		const char *why = strerror(-r);
		uc_console_emit(2, msg, sizeof msg - 1);
		uc_console_emit(2, why, strlen(why));
		uc_console_emit(2, "\n", 1);
	}
}

/* newlib's strerror calls _user_strerror for numbers it has no text for; ld
 * takes it from libunicore only if something linked before libc needs it. */
char *_user_strerror(int errnum, int internal, int *errptr);
static char *(*const keep_user_strerror)(int, int, int *) __attribute__((used)) = _user_strerror;

_Noreturn void uc_main(const struct uc_boot_info *boot)
{
	struct uc_options opts = { 0 };
	char **baked = NULL, **booted = NULL, **argv = NULL;
	int nbaked = 0, nbooted = 0, argc = 0;
	int hosted = boot->argc > 0 && boot->argv;

	uc_mem_init(boot->heap_start, boot->heap_end);
	uc_sched_init();
	uc_time_init();
	if (uc_cmdline_parse(__unicore_cmdline, &opts, &baked, &nbaked) < 0 ||
	    uc_cmdline_parse(boot->cmdline, &opts, &booted, &nbooted) < 0)
		out_of_memory();
	uc_console_framed = opts.framed;
	uc_sched_stats = opts.thread_stats;
	uc_console_fds_init();
	uc_console_start();
	for (int i = 0; i < opts.nwarnings; i++)
		uc_console_emit(2, opts.warnings[i], strlen(opts.warnings[i]));
	if (opts.error) {
		uc_console_emit(2, opts.error, strlen(opts.error));
		_exit(2);
	}

	if (hosted)
		add_arg(&argv, &argc, boot->argv[0]);
	else
		add_arg(&argv, &argc, __unicore_progname && *__unicore_progname ?
			__unicore_progname : DEFAULT_PROGNAME);
	for (int i = 0; i < nbaked; i++)
		add_arg(&argv, &argc, baked[i]);
	for (int i = 0; i < nbooted; i++)
		add_arg(&argv, &argc, booted[i]);
	for (int i = 1; hosted && i < boot->argc; i++)
		add_arg(&argv, &argc, boot->argv[i]);
	set_environment(hosted ? boot->envp : NULL, &opts);
	uc_progname_init(argv[0]);

	uc_vfs_init();
	/* Run unbaked on the build machine: its files, not a rootfs. */
	uc_host_syscall = boot->host_syscall;
	uc_host_files = boot->host_files;
	if (uc_host_files) {
		host_std_fds();
		/* newlib line-buffers stdout always; glibc only on a terminal,
		 * and programs (sed's close checks) rely on that. */
		if (!isatty(1))
			setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
	}
	else
		unpack_rootfs();
	run_init();
	exit(main(argc, argv, environ));
}

_Noreturn void _exit(int status)
{
	uc_sched_report();
	uc_console_finish(status);
	plat_exit(status & 255);
}

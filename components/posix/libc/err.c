/* BSD <err.h>: "program: message: strerror(errno)" on stderr. */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BSD's name for argv[0] if the runtime provides it, else the baked
 * program name (docs/architecture.md, "Baked data"). */
extern char *__progname __attribute__((weak));
extern const char __unicore_progname[] __attribute__((weak));

static const char *progname(void)
{
	if (&__progname && __progname)
		return __progname;
	if (__unicore_progname && *__unicore_progname)
		return __unicore_progname;
	return "unicore";
}

void vwarn(const char *fmt, va_list ap)
{
	int e = errno;

	fprintf(stderr, "%s: ", progname());
	if (fmt) {
		vfprintf(stderr, fmt, ap);
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", strerror(e));
}

void vwarnx(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname());
	if (fmt)
		vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

void verr(int status, const char *fmt, va_list ap)
{
	vwarn(fmt, ap);
	exit(status);
}

void verrx(int status, const char *fmt, va_list ap)
{
	vwarnx(fmt, ap);
	exit(status);
}

void err(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(status, fmt, ap);
}

void errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrx(status, fmt, ap);
}

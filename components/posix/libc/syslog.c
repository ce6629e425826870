/*
 * The system log. There is no log daemon and nowhere else to keep logs, so
 * messages go to stderr, which is where a unikernel's diagnostics are read:
 * "ident[pid]: message", as openlog(LOG_PERROR) does on other systems.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static const char *log_ident;
extern const char __unicore_progname[] __attribute__((weak));
static int log_options;
static int log_mask = 0xff;

void openlog(const char *ident, int options, int facility)
{
	log_ident = ident;
	log_options = options;
}

void closelog(void)
{
	log_ident = NULL;
	log_options = 0;
}

int setlogmask(int mask)
{
	int old = log_mask;

	if (mask)
		log_mask = mask;
	return old;
}

/* Expands %m (strerror(errno)) the way syslog does, then formats. */
void vsyslog(int priority, const char *fmt, va_list ap)
{
	char format[512], *p = format;
	const char *err = strerror(errno);
	const char *ident = log_ident ? log_ident
		: __unicore_progname && *__unicore_progname ? __unicore_progname : "unicore";

	if (!(log_mask & LOG_MASK(LOG_PRI(priority))))
		return;
	for (; *fmt && p < format + sizeof format - 1; fmt++) {
		if (fmt[0] == '%' && fmt[1] == 'm') {
			size_t n = strlen(err), room = format + sizeof format - 1 - p;
			if (n > room)
				n = room;
			memcpy(p, err, n);
			p += n;
			fmt++;
		} else {
			*p++ = *fmt;
		}
	}
	*p = 0;
	if (log_options & LOG_PID)
		fprintf(stderr, "%s[%d]: ", ident, (int)getpid());
	else
		fprintf(stderr, "%s: ", ident);
	vfprintf(stderr, format, ap);
	if (p == format || p[-1] != '\n')
		fputc('\n', stderr);
}

void syslog(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(priority, fmt, ap);
	va_end(ap);
}

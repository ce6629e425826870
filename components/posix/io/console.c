/*
 * The console as files 0, 1 and 2. Raw mode passes bytes through the
 * platform console (with \n as \r\n on terminals such as serial lines);
 * framed mode (unicore.console=framed) speaks the framed channel (framed.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unicore/file.h>
#include <unicore/plat.h>
#include "posix/core/core.h"
#include "posix/core/wait.h"
#include "io.h"

int uc_console_framed;

static void emit_raw(int stream, const char *p, size_t len)
{
	if (!plat_console_isatty(stream)) {
		plat_console_write(stream, p, len);
		return;
	}
	while (len > 0) {
		const char *nl = memchr(p, '\n', len);
		size_t n = nl ? (size_t)(nl - p) : len;
		if (n)
			plat_console_write(stream, p, n);
		if (!nl)
			break;
		plat_console_write(stream, "\r\n", 2);
		p += n + 1;
		len -= n + 1;
	}
}

void uc_console_emit(int stream, const void *buf, size_t len)
{
	if (uc_console_framed) {
		uc_framed_send(stream, buf, len);
		plat_console_write(PLAT_CONSOLE_SCREEN, buf, len);
	} else
		emit_raw(stream, buf, len);
}

void uc_console_start(void)
{
	if (uc_console_framed)
		uc_framed_line("@UC:H");
}

void uc_console_finish(int status)
{
	char text[16] = "@UC:X:";
	char digits[4];
	int n = 0, i = 6;

	if (!uc_console_framed)
		return;
	status &= 255;
	do
		digits[n++] = '0' + status % 10;
	while (status /= 10);
	while (n > 0)
		text[i++] = digits[--n];
	uc_framed_line(text);
}

static int stream_of(struct uc_file *f)
{
	return (int)(intptr_t)f->priv;
}

/* Raw input read ahead by poll (so that poll does not lose a byte). */
static char peeked;
static int have_peeked;

static ssize_t raw_read(char *buf, size_t len, int block)
{
	size_t got = 0;
	long n;

	if (have_peeked) {
		buf[got++] = peeked;
		have_peeked = 0;
		block = 0;
	}
	n = plat_console_read(buf + got, len - got, block);
	if (n < 0)
		return got;        /* end of input: read returns 0 */
	got += n;
	return got ? (ssize_t)got : -EAGAIN;
}

/* One attempt without blocking, for both modes. */
static ssize_t try_read(void *buf, size_t len, int block)
{
	if (uc_console_framed)
		return uc_framed_read(buf, len, block);
	return raw_read(buf, len, block);
}

static int console_poll_ready(struct uc_file *f, int for_write);

static int input_ready(void *f)
{
	return console_poll_ready(f, 0);
}

static ssize_t console_read(struct uc_file *f, void *buf, size_t len)
{
	ssize_t r;

	if (stream_of(f) != 0)
		return -EBADF;
	if (len == 0)
		return 0;
	if (f->flags & O_NONBLOCK)
		return try_read(buf, len, 0);
	/* A pending alarm must be able to interrupt the wait, so wait here
	 * rather than inside the platform. */
	for (;;) {
		r = try_read(buf, len, 0);
		if (r != -EAGAIN)
			return r;
		if (!uc_alarm_deadline())
			return try_read(buf, len, 1);
		if (uc_wait_until(UINT64_MAX, input_ready, f) < 0 && !uc_signal_restarts(SIGALRM))
			return -EINTR;
	}
}

static ssize_t console_write(struct uc_file *f, const void *buf, size_t len)
{
	int stream = stream_of(f);

	uc_console_emit(stream == 0 ? 1 : stream, buf, len);
	return len;
}

static int console_fstat(struct uc_file *f, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_mode = S_IFCHR | 0620;
	st->st_rdev = 0x8800 + stream_of(f);
	st->st_ino = 1 + stream_of(f);
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static int console_poll_ready(struct uc_file *f, int for_write)
{
	if (for_write || stream_of(f) != 0)
		return 1;
	if (uc_console_framed)
		return uc_framed_input_ready();
	if (!have_peeked) {
		long n = plat_console_read(&peeked, 1, 0);
		if (n < 0)
			return 1;          /* end of input: read would return 0 */
		have_peeked = n == 1;
	}
	return have_peeked;
}

static int console_isatty(struct uc_file *f)
{
	return !uc_console_framed && plat_console_isatty(stream_of(f));
}

static const struct uc_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.fstat = console_fstat,
	.poll_ready = console_poll_ready,
	.isatty = console_isatty,
};

void uc_console_fds_init(void)
{
	static const int flags[3] = { O_RDONLY, O_WRONLY, O_WRONLY };

	for (int fd = 0; fd < 3; fd++) {
		struct uc_file *f = uc_file_new(&console_ops, flags[fd], (void *)(intptr_t)fd);
		if (!f || uc_fd_install(f, fd) != fd)
			uc_crash("unicore: cannot set up the console files", 134);
	}
}

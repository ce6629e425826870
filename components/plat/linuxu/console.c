/*
 * The console is the process's own stdin, stdout and stderr.
 */
#include <unicore/plat.h>
#include "syscall.h"

/* A pipe's capacity: what may be in flight towards us without loss. */
#define RX_WINDOW 65536

int linuxu_input_reported;

static void wait_writable(int fd)
{
	struct lx_pollfd p = { .fd = fd, .events = LX_POLLOUT };
	lx_syscall4(SYS_ppoll, &p, 1, 0, 0);
}

void plat_console_write(int stream, const void *buf, size_t len)
{
	int fd = stream == 2 ? 2 : 1;
	const char *p = buf;

	if (stream == PLAT_CONSOLE_SCREEN)
		return;

	while (len > 0) {
		long n = lx_syscall(SYS_write, fd, p, len);
		if (n == -LX_EINTR)
			continue;
		if (n == -LX_EAGAIN) {      /* someone made our stdout non-blocking */
			wait_writable(fd);
			continue;
		}
		if (n <= 0)
			return;                  /* closed or broken: the bytes are lost */
		p += n;
		len -= n;
	}
}

static int input_waiting(void)
{
	struct lx_pollfd p = { .fd = 0, .events = LX_POLLIN };
	struct lx_timespec zero = { 0, 0 };
	return lx_syscall4(SYS_ppoll, &p, 1, &zero, 0) > 0;
}

long plat_console_read(void *buf, size_t len, int block)
{
	linuxu_input_reported = 0;
	if (!block && !input_waiting())
		return 0;
	for (;;) {
		long n = lx_syscall(SYS_read, 0, buf, len);
		if (n > 0)
			return n;
		if (n == 0)
			return -1;               /* end of input */
		if (n == -LX_EINTR)
			continue;
		if (n == -LX_EAGAIN) {
			if (!block)
				return 0;
			struct lx_pollfd p = { .fd = 0, .events = LX_POLLIN };
			lx_syscall4(SYS_ppoll, &p, 1, 0, 0);
			continue;
		}
		return -1;                   /* no stdin at all */
	}
}

size_t plat_console_rx_window(void)
{
	return RX_WINDOW;
}

int plat_console_isatty(int stream)
{
	char termios[64];
	return lx_syscall(SYS_ioctl, stream, LX_TCGETS, termios) == 0;
}

/*
 * Terminal control (<termios.h>, <sys/ioctl.h>) for the one terminal there
 * can be: the console, when it is a tty (raw serial console; not the framed
 * channel). It has no line discipline: input arrives as typed (no echo, no
 * line editing, no signals from ^C) and output gets \n -> \r\n. tcgetattr()
 * describes exactly that. tcsetattr() is accepted and remembered, so that
 * programs which switch to raw mode and back (readline, less, editors) work
 * and see their settings again, but the console's behaviour stays the same:
 * it is already raw, and cooked mode is not implemented.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <unicore/file.h>
#include "posix/fs/vfs.h"

static struct termios console = {
	.c_iflag = 0,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = CS8 | CREAD | CLOCAL | B115200,
	.c_lflag = 0,
	.c_cc = {
		[VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
		[VEOF] = 4, [VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19,
		[VSUSP] = 26, [VREPRINT] = 18, [VWERASE] = 23, [VLNEXT] = 22,
	},
	.c_ispeed = B115200,
	.c_ospeed = B115200,
};

/* 0 if fd is the console terminal, else -EBADF or -ENOTTY. */
static int terminal(int fd)
{
	struct uc_file *f = uc_fd_get(fd);

	if (!f)
		return -EBADF;
	if (!f->ops->isatty || !f->ops->isatty(f))
		return -ENOTTY;
	return 0;
}

static int ret(int r)
{
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

int tcgetattr(int fd, struct termios *t)
{
	int r = terminal(fd);

	if (r == 0)
		*t = console;
	return ret(r);
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	int r = terminal(fd);

	if (r == 0 && action != TCSANOW && action != TCSADRAIN && action != TCSAFLUSH)
		r = -EINVAL;
	if (r == 0)
		console = *t;
	return ret(r);
}

/* Output is written synchronously, so it is always drained. */
int tcdrain(int fd) { return ret(terminal(fd)); }
int tcflush(int fd, int queue) { return ret(terminal(fd)); }

/* Breaks and flow control have no meaning on the virtual consoles. */
int tcsendbreak(int fd, int duration)
{
	int r = terminal(fd);

	return ret(r ? r : -ENOSYS);
}

int tcflow(int fd, int action)
{
	int r = terminal(fd);

	return ret(r ? r : -ENOSYS);
}

/* The console is the controlling terminal of the one session. */
pid_t tcgetsid(int fd)
{
	int r = terminal(fd);

	return r ? ret(r) : getsid(0);
}

pid_t tcgetpgrp(int fd)
{
	int r = terminal(fd);

	return r ? ret(r) : getpgrp();
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int r = terminal(fd);

	if (r == 0 && pgrp != getpgrp())
		r = -EPERM;     /* no other process group exists */
	return ret(r);
}

speed_t cfgetispeed(const struct termios *t) { return t->c_ispeed; }
speed_t cfgetospeed(const struct termios *t) { return t->c_ospeed; }

static int valid_speed(speed_t s)
{
	return (s & ~CBAUD) == 0;
}

int cfsetispeed(struct termios *t, speed_t s)
{
	if (!valid_speed(s))
		return ret(-EINVAL);
	t->c_ispeed = s;
	return 0;
}

int cfsetospeed(struct termios *t, speed_t s)
{
	if (!valid_speed(s))
		return ret(-EINVAL);
	t->c_ospeed = s;
	t->c_cflag = (t->c_cflag & ~CBAUD) | s;
	return 0;
}

int cfsetspeed(struct termios *t, speed_t s)
{
	return cfsetospeed(t, s) ? -1 : cfsetispeed(t, s);
}

void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~OPOST;
	t->c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}

/* Every terminal is the console; /dev/console opens it. */
int ttyname_r(int fd, char *buf, size_t len)
{
	int r = terminal(fd);

	if (r)
		return -r;
	if (len < sizeof "/dev/console")
		return ERANGE;
	strcpy(buf, "/dev/console");
	return 0;
}

char *ttyname(int fd)
{
	static char name[32];
	int r = ttyname_r(fd, name, sizeof name);

	if (r) {
		errno = r;
		return NULL;
	}
	return name;
}

char *ctermid(char *buf)
{
	static char name[] = "/dev/tty";

	return buf ? strcpy(buf, name) : name;
}

static int set_fl(int fd, int flag, int on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -errno;
	return fcntl(fd, F_SETFL, on ? fl | flag : fl & ~flag) < 0 ? -errno : 0;
}

/* Bytes left to read in a file of the in-memory filesystem; other files
 * cannot say how much is waiting. */
static int bytes_waiting(int fd, int *out)
{
	struct vfs_node *n;
	struct uc_file *f = uc_fd_get(fd);
	int r = vfs_fd_node(fd, &n);

	if (r < 0)
		return r == -EINVAL ? -ENOTTY : r;
	if (!S_ISREG(n->mode))
		return -ENOTTY;
	*out = f->pos < (off_t)n->u.reg.size ? (int)(n->u.reg.size - f->pos) : 0;
	return 0;
}

static int do_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	if (!uc_fd_get(fd))
		return -EBADF;
	switch (req) {
	case FIONBIO:
		return set_fl(fd, O_NONBLOCK, *(int *)arg);
	case FIOASYNC:
		return *(int *)arg ? -ENOSYS : 0;
	case FIOCLEX:
		return fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ? -errno : 0;
	case FIONCLEX:
		return fcntl(fd, F_SETFD, 0) < 0 ? -errno : 0;
	case FIONREAD:
		return bytes_waiting(fd, arg);
	}
	r = terminal(fd);
	if (r < 0)
		return r;
	switch (req) {
	case TIOCGWINSZ: {
		/* A serial line does not know the size of the screen behind
		 * it; 80x24 is what terminals default to. */
		struct winsize *ws = arg;
		memset(ws, 0, sizeof *ws);
		ws->ws_row = 24;
		ws->ws_col = 80;
		return 0;
	}
	case TCGETS:
		return tcgetattr(fd, arg) < 0 ? -errno : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tcsetattr(fd, req - TCSETS, arg) < 0 ? -errno : 0;
	case TIOCGPGRP:
		*(pid_t *)arg = getpgrp();
		return 0;
	case TIOCSPGRP:
		return tcsetpgrp(fd, *(pid_t *)arg) < 0 ? -errno : 0;
	case TIOCGSID:
		*(pid_t *)arg = getsid(0);
		return 0;
	default:
		return -ENOTTY;
	}
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	return ret(do_ioctl(fd, req, arg));
}

/* Includes every POSIX header unicore adds to newlib's and uses what
 * configure scripts and portable programs use from them; compiled with
 * -Werror by the tests. Then checks the parts that work without a network. */
#include <arpa/inet.h>
#include <byteswap.h>
#include <dirent.h>
#include <dlfcn.h>
#include <endian.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <features.h>
#include <grp.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <paths.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/vfs.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>
#include <utime.h>

/* What GNU m4 and sed's configure (gnulib) compile to find socklen_t. */
static int probe_socklen(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	return getpeername(fd, (struct sockaddr *)&ss, &len);
}

int main(void)
{
	unsigned char a6[16];
	struct in_addr a4;
	char text[INET6_ADDRSTRLEN];
	struct winsize ws;
	struct termios t;
	struct statvfs sv;
	struct statfs sf;
	struct iovec iov[2] = { { "io", 2 }, { "vec\n", 4 } };
	int fd, r;

	printf("htons: %s\n", htons(0x1234) == 0x3412 && ntohl(htonl(7)) == 7 ? "ok" : "wrong");
	printf("inet_pton: %d %d %d\n", inet_pton(AF_INET, "192.168.1.20", &a4),
		inet_pton(AF_INET, "256.1.1.1", &a4), inet_pton(AF_INET6, "1::2:3", a6));
	inet_pton(AF_INET, "10.0.0.1", &a4);
	printf("inet_ntoa: %s\n", inet_ntoa(a4));
	inet_pton(AF_INET6, "2001:db8:0:0:1:0:0:1", a6);
	printf("inet_ntop: %s\n", inet_ntop(AF_INET6, a6, text, sizeof text));
	inet_pton(AF_INET6, "::ffff:1.2.3.4", a6);
	printf("inet_ntop: %s\n", inet_ntop(AF_INET6, a6, text, sizeof text));
	printf("inet_addr: %08x\n", (unsigned)ntohl(inet_addr("127.1")));
	printf("gai_strerror: %s\n", gai_strerror(EAI_NONAME));
	r = probe_socklen(1);
	printf("socklen probe: %d %s\n", r, strerror(errno));

	r = tcgetattr(open("/dev/null", O_RDONLY), &t);
	printf("tcgetattr(/dev/null): %d %s\n", r, strerror(errno));
	fd = open("/tmp/f", O_RDWR | O_CREAT, 0644);
	r = ioctl(fd, TIOCGWINSZ, &ws);
	printf("TIOCGWINSZ(file): %d %s\n", r, strerror(errno));
	printf("writev: %zd\n", writev(1, iov, 2));
	printf("flock: %d\n", flock(fd, LOCK_EX | LOCK_NB));
	printf("statvfs: %s\n", statvfs("/", &sv) == 0 && sv.f_blocks > 0 && sv.f_bfree > 0 &&
		sv.f_bfree <= sv.f_blocks ? "ok" : "wrong");
	printf("statfs: %s\n", statfs("/tmp", &sf) == 0 && sf.f_type == TMPFS_MAGIC &&
		sf.f_blocks == sv.f_blocks ? "tmpfs" : "wrong");
	printf("makedev: %u %u\n", major(makedev(1, 3)), minor(makedev(1, 3)));
	printf("paths: %s %s\n", _PATH_DEVNULL, _PATH_TMP);
	syslog(LOG_WARNING, "to the log: %d", 42);
	return 0;
}

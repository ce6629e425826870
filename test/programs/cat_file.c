/* Copies the named file to stdout with open/read/write, as cat does. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: cat_file FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (write(1, buf, n) != n)
			return 1;
	return n < 0 ? 1 : close(fd);
}

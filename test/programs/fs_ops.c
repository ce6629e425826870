/* File operations beyond open/read/write: O_APPEND, O_EXCL, seeking past
 * the end, ftruncate, rename over a file, links, symlink loops, /dev/null. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond) do { if (!(cond)) { printf("FAIL line %d: %s (errno %d: %s)\n", __LINE__, #cond, errno, strerror(errno)); return 1; } } while (0)

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	return close(fd);
}

static const char *read_file(const char *path)
{
	static char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return "(cannot open)";
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

int main(void)
{
	struct stat st;
	char buf[64];
	int fd, fd2;

	CHECK(chdir("/tmp") == 0);

	/* O_EXCL: the second create fails, also through a dangling symlink. */
	CHECK((fd = open("excl", O_WRONLY | O_CREAT | O_EXCL, 0600)) >= 0 && close(fd) == 0);
	CHECK(open("excl", O_WRONLY | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
	CHECK(symlink("nowhere", "dangling") == 0);
	CHECK(open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
	CHECK(stat("excl", &st) == 0 && (st.st_mode & 07777) == (0600 & ~022 & 07777) && S_ISREG(st.st_mode));

	/* O_APPEND: every write goes to the end, whatever the offset. */
	CHECK(write_file("log", "one\n") == 0);
	CHECK((fd = open("log", O_WRONLY | O_APPEND)) >= 0);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "two\n", 4) == 4 && close(fd) == 0);
	CHECK(strcmp(read_file("log"), "one\ntwo\n") == 0);

	/* Seeking past the end and writing leaves a hole that reads as zeros. */
	CHECK((fd = open("hole", O_RDWR | O_CREAT, 0644)) >= 0);
	CHECK(lseek(fd, 10, SEEK_END) == 10 && write(fd, "x", 1) == 1);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 11);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, sizeof buf) == 11);
	CHECK(buf[0] == 0 && buf[9] == 0 && buf[10] == 'x');
	CHECK(read(fd, buf, sizeof buf) == 0);      /* at the end */
	CHECK(lseek(fd, -3, SEEK_CUR) == 8 && lseek(fd, -20, SEEK_CUR) == -1 && errno == EINVAL);

	/* ftruncate shrinks and grows (with zeros); the offset stays. */
	CHECK(ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4);
	CHECK(ftruncate(fd, 6) == 0 && pread(fd, buf, sizeof buf, 0) == 6 && buf[5] == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == 8 && close(fd) == 0);
	CHECK(truncate("hole", 0) == 0 && stat("hole", &st) == 0 && st.st_size == 0);

	/* rename over an existing file replaces it; an open descriptor of the
	 * replaced file still reads the old data. */
	CHECK(write_file("old", "old data\n") == 0 && write_file("new", "new data\n") == 0);
	CHECK((fd = open("old", O_RDONLY)) >= 0);
	CHECK(rename("new", "old") == 0);
	CHECK(access("new", F_OK) == -1 && errno == ENOENT);
	CHECK(strcmp(read_file("old"), "new data\n") == 0);
	CHECK(read(fd, buf, 9) == 9 && memcmp(buf, "old data\n", 9) == 0 && close(fd) == 0);

	/* Directories: rename moves them; rmdir needs them empty. */
	CHECK(mkdir("d1", 0755) == 0 && write_file("d1/f", "in d1\n") == 0);
	CHECK(rename("d1", "d2") == 0 && strcmp(read_file("d2/f"), "in d1\n") == 0);
	CHECK(rename("d2", "d2/sub") == -1 && errno == EINVAL);
	CHECK(rmdir("d2") == -1 && errno == ENOTEMPTY);
	CHECK(mkdir("d2", 0755) == -1 && errno == EEXIST);
	CHECK(open("d2", O_WRONLY) == -1 && errno == EISDIR);
	CHECK(open("d2/f/x", O_RDONLY) == -1 && errno == ENOTDIR);
	CHECK(unlink("d2") == -1 && errno == EISDIR);
	CHECK(unlink("d2/f") == 0 && rmdir("d2") == 0);

	/* Hard links share data and count. */
	CHECK(link("old", "other") == 0 && stat("old", &st) == 0 && st.st_nlink == 2);
	CHECK(unlink("old") == 0 && strcmp(read_file("other"), "new data\n") == 0);

	/* Symlink loops end in ELOOP; O_NOFOLLOW refuses symlinks. */
	CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0);
	CHECK(open("loop1", O_RDONLY) == -1 && errno == ELOOP);
	CHECK(symlink("other", "tolink") == 0 && open("tolink", O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP);
	CHECK(lstat("tolink", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 5);

	/* Path edge cases. */
	CHECK(stat("//tmp/.//../tmp/other", &st) == 0 && st.st_size == 9);
	CHECK(getcwd(buf, 4) == NULL && errno == ERANGE);
	CHECK(stat("", &st) == -1 && errno == ENOENT);
	memset(buf, 'n', sizeof buf - 1);
	buf[sizeof buf - 1] = 0;
	{
		char longname[300];
		memset(longname, 'a', 299);
		longname[299] = 0;
		CHECK(open(longname, O_RDONLY | O_CREAT, 0644) == -1 && errno == ENAMETOOLONG);
	}

	/* /dev/null swallows writes and reads as empty; /dev/zero reads zeros. */
	CHECK((fd = open("/dev/null", O_RDWR)) >= 0);
	CHECK(write(fd, "gone", 4) == 4 && read(fd, buf, sizeof buf) == 0);
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && close(fd) == 0);
	CHECK((fd = open("/dev/zero", O_RDONLY)) >= 0 && read(fd, buf, 8) == 8 && buf[7] == 0 && close(fd) == 0);
	CHECK((fd2 = open("/dev/stdout", O_WRONLY)) >= 0 && write(fd2, "via /dev/stdout\n", 16) == 16 && close(fd2) == 0);

	/* The directory lists exactly what is left, in creation order. */
	{
		DIR *d = opendir(".");
		struct dirent *e;
		char names[256] = "";
		CHECK(d != NULL);
		while ((e = readdir(d)) != NULL && strlen(names) < 200) {
			strcat(names, e->d_name);
			strcat(names, " ");
		}
		CHECK(closedir(d) == 0);
		CHECK(strcmp(names, ". .. excl dangling log hole other loop1 loop2 tolink ") == 0);
	}
	printf("fs ops ok\n");
	return 0;
}

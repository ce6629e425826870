/* Lists a directory tree as find(1) would, one line per name in sorted
 * order: type, mode, path and size (or symlink target); then reads every file
 * named on the command line after the tree (through symlinks too). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed;

static int skip_dots(const struct dirent *e)
{
	return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

static void walk(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_dots, alphasort);

	if (n < 0) {
		printf("scandir %s: %s\n", dir, strerror(errno));
		failed = 1;
		return;
	}
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX], target[PATH_MAX];
		struct stat st;
		ssize_t len;

		snprintf(path, sizeof path, "%s/%s", strcmp(dir, "/") ? dir : "", names[i]->d_name);
		if (lstat(path, &st) < 0) {
			printf("lstat %s: %s\n", path, strerror(errno));
			failed = 1;
		} else if (S_ISDIR(st.st_mode)) {
			printf("d %o %s%s\n", (unsigned)(st.st_mode & 07777), path, names[i]->d_type == DT_DIR ? "" : " (bad d_type)");
			walk(path);
		} else if (S_ISLNK(st.st_mode)) {
			len = readlink(path, target, sizeof target - 1);
			target[len < 0 ? 0 : len] = 0;
			printf("l %s -> %s%s\n", path, target, names[i]->d_type == DT_LNK ? "" : " (bad d_type)");
		} else if (S_ISCHR(st.st_mode)) {
			printf("c %s\n", path);
		} else if (S_ISREG(st.st_mode)) {
			printf("f %o %s %ld%s\n", (unsigned)(st.st_mode & 07777), path, (long)st.st_size, names[i]->d_type == DT_REG ? "" : " (bad d_type)");
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	char buf[256], real[PATH_MAX];
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: tree DIR [FILE...]\n");
		return 2;
	}
	walk(argv[1]);
	for (int i = 2; i < argc; i++) {
		if (!(f = fopen(argv[i], "r")) || !fgets(buf, sizeof buf, f)) {
			printf("read %s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		fclose(f);
		printf("%s = %s", realpath(argv[i], real) ? real : "(no realpath)", buf);
	}
	return failed;
}

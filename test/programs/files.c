/* Uses the in-memory filesystem as a program would: create, write, rename,
 * list, stat and remove files and directories, then report what it saw. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond) do { if (!(cond)) { printf("FAIL line %d: %s (errno %d)\n", __LINE__, #cond, errno); return 1; } } while (0)

int main(void)
{
	char buf[64], cwd[256];
	struct stat st;
	FILE *f;

	CHECK(mkdir("/tmp", 0755) == 0 || errno == EEXIST);
	CHECK(chdir("/tmp") == 0);
	CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/tmp") == 0);
	CHECK((f = fopen("a.txt", "w")) != NULL);
	CHECK(fprintf(f, "hello file\n") == 11);
	CHECK(fclose(f) == 0);
	CHECK(rename("a.txt", "b.txt") == 0);
	CHECK(stat("/tmp/b.txt", &st) == 0 && st.st_size == 11 && S_ISREG(st.st_mode));
	CHECK(access("a.txt", F_OK) == -1 && errno == ENOENT);
	CHECK((f = fopen("b.txt", "r")) && fgets(buf, sizeof buf, f) && fclose(f) == 0);
	CHECK(strcmp(buf, "hello file\n") == 0);

	DIR *d = opendir("/tmp");
	struct dirent *e;
	int seen = 0;
	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL)
		seen += strcmp(e->d_name, "b.txt") == 0;
	CHECK(closedir(d) == 0 && seen == 1);

	CHECK(unlink("b.txt") == 0 && stat("b.txt", &st) == -1);
	CHECK(chdir("/") == 0 && rmdir("/tmp") == 0);
	CHECK(open("/no/such/file", O_RDONLY) == -1 && errno == ENOENT);
	printf("files ok\n");
	return 0;
}

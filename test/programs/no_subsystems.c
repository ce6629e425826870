/* What a unikernel cannot do fails the way Unix fails when the thing does
 * not exist (never a fake success), and the one user there is, root, is real.
 * (Sockets and name lookup are real: test/programs/net.c.) */
#include <dlfcn.h>
#include <errno.h>
#include <pwd.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	struct passwd *pw;
	struct group *gr;
	int r;

	errno = 0;
	r = connect(1, NULL, 0);
	printf("connect on stdout: %d %s\n", r, strerror(errno));
	errno = 0;
	r = fork();
	printf("fork: %d %s\n", r, strerror(errno));
	errno = 0;
	r = execlp("sh", "sh", "-c", "true", (char *)NULL);
	printf("exec: %d %s\n", r, strerror(errno));
	errno = 0;
	r = waitpid(-1, NULL, 0);
	printf("waitpid: %d %s\n", r, strerror(errno));
	printf("system(NULL): %d\n", system(NULL));
	printf("dlopen: %s; ", dlopen("libm.so", RTLD_NOW) ? "handle" : "NULL");
	printf("%s\n", dlerror());
	pw = getpwuid(0);
	printf("getpwuid(0): %s uid=%d gid=%d home=%s shell=%s\n", pw->pw_name, (int)pw->pw_uid, (int)pw->pw_gid, pw->pw_dir, pw->pw_shell);
	errno = 0;
	printf("getpwuid(1000): %s errno=%d\n", getpwuid(1000) ? "found" : "NULL", errno);
	gr = getgrnam("root");
	printf("getgrnam(root): gid=%d\n", gr ? (int)gr->gr_gid : -1);
	return 0;
}

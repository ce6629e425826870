/*
 * THE list of POSIX calls unicore declares but cannot do, and why.
 *
 * Each call fails the way a Unix system fails when the thing asked for does
 * not exist, so that programs (and configure scripts, whose link tests see
 * these functions) take their "not available" path instead of believing a
 * fake success. Grouped by the subsystem that is missing; a group goes away
 * when the subsystem arrives.
 *
 * The related things that do work without a subsystem (user database for
 * root, address conversion, terminal settings, syslog to stderr) are in
 * the areas of components/posix/ named after them (users/, net/,
 * term/, libc/syslog.c).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unicore/file.h>
#include "core.h"

/* ---- Processes ----
 * A unikernel is one process in one address space: there is no second
 * process to fork, no program loader to exec with and no shell. fork() and
 * exec*() say ENOSYS; since there can never be a child, the wait calls say
 * ECHILD, as on Unix for a process without children. system(NULL) = 0 ("no
 * shell") is in system.c (newlib has its own system()). */

pid_t fork(void) { return uc_syscall_ret(-ENOSYS); }
pid_t _fork(void) { return uc_syscall_ret(-ENOSYS); }
pid_t vfork(void) { return uc_syscall_ret(-ENOSYS); }
int daemon(int nochdir, int noclose) { return uc_syscall_ret(-ENOSYS); }

int execve(const char *path, char *const argv[], char *const envp[]) { return uc_syscall_ret(-ENOSYS); }
int _execve(const char *path, char *const argv[], char *const envp[]) { return uc_syscall_ret(-ENOSYS); }
int execv(const char *path, char *const argv[]) { return uc_syscall_ret(-ENOSYS); }
int execvp(const char *file, char *const argv[]) { return uc_syscall_ret(-ENOSYS); }
int execvpe(const char *file, char *const argv[], char *const envp[]) { return uc_syscall_ret(-ENOSYS); }
int fexecve(int fd, char *const argv[], char *const envp[]) { return uc_syscall_ret(-ENOSYS); }
int execl(const char *path, const char *arg, ...) { return uc_syscall_ret(-ENOSYS); }
int execle(const char *path, const char *arg, ...) { return uc_syscall_ret(-ENOSYS); }
int execlp(const char *file, const char *arg, ...) { return uc_syscall_ret(-ENOSYS); }

/* posix_spawn returns the error instead of setting errno. */
int posix_spawn(pid_t *restrict pid, const char *restrict path,
	const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *restrict attr,
	char *const argv[], char *const envp[])
{
	return ENOSYS;
}

int posix_spawnp(pid_t *restrict pid, const char *restrict file,
	const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *restrict attr,
	char *const argv[], char *const envp[])
{
	return ENOSYS;
}

FILE *popen(const char *command, const char *mode)
{
	errno = ENOSYS;
	return NULL;
}

/* No stream can have come from popen(). */
int pclose(FILE *stream) { return uc_syscall_ret(-ECHILD); }

pid_t wait(int *status) { return uc_syscall_ret(-ECHILD); }
pid_t _wait(int *status) { return uc_syscall_ret(-ECHILD); }
pid_t waitpid(pid_t pid, int *status, int options) { return uc_syscall_ret(-ECHILD); }
pid_t wait3(int *status, int options, struct rusage *ru) { return uc_syscall_ret(-ECHILD); }
pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru) { return uc_syscall_ret(-ECHILD); }
int waitid(idtype_t type, id_t id, siginfo_t *info, int options) { return uc_syscall_ret(-ECHILD); }

/* ---- Sockets ----
 * There is no network stack (no NIC drivers, no TCP/IP). socket() and
 * socketpair() say ENOSYS; since no descriptor can be a socket, the calls
 * that take one say ENOTSOCK (EBADF if the descriptor is not open). */

int socket(int domain, int type, int protocol) { return uc_syscall_ret(-ENOSYS); }
int socketpair(int domain, int type, int protocol, int sv[2]) { return uc_syscall_ret(-ENOSYS); }

static int not_a_socket(int fd)
{
	return uc_syscall_ret(uc_fd_get(fd) ? -ENOTSOCK : -EBADF);
}

int bind(int fd, const struct sockaddr *a, socklen_t n) { return not_a_socket(fd); }
int connect(int fd, const struct sockaddr *a, socklen_t n) { return not_a_socket(fd); }
int listen(int fd, int backlog) { return not_a_socket(fd); }
int accept(int fd, struct sockaddr *restrict a, socklen_t *restrict n) { return not_a_socket(fd); }
int accept4(int fd, struct sockaddr *restrict a, socklen_t *restrict n, int flags) { return not_a_socket(fd); }
int getsockname(int fd, struct sockaddr *restrict a, socklen_t *restrict n) { return not_a_socket(fd); }
int getpeername(int fd, struct sockaddr *restrict a, socklen_t *restrict n) { return not_a_socket(fd); }
ssize_t send(int fd, const void *b, size_t n, int fl) { return not_a_socket(fd); }
ssize_t recv(int fd, void *b, size_t n, int fl) { return not_a_socket(fd); }
ssize_t sendto(int fd, const void *b, size_t n, int fl, const struct sockaddr *a, socklen_t an) { return not_a_socket(fd); }
ssize_t recvfrom(int fd, void *restrict b, size_t n, int fl, struct sockaddr *restrict a, socklen_t *restrict an) { return not_a_socket(fd); }
ssize_t sendmsg(int fd, const struct msghdr *m, int fl) { return not_a_socket(fd); }
ssize_t recvmsg(int fd, struct msghdr *m, int fl) { return not_a_socket(fd); }
int getsockopt(int fd, int l, int o, void *restrict v, socklen_t *restrict n) { return not_a_socket(fd); }
int setsockopt(int fd, int l, int o, const void *v, socklen_t n) { return not_a_socket(fd); }
int shutdown(int fd, int how) { return not_a_socket(fd); }
int sockatmark(int fd) { return not_a_socket(fd); }

/* ---- Name service ----
 * No network means no DNS, and the image has no /etc/hosts, /etc/services
 * or /etc/protocols. Resolving fails with EAI_SYSTEM + ENOSYS (h_errno
 * NO_RECOVERY for the old calls); the database enumerations are empty.
 * gai_strerror, hstrerror and herror work (net/netdb.c). */

int h_errno;

int getaddrinfo(const char *restrict node, const char *restrict service,
	const struct addrinfo *restrict hints, struct addrinfo **restrict res)
{
	errno = ENOSYS;
	return EAI_SYSTEM;
}

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen, char *restrict host,
	socklen_t hostlen, char *restrict serv, socklen_t servlen, int flags)
{
	errno = ENOSYS;
	return EAI_SYSTEM;
}

static struct hostent *no_host(void)
{
	h_errno = NO_RECOVERY;
	errno = ENOSYS;
	return NULL;
}

struct hostent *gethostbyname(const char *name) { return no_host(); }
struct hostent *gethostbyname2(const char *name, int af) { return no_host(); }
struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type) { return no_host(); }

int gethostbyname_r(const char *name, struct hostent *ret, char *buf, size_t len,
	struct hostent **result, int *h_errnop)
{
	*result = NULL;
	*h_errnop = NO_RECOVERY;
	return ENOSYS;
}

struct hostent *gethostent(void) { return NULL; }
void sethostent(int stayopen) { }
void endhostent(void) { }
struct netent *getnetbyname(const char *name) { return NULL; }
struct netent *getnetbyaddr(uint32_t net, int type) { return NULL; }
struct netent *getnetent(void) { return NULL; }
void setnetent(int stayopen) { }
void endnetent(void) { }
struct servent *getservbyname(const char *name, const char *proto) { return NULL; }
struct servent *getservbyport(int port, const char *proto) { return NULL; }
struct servent *getservent(void) { return NULL; }
void setservent(int stayopen) { }
void endservent(void) { }
struct protoent *getprotobyname(const char *name) { return NULL; }
struct protoent *getprotobynumber(int proto) { return NULL; }
struct protoent *getprotoent(void) { return NULL; }
void setprotoent(int stayopen) { }
void endprotoent(void) { }

/* ---- Network interfaces ----
 * There are none (not even loopback): the lists are empty, and no name
 * or index names one. */

unsigned int if_nametoindex(const char *name)
{
	errno = ENODEV;
	return 0;
}

char *if_indextoname(unsigned int index, char *name)
{
	errno = ENXIO;
	return NULL;
}

struct if_nameindex *if_nameindex(void)
{
	struct if_nameindex *end = calloc(1, sizeof *end);

	if (!end)
		errno = ENOBUFS;
	return end;
}

void if_freenameindex(struct if_nameindex *list)
{
	free(list);
}

int getifaddrs(struct ifaddrs **list)
{
	*list = NULL;
	return 0;
}

void freeifaddrs(struct ifaddrs *list)
{
	while (list) {
		struct ifaddrs *next = list->ifa_next;
		free(list);
		list = next;
	}
}

/* ---- Dynamic loading ----
 * The image is one static executable with no loader: nothing can be
 * opened, so no handle or symbol can be valid. */

static const char *dl_message;

void *dlopen(const char *file, int mode)
{
	dl_message = "dynamic loading is not supported on unicore";
	return NULL;
}

void *dlsym(void *restrict handle, const char *restrict name)
{
	dl_message = "dynamic loading is not supported on unicore";
	return NULL;
}

int dlclose(void *handle)
{
	dl_message = "invalid handle: dynamic loading is not supported on unicore";
	return -1;
}

char *dlerror(void)
{
	const char *m = dl_message;

	dl_message = NULL;
	return (char *)m;
}

int dladdr(const void *addr, Dl_info *info)
{
	return 0;
}

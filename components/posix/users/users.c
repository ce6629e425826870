/*
 * The user and group databases. unicore runs everything as root (uid 0,
 * gid 0) and has no /etc/passwd: root is the one user and group there is,
 * every other id or name is "not found" (NULL with errno left alone, as
 * POSIX says for a missing entry).
 */
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

static char root_name[] = "root", no_password[] = "x", root_home[] = "/";
static char root_shell[] = "/bin/sh", root_gecos[] = "root";
static char *no_members[] = { NULL };

static const struct passwd root_user = {
	.pw_name = root_name, .pw_passwd = no_password, .pw_uid = 0, .pw_gid = 0,
	.pw_comment = root_gecos, .pw_gecos = root_gecos, .pw_dir = root_home,
	.pw_shell = root_shell,
};

static const struct group root_group = {
	.gr_name = root_name, .gr_passwd = no_password, .gr_gid = 0, .gr_mem = no_members,
};

static struct passwd pw_result;
static struct group gr_result;

static struct passwd *user(int found)
{
	if (!found)
		return NULL;
	pw_result = root_user;
	return &pw_result;
}

static struct group *group(int found)
{
	if (!found)
		return NULL;
	gr_result = root_group;
	return &gr_result;
}

struct passwd *getpwuid(uid_t uid) { return user(uid == 0); }
struct passwd *getpwnam(const char *name) { return user(name && strcmp(name, root_name) == 0); }
struct group *getgrgid(gid_t gid) { return group(gid == 0); }
struct group *getgrnam(const char *name) { return group(name && strcmp(name, root_name) == 0); }

/* Copies the strings of an entry into the caller's buffer. */
static char *stash(char **buf, size_t *left, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = *buf;

	if (n > *left)
		return NULL;
	memcpy(p, s, n);
	*buf += n;
	*left -= n;
	return p;
}

static int user_r(int found, struct passwd *pw, char *buf, size_t len, struct passwd **result)
{
	*result = NULL;
	if (!found)
		return 0;
	*pw = root_user;
	if (!(pw->pw_name = stash(&buf, &len, root_name)) ||
	    !(pw->pw_passwd = stash(&buf, &len, no_password)) ||
	    !(pw->pw_gecos = pw->pw_comment = stash(&buf, &len, root_gecos)) ||
	    !(pw->pw_dir = stash(&buf, &len, root_home)) ||
	    !(pw->pw_shell = stash(&buf, &len, root_shell)))
		return ERANGE;
	*result = pw;
	return 0;
}

static int group_r(int found, struct group *gr, char *buf, size_t len, struct group **result)
{
	uintptr_t align = (uintptr_t)buf % sizeof(char *);
	size_t skip = align ? sizeof(char *) - align : 0;

	*result = NULL;
	if (!found)
		return 0;
	if (len < skip + sizeof(char *))
		return ERANGE;
	buf += skip;
	len -= skip;
	*gr = root_group;
	gr->gr_mem = (char **)buf;
	gr->gr_mem[0] = NULL;
	buf += sizeof(char *);
	len -= sizeof(char *);
	if (!(gr->gr_name = stash(&buf, &len, root_name)) ||
	    !(gr->gr_passwd = stash(&buf, &len, no_password)))
		return ERANGE;
	*result = gr;
	return 0;
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **result)
{
	return user_r(uid == 0, pw, buf, len, result);
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len, struct passwd **result)
{
	return user_r(name && strcmp(name, root_name) == 0, pw, buf, len, result);
}

int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t len, struct group **result)
{
	return group_r(gid == 0, gr, buf, len, result);
}

int getgrnam_r(const char *name, struct group *gr, char *buf, size_t len, struct group **result)
{
	return group_r(name && strcmp(name, root_name) == 0, gr, buf, len, result);
}

/* Enumeration: the one entry, then the end. */
static int pw_next, gr_next;

struct passwd *getpwent(void) { return user(pw_next++ == 0); }
void setpwent(void) { pw_next = 0; }
void endpwent(void) { pw_next = 0; }
struct group *getgrent(void) { return group(gr_next++ == 0); }
void setgrent(void) { gr_next = 0; }
void endgrent(void) { gr_next = 0; }

/* Nobody logged in: there is no login session or utmp, as in a container
 * (programs then ask getpwuid(geteuid()), which answers root). */
char *getlogin(void)
{
	errno = ENXIO;
	return NULL;
}

int getlogin_r(char *name, size_t size)
{
	return ENXIO;
}

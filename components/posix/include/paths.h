/* unicore: newlib's <paths.h> plus the paths BSD and glibc also name. */
#ifndef _UNICORE_PATHS_H
#define _UNICORE_PATHS_H

#include_next <paths.h>

#define _PATH_CONSOLE "/dev/console"
#define _PATH_DEFPATH "/usr/bin:/bin"
#define _PATH_STDPATH "/usr/bin:/bin:/usr/sbin:/sbin"
#define _PATH_TTY "/dev/tty"
#define _PATH_TMP "/tmp/"
#define _PATH_VARTMP "/var/tmp/"
#define _PATH_VARRUN "/var/run/"
#define _PATH_MAILDIR "/var/mail"
#define _PATH_SHELLS "/etc/shells"
#define _PATH_HOSTS "/etc/hosts"
#define _PATH_MOUNTED "/etc/mtab"
#define _PATH_UTMP "/var/run/utmp"
#define _PATH_WTMP "/var/log/wtmp"

#endif

/* unicore: Unix-domain socket addresses (newlib 3.3.0 has no <sys/un.h>). */
#ifndef _SYS_UN_H
#define _SYS_UN_H

#include <sys/socket.h>
#include <string.h>

struct sockaddr_un {
	sa_family_t sun_family;
	char sun_path[108];
};

#define SUN_LEN(s) (__builtin_offsetof(struct sockaddr_un, sun_path) + strlen((s)->sun_path))

#endif

/* unicore: dynamic loading. A unikernel is one static image: dlopen() fails
 * and dlerror() says "dynamic loading is not supported on unicore". */
#ifndef _DLFCN_H
#define _DLFCN_H

#include <sys/cdefs.h>

__BEGIN_DECLS

#define RTLD_LAZY 1
#define RTLD_NOW 2
#define RTLD_NOLOAD 4
#define RTLD_NODELETE 4096
#define RTLD_GLOBAL 256
#define RTLD_LOCAL 0
#define RTLD_DEFAULT ((void *)0)
#define RTLD_NEXT ((void *)-1)

typedef struct {
	const char *dli_fname;
	void *dli_fbase;
	const char *dli_sname;
	void *dli_saddr;
} Dl_info;

void *dlopen(const char *, int);
void *dlsym(void *__restrict, const char *__restrict);
int dlclose(void *);
char *dlerror(void);
int dladdr(const void *, Dl_info *);

/* GNU: the object holding an address and its unwind tables (.eh_frame_hdr);
 * libgcc's unwinder asks this. Here: the image, whatever the address in it. */
struct link_map;
struct dl_find_object {
	unsigned long long dlfo_flags;
	void *dlfo_map_start;
	void *dlfo_map_end;
	struct link_map *dlfo_link_map;
	void *dlfo_eh_frame;
	unsigned long long __dlfo_reserved[7];
};
int _dl_find_object(void *, struct dl_find_object *);

__END_DECLS

#endif

/* getrandom(2) and getentropy(3), as on Linux and the BSDs. */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <sys/types.h>

#define GRND_NONBLOCK 0x01
#define GRND_RANDOM   0x02
#define GRND_INSECURE 0x04

#ifdef __cplusplus
extern "C" {
#endif
ssize_t getrandom(void *buf, size_t len, unsigned int flags);
int getentropy(void *buf, size_t len);
#ifdef __cplusplus
}
#endif

#endif

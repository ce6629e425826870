/* The runtime's random bytes (components/posix/core/random.c), for /dev/urandom too. */
#ifndef UNICORE_RANDOM_H
#define UNICORE_RANDOM_H

#include <stddef.h>

/* Fills buf; never fails or blocks: the source is ready from boot. */
void uc_random_fill(void *buf, size_t len);

#endif

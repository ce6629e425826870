/* unicore: newlib's <sys/utime.h> uses time_t without defining it. */
#ifndef _UNICORE_SYS_UTIME_H
#define _UNICORE_SYS_UTIME_H
#include <sys/types.h>
#include_next <sys/utime.h>
#endif

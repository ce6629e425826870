/* unicore: newlib's <stdio.h> plus POSIX getline()/getdelim(), which
 * newlib implements as __getline/__getdelim but does not export
 * (components/posix/getline.c). */
#include_next <stdio.h>

#if !defined(_UNICORE_STDIO_H) && defined(_STDIO_H_)
#define _UNICORE_STDIO_H
#if __POSIX_VISIBLE >= 200809
_BEGIN_STD_C
ssize_t getdelim(char **__restrict, size_t *__restrict, int, FILE *__restrict);
ssize_t getline(char **__restrict, size_t *__restrict, FILE *__restrict);
_END_STD_C
#endif
#endif

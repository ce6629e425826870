/* unicore: newlib's <stdio.h> plus POSIX getline()/getdelim(), which
 * newlib implements as __getline/__getdelim but does not export
 * (components/posix/libc/getline.c), and the large-file "64" names. */
#include_next <stdio.h>

#if !defined(_UNICORE_STDIO_H) && defined(_STDIO_H_)
#define _UNICORE_STDIO_H
#if __POSIX_VISIBLE >= 200809
_BEGIN_STD_C
ssize_t getdelim(char **__restrict, size_t *__restrict, int, FILE *__restrict);
ssize_t getline(char **__restrict, size_t *__restrict, FILE *__restrict);
_END_STD_C
#endif
/* off_t is 64 bits already: as in musl, the LFS names (glibc's under
 * _GNU_SOURCE, which g++ defines) are the plain functions. */
#if (defined(_LARGEFILE64_SOURCE) || defined(_GNU_SOURCE)) && !defined(__LARGE64_FILES)
#define fopen64 fopen
#define freopen64 freopen
#define fseeko64 fseeko
#define ftello64 ftello
#define fgetpos64 fgetpos
#define fsetpos64 fsetpos
#define tmpfile64 tmpfile
#define fpos64_t fpos_t
#endif
#endif

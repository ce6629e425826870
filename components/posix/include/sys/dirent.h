/*
 * unicore: directory entries. newlib's <dirent.h> declares the functions
 * and includes this file, which its generic targets leave as an #error;
 * the in-memory filesystem (components/posix/fs/dirent.c) implements them.
 */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>

#define _DIRENT_HAVE_D_TYPE 1
#define _DIRENT_HAVE_D_OFF 1
#define _DIRENT_HAVE_D_RECLEN 1

#ifndef MAXNAMLEN
#define MAXNAMLEN 255
#endif

struct dirent {
	ino_t d_ino;
	off_t d_off;                /* telldir() position after this entry */
	unsigned short d_reclen;
	unsigned char d_type;       /* DT_* */
	char d_name[256];
};
#define d_fileno d_ino

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#define DT_WHT 14

#define IFTODT(mode) (((mode) & 0170000) >> 12)
#define DTTOIF(type) ((type) << 12)

typedef struct __unicore_dir DIR;

#endif

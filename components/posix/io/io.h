/*
 * What the I/O area of the POSIX layer (components/posix/io/: descriptor
 * table, console, framed channel, pipes, poll/select) offers the other
 * areas, beyond the file interface of <unicore/file.h>. Internal to
 * libunicore.a.
 */
#ifndef UNICORE_POSIX_IO_H
#define UNICORE_POSIX_IO_H

#include <stddef.h>
#include <sys/types.h>

/* ---- console.c / framed.c ---- */
extern int uc_console_framed;
/* Writes to stdout (1) or stderr (2) as the console mode wants, without
 * using the heap or stdio (safe in crash paths). */
void uc_console_emit(int stream, const void *buf, size_t len);
/* Announces the framed channel (@UC:H) when in framed mode. */
void uc_console_start(void);
/* Reports the exit status to the host (@UC:X) when in framed mode. */
void uc_console_finish(int status);
/* Framed channel, guest side. */
void uc_framed_send(int stream, const void *buf, size_t len);
void uc_framed_line(const char *text);
ssize_t uc_framed_read(void *buf, size_t len, int block);
int uc_framed_input_ready(void);

#endif

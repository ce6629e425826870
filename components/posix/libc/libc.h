/*
 * What the libc gap fillers (components/posix/libc/) offer the other areas
 * of the POSIX layer. Internal to libunicore.a.
 */
#ifndef UNICORE_POSIX_LIBC_H
#define UNICORE_POSIX_LIBC_H

/* ---- progname.c ---- */
/* Sets program_invocation_name (and its short form, getprogname()). */
void uc_progname_init(char *argv0);

#endif

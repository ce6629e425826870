/*
 * Its own file, apart from core/errno.c's `int errno`: a program linked with
 * an explicit -lc takes newlib's errno first, and pulling errno.o for this
 * function would then define errno twice.
 */
/* newlib's strerror, strerror_r and perror ask this for numbers they have no
 * text for (and give "" without it): glibc's wording, like every Unix libc. */
char *_user_strerror(int errnum, int internal, int *errptr)
{
	static char buf[32];
	char digits[12], *p = digits + sizeof digits;
	unsigned n = errnum < 0 ? -(unsigned)errnum : (unsigned)errnum;
	static const char prefix[] = "Unknown error ";
	char *out = buf + sizeof prefix - 1;

	(void)internal;
	(void)errptr;
	__builtin_memcpy(buf, prefix, sizeof prefix - 1);
	*--p = 0;
	do
		*--p = '0' + n % 10;
	while (n /= 10);
	if (errnum < 0)
		*out++ = '-';
	__builtin_memcpy(out, p, digits + sizeof digits - p);
	return buf;
}

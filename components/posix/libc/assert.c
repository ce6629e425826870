/*
 * assert()'s report, as newlib words it, without newlib's fiprintf: that
 * brought an integer printf (8 KiB) into every image, since newlib's own
 * number conversions assert.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

static void put_int(int n, FILE *f)
{
	char buf[12], *p = buf + sizeof buf;
	unsigned u = n < 0 ? -(unsigned)n : (unsigned)n;

	*--p = 0;
	do
		*--p = '0' + u % 10;
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	fputs(p, f);
}

void __assert_func(const char *file, int line, const char *func, const char *expr)
{
	fputs("assertion \"", stderr);
	fputs(expr, stderr);
	fputs("\" failed: file \"", stderr);
	fputs(file, stderr);
	fputs("\", line ", stderr);
	put_int(line, stderr);
	if (func) {
		fputs(", function: ", stderr);
		fputs(func, stderr);
	}
	fputs("\n", stderr);
	abort();
}

/* newlib's other entry in the same object: defined here too, so that newlib's
 * assert.o (and a second __assert_func) is never linked. */
void __assert(const char *file, int line, const char *expr)
{
	__assert_func(file, line, 0, expr);
}

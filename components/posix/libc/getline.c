/* POSIX getline()/getdelim() on newlib's implementation (see <stdio.h>). */
#include <stdio.h>

ssize_t getdelim(char **restrict line, size_t *restrict n, int delim, FILE *restrict f)
{
	return __getdelim(line, n, delim, f);
}

ssize_t getline(char **restrict line, size_t *restrict n, FILE *restrict f)
{
	return __getdelim(line, n, '\n', f);
}

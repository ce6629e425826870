/* Prints its arguments and standard input, one line each, a line on stderr,
 * and exits with the number of arguments plus 40. */
#include <stdio.h>

int main(int argc, char **argv)
{
	char line[256];

	for (int i = 1; i < argc; i++)
		printf("arg %d: [%s]\n", i, argv[i]);
	while (fgets(line, sizeof line, stdin))
		printf("in: %s", line);
	fprintf(stderr, "to stderr\n");
	return argc + 40;
}

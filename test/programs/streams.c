/* Writes to stdout and stderr, and prints its arguments one per line. */
#include <stdio.h>

int main(int argc, char **argv)
{
	fprintf(stderr, "to stderr\n");
	for (int i = 1; i < argc; i++)
		printf("arg%d=[%s]\n", i, argv[i]);
	printf("to stdout\n");
	return 0;
}

/* Prints each argument as N:LENGTH:TEXT, bytes outside printable ASCII as \xHH. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		printf("%d:%zu:", i, strlen(argv[i]));
		for (const char *p = argv[i]; *p; p++) {
			unsigned char c = (unsigned char)*p;
			printf(c < 32 || c > 126 ? "\\x%02x" : "%c", c);
		}
		printf("\n");
	}
	return 0;
}

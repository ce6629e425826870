/* Reads one line from stdin with stdio and echoes it back, then reports EOF. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[256];

	if (!fgets(line, sizeof line, stdin)) {
		printf("no input\n");
		return 1;
	}
	line[strcspn(line, "\n")] = '\0';
	printf("got: %s\n", line);
	printf(fgets(line, sizeof line, stdin) ? "more input\n" : "end of input\n");
	return 0;
}

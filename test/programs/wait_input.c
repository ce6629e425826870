/* Says it is waiting, then waits for a line of input (a console without input waits for ever). */
#include <stdio.h>

int main(void)
{
	char line[64];

	printf("waiting for input\n");
	fflush(stdout);
	if (fgets(line, sizeof line, stdin))
		printf("got: %s", line);
	return 0;
}

/*
 * W^X from inside: argv[1] says what to try. "write-text" writes to the first
 * byte of a function, "exec-data" calls code copied into a writable array;
 * both must crash (status 139), not go on.
 */
#include <stdio.h>
#include <string.h>

static int answer(void)
{
	return 42;
}

/* mov $42, %eax; ret */
static unsigned char code[] = { 0xb8, 42, 0, 0, 0, 0xc3 };

int main(int argc, char **argv)
{
	int (*volatile fn)(void) = answer;

	if (argc < 2)
		return 2;
	printf("trying %s\n", argv[1]);
	fflush(stdout);
	if (strcmp(argv[1], "write-text") == 0)
		*(volatile unsigned char *)(void *)fn = 0xc3;
	else if (strcmp(argv[1], "exec-data") == 0)
		fn = (int (*)(void))(void *)code;
	printf("still running: %d\n", fn());
	return 0;
}

/* Dereferences NULL: the guest must report the crash, not hang or go on. */
#include <stdio.h>

int main(void)
{
	volatile int *p = NULL;
	printf("about to crash\n");
	fflush(stdout);
	return *p;
}

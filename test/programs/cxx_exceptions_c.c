/* C frames between a C++ throw and its catch (cxx_exceptions.cc); compiled
 * with -fexceptions, so the unwinder can pass through and run the cleanup. */
#include <stdio.h>

static void say_cleanup(int *value)
{
	printf("  C cleanup for %d\n", *value);
}

static int apply_inner(int (*fn)(int), int value)
{
	int guarded __attribute__((cleanup(say_cleanup))) = value;

	return fn(guarded);
}

int c_apply(int (*fn)(int), int value)
{
	return apply_inner(fn, value) + 1;
}

/* unicore: glibc's name for <sys/statfs.h>. */
#include <sys/statfs.h>

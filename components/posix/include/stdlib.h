/* unicore: newlib's <stdlib.h> plus BSD's getprogname()/setprogname()
 * (components/posix/progname.c), which newlib does not declare. */
#include_next <stdlib.h>

#if !defined(_UNICORE_STDLIB_H) && defined(_STDLIB_H_)
#define _UNICORE_STDLIB_H
#if __BSD_VISIBLE
_BEGIN_STD_C
const char *getprogname(void);
void setprogname(const char *);
_END_STD_C
#endif
#endif

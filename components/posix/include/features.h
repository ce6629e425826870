/* unicore: gcc keeps predefining __linux__, so code includes glibc's
 * <features.h>; newlib's feature-test logic is <sys/features.h>. */
#ifndef _UNICORE_FEATURES_H
#define _UNICORE_FEATURES_H
#include <sys/features.h>
#endif

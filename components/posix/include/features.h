/* unicore: glibc's <features.h>, which much Unix code includes directly;
 * newlib's feature-test logic is <sys/features.h>. */
#ifndef _UNICORE_FEATURES_H
#define _UNICORE_FEATURES_H
#include <sys/features.h>
#endif

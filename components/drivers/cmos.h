/* The CMOS real-time clock (MC146818 at ports 0x70/0x71): the wall clock. */
#ifndef UNICORE_CMOS_H
#define UNICORE_CMOS_H

#include <stdint.h>

/* The RTC's time as nanoseconds since the Unix epoch (whole seconds; the RTC
 * is read as UTC), or 0 if there is no sensible RTC. Takes up to ~2 ms while
 * the RTC is mid-update. */
uint64_t cmos_wall_ns(void);

#endif

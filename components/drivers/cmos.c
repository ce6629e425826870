/*
 * Reading the CMOS RTC. Its registers change under us once a second, so read
 * when no update is in progress and repeat until two reads agree. Values are
 * BCD unless status register B says binary, hours 12-hour unless it says 24.
 */
#include <stdint.h>
#include "cmos.h"
#include "arch/x86_64/x86.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define NMI_OFF    0x80          /* keep NMIs masked while selecting registers */
#define REG_STATUS_A 0x0a
#define REG_STATUS_B 0x0b
#define REG_CENTURY  0x32        /* where PC firmware (and QEMU) keep it */
#define A_UPDATING 0x80
#define B_24HOUR   0x02
#define B_BINARY   0x04

struct rtc {
	uint8_t sec, min, hour, day, mon, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static void read_once(struct rtc *t)
{
	for (int i = 0; i < 100000 && (cmos_read(REG_STATUS_A) & A_UPDATING); i++)
		;
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	t->hour = cmos_read(0x04);
	t->day = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
	t->century = cmos_read(REG_CENTURY);
}

static int same(const struct rtc *a, const struct rtc *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
		a->day == b->day && a->mon == b->mon && a->year == b->year;
}

static unsigned from_bcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), after H. Hinnant. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

uint64_t cmos_wall_ns(void)
{
	struct rtc a, b;
	uint8_t status_b;

	if (cmos_read(REG_STATUS_B) == 0xff)     /* nothing there */
		return 0;
	read_once(&a);
	for (int i = 0; i < 5; i++) {
		read_once(&b);
		if (same(&a, &b))
			break;
		a = b;
	}
	status_b = cmos_read(REG_STATUS_B);
	int pm = !(status_b & B_24HOUR) && (a.hour & 0x80);
	a.hour &= 0x7f;
	unsigned sec = a.sec, min = a.min, hour = a.hour, day = a.day, mon = a.mon;
	unsigned year = a.year, century = a.century;
	if (!(status_b & B_BINARY)) {
		sec = from_bcd(a.sec);
		min = from_bcd(a.min);
		hour = from_bcd(a.hour);
		day = from_bcd(a.day);
		mon = from_bcd(a.mon);
		year = from_bcd(a.year);
		century = from_bcd(a.century);
	}
	if (!(status_b & B_24HOUR))
		hour = hour % 12 + (pm ? 12 : 0);
	year += century >= 19 && century <= 30 ? century * 100 : (year < 70 ? 2000 : 1900);
	if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 || mon > 12)
		return 0;
	int64_t days = days_from_civil(year, mon, day);
	return ((uint64_t)days * 86400 + hour * 3600 + min * 60 + sec) * 1000000000ull;
}

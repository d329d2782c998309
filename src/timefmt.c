/*
 * timefmt.c - FILETIME conversion and ISO 8601 formatting (see timefmt.h).
 *
 * The civil-date arithmetic is Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"): exact for
 * the proleptic Gregorian calendar, no tables, no gmtime().
 */
#include "compat.h"

#include <time.h>

#include "timefmt.h"

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t
ct_time_from_unix(int64_t sec, int64_t nsec)
{
	return (sec * CT_TICKS_PER_SEC) + nsec / 100 + CT_UNIX_EPOCH_TICKS;
}

int64_t
ct_time_to_unix(int64_t ticks)
{
	return floor_div(ticks - CT_UNIX_EPOCH_TICKS, CT_TICKS_PER_SEC);
}

/* Write v as exactly n decimal digits, zero-padded. */
static void
put_digits(char *out, int n, uint64_t v)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *
ct_time_iso(int64_t ticks, char *out)
{
	int64_t secs, days, rem, y;
	unsigned mo, d;
	int64_t frac;

	/* 9999-12-31T23:59:59.9999999Z is 2650467743999999999 ticks. */
	if (ticks < 0 || ticks > 2650467743999999999LL) {
		snprintf(out, CT_TIME_ISO_LEN, "invalid:%" PRId64, ticks);
		return out;
	}
	secs = ct_time_to_unix(ticks);
	frac = ticks % CT_TICKS_PER_SEC;
	days = floor_div(secs, 86400);
	rem = secs - days * 86400;
	civil_from_days(days, &y, &mo, &d);
	/* Written digit by digit: this is on the hot path of every export. */
	put_digits(out, 4, (uint64_t)y);
	out[4] = '-';
	put_digits(out + 5, 2, mo);
	out[7] = '-';
	put_digits(out + 8, 2, d);
	out[10] = 'T';
	put_digits(out + 11, 2, (uint64_t)(rem / 3600));
	out[13] = ':';
	put_digits(out + 14, 2, (uint64_t)(rem / 60 % 60));
	out[16] = ':';
	put_digits(out + 17, 2, (uint64_t)(rem % 60));
	out[19] = '.';
	put_digits(out + 20, 7, (uint64_t)frac);
	out[27] = 'Z';
	out[28] = '\0';
	return out;
}

/* Read exactly n decimal digits. */
static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

int
ct_time_parse(const char *s, int64_t *ticks)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	int64_t frac = 0, t;
	static const unsigned char mdays[] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) ||
	    *s++ != '-' || digits(&s, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || y < 1601)
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &se))
				return -1;
			if (*s == '.' || *s == ',') {
				int n = 0;

				s++;
				if (*s < '0' || *s > '9')
					return -1;
				while (*s >= '0' && *s <= '9') {
					if (n < 7) {
						frac = frac * 10 + (*s - '0');
						n++;
					}
					s++;
				}
				while (n++ < 7)
					frac *= 10;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return -1;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	if (*s != '\0')
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + se;
	*ticks = ct_time_from_unix(t, 0) + frac;
	return 0;
}

int64_t
ct_time_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ct_time_from_unix(ts.tv_sec, ts.tv_nsec);
}

// SPDX-License-Identifier: MIT
/*
 * scn_value.c - scalar values of the scenario schema: unsigned integers
 * (decimal or 0x hex, '_' separators), sizes with binary units, real
 * numbers, durations, names and glob patterns.  libc only.
 */
#include "scenarios/scn_priv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parse.h"

int scn__parse_uint(const char *s, u64 *out)
{
	char buf[96];
	size_t n = 0;
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	const char *p = hex ? s + 2 : s;

	if (hex) {
		buf[n++] = '0';
		buf[n++] = 'x';
	}
	/* '_' may separate digits (0x0402_0000), never lead, trail or double. */
	for (; *p; p++) {
		if (*p == '_') {
			if (p == s || (hex && p == s + 2) || !p[1] || p[1] == '_')
				return -EINVAL;
			continue;
		}
		if (n + 1 >= sizeof(buf))
			return -ERANGE;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	return parse_u64(buf, out);
}

int scn__parse_real(const char *s, double *out)
{
	char *end;
	double v;

	/* Digits, one optional '.', optional exponent; no sign, hex, inf, nan. */
	if (!isdigit((unsigned char)s[0]) && !(s[0] == '.' && isdigit((unsigned char)s[1])))
		return -EINVAL;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != 'e' && *p != 'E' &&
		    *p != '-' && *p != '+')
			return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || end == s)
		return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*out = v;
	return 0;
}

struct unit {
	const char *name;
	u64 mult;
};

static const struct unit units[] = {
	{ "B", 1 },
	{ "K", 1ULL << 10 }, { "k", 1ULL << 10 }, { "KiB", 1ULL << 10 },
	{ "M", 1ULL << 20 }, { "m", 1ULL << 20 }, { "MiB", 1ULL << 20 },
	{ "G", 1ULL << 30 }, { "g", 1ULL << 30 }, { "GiB", 1ULL << 30 },
};

static const struct unit *find_unit(const char *u)
{
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (strcmp(units[i].name, u) == 0)
			return &units[i];
	return NULL;
}

static int bad_unit(const char *unit, const char *s, char *why, size_t len)
{
	static const char *const decimal[] = { "KB", "kB", "MB", "mB", "GB", "gB", "TB", NULL };

	for (const char *const *d = decimal; *d; d++)
		if (strcmp(*d, unit) == 0) {
			snprintf(why, len,
				 "bad unit '%s' in '%s': decimal units are not supported; "
				 "use KiB, MiB or GiB (binary)", unit, s);
			return -EINVAL;
		}
	snprintf(why, len, "bad unit '%s' in '%s' (units: B, KiB, MiB, GiB; K, M, G are binary too)",
		 unit, s);
	return -EINVAL;
}

/* Multiply digits [frac, frac + nf) / 10^nf by @mult exactly, if whole. */
static int frac_bytes(const char *frac, size_t nf, u64 mult, u64 *out)
{
	u64 num = 0, den = 1;

	if (nf > 18)
		return -EINVAL;
	for (size_t i = 0; i < nf; i++) {
		num = num * 10 + (u64)(frac[i] - '0');
		den *= 10;
	}
	/* mult <= 2^30 and num < 10^18: use 128-bit arithmetic. */
	unsigned __int128 p = (unsigned __int128)num * mult;

	if (p % den)
		return -EINVAL;
	*out = (u64)(p / den);
	return 0;
}

int scn_parse_size(const char *s, u64 *out, char *why, size_t len)
{
	char num[96];
	const char *p = s, *dot = NULL, *unit;
	const struct unit *u;
	u64 whole, fracb = 0;
	size_t nd;
	int ret;

	if (!*s) {
		snprintf(why, len, "empty size");
		return -EINVAL;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		ret = scn__parse_uint(s, out);
		if (ret)
			snprintf(why, len, ret == -ERANGE ? "size '%s' is larger than 2^64-1 bytes"
							  : "bad hexadecimal size '%s'", s);
		return ret;
	}
	while (isdigit((unsigned char)*p) || *p == '_' || (*p == '.' && !dot)) {
		if (*p == '.')
			dot = p;
		p++;
	}
	nd = (size_t)((dot ? dot : p) - s);
	if (nd == 0 || (dot && dot + 1 == p)) {
		snprintf(why, len, "bad size '%s' (expected a number with an optional unit, "
			 "e.g. 4096, 0x1000, 4KiB, 1.5MiB)", s);
		return -EINVAL;
	}
	unit = p;
	while (*unit == ' ')
		unit++;
	u = *unit ? find_unit(unit) : &units[0];
	if (!u)
		return bad_unit(unit, s, why, len);
	if (dot && !*unit) {
		snprintf(why, len, "size '%s' has a fraction but no unit", s);
		return -EINVAL;
	}
	if (nd >= sizeof(num)) {
		snprintf(why, len, "size '%s' is larger than 2^64-1 bytes", s);
		return -ERANGE;
	}
	memcpy(num, s, nd);
	num[nd] = '\0';
	ret = scn__parse_uint(num, &whole);
	if (ret == -EINVAL) {
		snprintf(why, len, "bad size '%s'", s);
		return ret;
	}
	if (ret == -ERANGE || whole > U64_MAX / u->mult) {
		snprintf(why, len, "size '%s' is larger than 2^64-1 bytes", s);
		return -ERANGE;
	}
	if (dot && frac_bytes(dot + 1, (size_t)(p - dot - 1), u->mult, &fracb)) {
		snprintf(why, len, "size '%s' is not a whole number of bytes", s);
		return -EINVAL;
	}
	if (whole * u->mult > U64_MAX - fracb) {
		snprintf(why, len, "size '%s' is larger than 2^64-1 bytes", s);
		return -ERANGE;
	}
	*out = whole * u->mult + fracb;
	return 0;
}

int scn__parse_duration(const char *s, u64 *ns, char *why, size_t len)
{
	static const struct unit tu[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	};
	char num[32];
	const char *p = s;
	u64 v, mult = 1000000;
	size_t nd;

	while (isdigit((unsigned char)*p) || *p == '_')
		p++;
	nd = (size_t)(p - s);
	if (nd == 0 || nd >= sizeof(num)) {
		snprintf(why, len, "bad duration '%s' (expected e.g. 500us, 5ms, 2s)", s);
		return -EINVAL;
	}
	if (*p) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(tu); i++)
			if (strcmp(p, tu[i].name) == 0)
				break;
		if (i == ARRAY_SIZE(tu)) {
			snprintf(why, len, "bad duration unit '%s' in '%s' (units: ns, us, ms, s)",
				 p, s);
			return -EINVAL;
		}
		mult = tu[i].mult;
	}
	memcpy(num, s, nd);
	num[nd] = '\0';
	if (scn__parse_uint(num, &v)) {
		snprintf(why, len, "bad duration '%s'", s);
		return -EINVAL;
	}
	if (v > U64_MAX / mult) {
		snprintf(why, len, "duration '%s' is longer than 2^64-1 ns", s);
		return -ERANGE;
	}
	*ns = v * mult;
	return 0;
}

bool scn__valid_name(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return false;
	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '_' && s[n] != '.' && s[n] != '-')
			return false;
	return n <= SCN_MAX_NAME;
}

bool scn_glob_match(const char *pattern, const char *name)
{
	const char *star = NULL, *mark = NULL;

	/* Iterative: backtrack only to the last '*' (linear-time in practice). */
	while (*name) {
		if (*pattern == '*') {
			star = pattern++;
			mark = name;
		} else if (*pattern == '?' || *pattern == *name) {
			pattern++;
			name++;
		} else if (star) {
			pattern = star + 1;
			name = ++mark;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return !*pattern;
}

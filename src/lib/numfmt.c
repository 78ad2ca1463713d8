/* numfmt.c - numbers as Excel shows them (see numfmt.h). Parsing and
 * printing go through strtod/snprintf, which follow LC_NUMERIC; the
 * decimal point is swapped to and from the locale's so a program that
 * called setlocale() still reads "1.5" as one and a half. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "util.h"

mvr_numfmt mvr_numfmt_builtin(long id)
{
  mvr_numfmt f = {MVR_NF_GENERAL, 0, 0};

  switch (id) {
  case 1:
    f.kind = MVR_NF_FIXED;
    break;
  case 2:
    f.kind = MVR_NF_FIXED;
    f.decimals = 2;
    break;
  case 3:
  case 37:
  case 38:
    f.kind = MVR_NF_FIXED;
    f.thousands = 1;
    break;
  case 4:
  case 39:
  case 40:
    f.kind = MVR_NF_FIXED;
    f.decimals = 2;
    f.thousands = 1;
    break;
  case 9:
    f.kind = MVR_NF_PERCENT;
    break;
  case 10:
    f.kind = MVR_NF_PERCENT;
    f.decimals = 2;
    break;
  case 18:
  case 19:
  case 20:
  case 21:
  case 45:
  case 46:
  case 47:
    f.kind = MVR_NF_TIME;
    break;
  case 22:
    f.kind = MVR_NF_DATETIME;
    break;
  default:
    /* 14-17 and the East Asian date formats */
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) ||
        (id >= 50 && id <= 58))
      f.kind = MVR_NF_DATE;
    break;
  }
  return f;
}

mvr_numfmt mvr_numfmt_parse(const char *code)
{
  mvr_numfmt f = {MVR_NF_GENERAL, 0, 0};
  int date = 0, time = 0, month = 0, pct = 0, zeros = 0, point = 0;
  int digits = 0, other = 0;
  const char *p;

  if (mvr_strcaseeq(code, "General"))
    return f;
  /* the first section only (positive numbers); skip quoted text,
   * escapes, fills, paddings and [colour]/[condition] brackets, but see
   * [h] [m] [s] elapsed time */
  for (p = code; *p && *p != ';'; p++) {
    char c = (char)mvr_tolower((unsigned char)*p);
    if (c == '"') {
      while (p[1] && p[1] != '"')
        p++;
      if (p[1])
        p++;
    } else if (c == '\\' || c == '_' || c == '*') {
      if (p[1])
        p++;
    } else if (c == '[') {
      if (p[1] && strchr("hms", mvr_tolower((unsigned char)p[1])))
        time = 1;
      while (p[1] && p[1] != ']')
        p++;
      if (p[1])
        p++;
    } else if (c == 'e' && (p[1] == '+' || p[1] == '-')) {
      other = 1; /* scientific: 0.00E+00 */
    } else if (c == 'd' || c == 'y') {
      date = 1;
    } else if (c == 'h' || c == 's') {
      time = 1;
    } else if (c == 'm') {
      month = 1;
    } else if (c == '%') {
      pct = 1;
    } else if (c == '0' || c == '#' || c == '?') {
      digits = 1;
      if (point && c == '0')
        zeros++;
    } else if (c == '.') {
      point = 1;
    } else if (c == ',') {
      f.thousands = digits && !point;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '$' &&
               c != '+') {
      other = 1;
    }
  }
  /* "m" is months next to days or years, and without hours or seconds */
  if (date || (month && !time))
    f.kind = time ? MVR_NF_DATETIME : MVR_NF_DATE;
  else if (time)
    f.kind = MVR_NF_TIME;
  else if (digits && !other)
    f.kind = pct ? MVR_NF_PERCENT : MVR_NF_FIXED;
  else
    f.thousands = 0;
  f.decimals = (unsigned char)(zeros > 15 ? 15 : zeros);
  return f;
}

/* Parse `v` as a number, whatever LC_NUMERIC says. */
static int to_double(const char *v, double *out)
{
  char tmp[64], point = *localeconv()->decimal_point;
  char *end;
  size_t i, n = strlen(v);

  if (n == 0 || n >= sizeof tmp)
    return 0;
  for (i = 0; i < n; i++) {
    if (!strchr("0123456789.eE+-", v[i]))
      return 0;
    tmp[i] = v[i] == '.' ? point : v[i];
  }
  tmp[n] = '\0';
  *out = strtod(tmp, &end);
  return *end == '\0' && isfinite(*out);
}

/* printf a number, turning the locale's decimal point back into '.'. */
static void put_num(mvr_buf *out, char conv, int prec, double v)
{
  char tmp[512], point = *localeconv()->decimal_point;
  size_t i;

  if (conv == 'f')
    snprintf(tmp, sizeof tmp, "%.*f", prec, v);
  else
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
  for (i = 0; tmp[i]; i++)
    if (tmp[i] == point)
      tmp[i] = '.';
  mvr_buf_puts(out, tmp);
}

/* As Excel's General format: integers without ".0", 15 significant
 * digits otherwise, and no "-0". */
static void general(mvr_buf *out, double v)
{
  if (v == 0)
    v = 0; /* -0 */
  if (v == floor(v) && fabs(v) < 1e15)
    put_num(out, 'f', 0, v);
  else
    put_num(out, 'g', 15, v);
}

static void fixed(mvr_buf *out, double v, int decimals, int thousands)
{
  char tmp[512], point = *localeconv()->decimal_point;
  size_t i, n, start, intlen;

  if (fabs(v) >= 1e300) {
    general(out, v);
    return;
  }
  snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
  n = strlen(tmp);
  for (i = 0; i < n; i++)
    if (tmp[i] == point)
      tmp[i] = '.';
  if (!thousands) {
    mvr_buf_put(out, tmp, n);
    return;
  }
  start = tmp[0] == '-' ? 1 : 0;
  intlen = strcspn(tmp + start, ".");
  mvr_buf_put(out, tmp, start);
  for (i = 0; i < intlen; i++) {
    if (i && (intlen - i) % 3 == 0)
      mvr_buf_putc(out, ',');
    mvr_buf_putc(out, tmp[start + i]);
  }
  mvr_buf_puts(out, tmp + start + intlen);
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil(long z, long *y, unsigned *m, unsigned *d)
{
  long era, yy;
  unsigned doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  yy = (long)yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

/* A date serial as YYYY-MM-DD. Excel's 1900 system counts a 29 February
 * 1900 that never was (serial 60), so serials before it are a day off. */
static int date_text(mvr_buf *out, double v, int date1904)
{
  long days, y;
  unsigned m, d;

  /* before 1900-01-01, after 9999-12-31, or NaN: checked before the
   * conversion, which is undefined for a double out of long's range */
  if (!(v >= 1 && v < 2958466))
    return 0;
  days = (long)floor(v);
  if (date1904)
    days += 1462;
  if (!date1904 && days == 60) {
    mvr_buf_puts(out, "1900-02-29");
    return 1;
  }
  civil(days - (days < 60 && !date1904 ? 25568 : 25569), &y, &m, &d);
  mvr_buf_printf(out, "%04ld-%02u-%02u", y, m, d);
  return 1;
}

static void time_text(mvr_buf *out, double v, int seconds)
{
  long s = (long)floor((v - floor(v)) * 86400 + 0.5);

  if (s >= 86400)
    s = 86399;
  if (seconds)
    mvr_buf_printf(out, "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    mvr_buf_printf(out, "%02ld:%02ld", s / 3600, s / 60 % 60);
}

void mvr_numfmt_format(mvr_numfmt f, int date1904, const char *v, mvr_buf *out)
{
  double x;

  if (!to_double(v, &x)) {
    mvr_buf_puts(out, v);
    return;
  }
  switch (f.kind) {
  case MVR_NF_FIXED:
    fixed(out, x, f.decimals, f.thousands);
    return;
  case MVR_NF_PERCENT:
    fixed(out, x * 100, f.decimals, 0);
    mvr_buf_putc(out, '%');
    return;
  case MVR_NF_DATE:
  case MVR_NF_DATETIME:
    if (!date_text(out, x, date1904))
      break;
    if (f.kind == MVR_NF_DATETIME && x != floor(x)) {
      mvr_buf_putc(out, ' ');
      time_text(out, x, 0);
    }
    return;
  case MVR_NF_TIME:
    if (!(x >= 0 && x < 1)) /* NaN too */
      break;
    time_text(out, x, 1);
    return;
  default:
    break;
  }
  general(out, x);
}

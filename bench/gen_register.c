/* gen_register.c - write a synthetic but realistic register as an Annex 1
 * CSV, for benchmarks: N rows, unique references across the SDO families
 * of the bundled dataset, titles and summaries drawn from its vocabulary.
 *
 * Usage: gen_register N [SEED [DUPRATE [VOCAB]]] > file.csv
 * Deterministic for a given N and SEED. With DUPRATE (0 to 1), that share
 * of the rows repeat an earlier row's title under another reference, the
 * way organisations write it: with "IEEE Standard for" or "Information
 * technology —" in front, a hyphen inside a word, in capitals, with a
 * trademark sign or an acronym in parentheses, or a word shorter (for
 * bench/duplicates.sh). With VOCAB > 0, titles are drawn from that many
 * made-up words with Zipf frequencies (word k weighs 1/(k+1)), as in real
 * titles: a few words common, most rare; the built-in list has about 100
 * words, all common. With VOCAB the path of an Annex 1 CSV file (the
 * bundled data/examples/metaverse-standards.csv), titles and summaries
 * are drawn from the words of its Title and Summary cells, each as often
 * as it occurs there: the real dataset's vocabulary and frequencies.
 * Without these the output is what it always was. */
#include <csv.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned long long rnd(void)
{
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static const char *const words[] = {
    "metaverse", "immersive", "media", "virtual", "reality", "augmented",
    "digital", "twin", "twins", "avatar", "representation", "interface",
    "framework", "requirements", "architecture", "reference", "model",
    "interoperability", "scene", "description", "coding", "compression",
    "point", "cloud", "haptics", "mesh", "volumetric", "video", "audio",
    "identity", "security", "privacy", "trust", "network", "edge",
    "computing", "latency", "service", "services", "application",
    "platform", "asset", "assets", "exchange", "synchronization",
    "rendering", "graphics", "3D", "spatial", "positioning", "sensor",
    "sensors", "device", "devices", "display", "head-mounted", "XR",
    "learning", "education", "training", "tourism", "city", "smart",
    "economy", "payment", "ethics", "accessibility", "quality", "experience",
    "QoE", "performance", "evaluation", "methodology", "terminology",
    "vocabulary", "concepts", "guidelines", "use", "cases", "physical",
    "worlds", "integration", "format", "transport", "streaming", "protocol",
    "API", "web", "browser", "human", "factors", "safety", "health",
    "interaction", "gesture", "tracking", "localization", "map", "geospatial",
    "content", "creation", "authoring", "distribution", "management"};
static const char *const sdos[] = {
    "ISO/IEC JTC 1/SC 29", "ISO/IEC JTC 1/SC 24", "ISO/IEC JTC 1/SC 36",
    "ITU-T SG16",          "ITU-T SG20",          "ITU-T SG21",
    "ITU-T FG-MV",         "IEEE",                "3GPP SA4",
    "3GPP SA1",            "ETSI ISG ARF",        "W3C",
    "OGC",                 "Khronos Group",       "IEC TC 100",
    "MPAI"};
static const char *const types[] = {
    "Standard",       "Draft Standard",   "Technical Report",
    "Technical Specification", "Recommendation", "Draft Recommendation",
    "Specification"};
static const char *const statuses[] = {"Published", "Under development",
                                       "In force", "DIS", "Active PAR",
                                       "Withdrawn"};
static const char *const cats[] = {
    "General", "Application/Service", "Enabling Technology",
    "Interoperability", "Infrastructure",
    "Enabling Technology; Interoperability",
    "Application/Service; Infrastructure"};

#define PICK(a) a[rnd() % (sizeof a / sizeof a[0])]
#define NWORDS (sizeof words / sizeof words[0])
#define MAXTITLE 11

/* The titles so far, as word numbers, for DUPRATE. */
static unsigned (*titles)[MAXTITLE];
static unsigned char *title_len;

/* VOCAB: the made-up title vocabulary's cumulative weights. */
static unsigned long vocab;
static double *zipf;

/* VOCAB = a dataset: its distinct words (lower case, ASCII letters,
 * digits, '-' and any UTF-8 byte), with cumulative weights in zipf[]. */
static char **dswords;
static unsigned long *dscount, ndswords, capds;
static int title_col = -1, summary_col = -1, col;
static char cell_word[64];

static void ds_add(const char *w)
{
  unsigned long i;

  /* a few thousand distinct words: a linear search is quick enough */
  for (i = 0; i < ndswords; i++)
    if (strcmp(dswords[i], w) == 0) {
      dscount[i]++;
      return;
    }
  if (ndswords == capds) {
    capds = capds ? capds * 2 : 1024;
    dswords = realloc(dswords, capds * sizeof *dswords);
    dscount = realloc(dscount, capds * sizeof *dscount);
    if (!dswords || !dscount) {
      fputs("gen_register: out of memory\n", stderr);
      exit(1);
    }
  }
  dswords[ndswords] = strdup(w);
  if (!dswords[ndswords]) {
    fputs("gen_register: out of memory\n", stderr);
    exit(1);
  }
  dscount[ndswords++] = 1;
}

/* libcsv: a cell of the header names the columns; a Title or Summary cell
 * of a row gives its words. */
static void on_cell(void *s, size_t len, void *ud)
{
  const char *p = s;
  size_t i, n = 0;
  int header = *(int *)ud, alnum = 0;

  if (header) {
    if (len >= 5 && strncasecmp(p, "Title", 5) == 0)
      title_col = col;
    else if (len >= 7 && strncasecmp(p, "Summary", 7) == 0)
      summary_col = col;
  } else if (col == title_col || col == summary_col) {
    for (i = 0; i <= len; i++) {
      unsigned char c = i < len ? (unsigned char)p[i] : ' ';
      if (isalnum(c) || c == '-' || c >= 0x80) {
        if (n + 1 < sizeof cell_word)
          cell_word[n++] = (char)tolower(c);
        alnum |= isalnum(c) != 0;
        continue;
      }
      /* a word has a letter or digit: not a dash or a quote mark alone */
      if (n >= 2 && cell_word[0] != '-' && alnum) {
        cell_word[n] = '\0';
        ds_add(cell_word);
      }
      n = 0;
      alnum = 0;
    }
  }
  col++;
}

static void on_row(int c, void *ud)
{
  (void)c;
  *(int *)ud = 0;
  col = 0;
}

/* Read the dataset `path` (an Annex 1 CSV) into dswords/zipf. */
static void load_dataset(const char *path)
{
  struct csv_parser p;
  char buf[65536];
  size_t n, i;
  double sum = 0;
  int header = 1;
  FILE *f = fopen(path, "rb");

  if (!f || csv_init(&p, CSV_APPEND_NULL) != 0) {
    fprintf(stderr, "gen_register: cannot read %s\n", path);
    exit(1);
  }
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    if (csv_parse(&p, buf, n, on_cell, on_row, &header) != n) {
      fprintf(stderr, "gen_register: %s: %s\n", path,
              csv_strerror(csv_error(&p)));
      exit(1);
    }
  csv_fini(&p, on_cell, on_row, &header);
  csv_free(&p);
  fclose(f);
  if (title_col < 0 || !ndswords) {
    fprintf(stderr, "gen_register: %s has no Title column with words\n",
            path);
    exit(1);
  }
  vocab = ndswords;
  zipf = malloc(vocab * sizeof *zipf);
  if (!zipf) {
    fputs("gen_register: out of memory\n", stderr);
    exit(1);
  }
  for (i = 0; i < vocab; i++)
    zipf[i] = sum += (double)dscount[i];
  for (i = 0; i < vocab; i++)
    zipf[i] /= sum;
}

/* Title word k: from the built-in list, from the dataset, or made up of
 * syllables. The result is valid until the next call. */
static const char *word(unsigned long k)
{
  static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa", "te",
                                    "vi", "zo", "pa", "di", "fe", "gu", "ho",
                                    "ji", "ba", "ce", "ly", "wo", "xa"};
  static char buf[32];
  char digits[16];
  int n = 0, len = 0;

  if (!vocab)
    return words[k];
  if (dswords)
    return dswords[k];
  for (k += 20; k; k /= 20)
    digits[n++] = (char)(k % 20);
  while (n--) {
    memcpy(buf + len, syl[(int)digits[n]], 2);
    len += 2;
  }
  buf[len] = '\0';
  return buf;
}

static unsigned long pick_title_word(void)
{
  double u;
  unsigned long lo = 0, hi;

  if (!vocab)
    return rnd() % NWORDS;
  u = (double)(rnd() >> 11) / (double)(1ULL << 53);
  for (hi = vocab - 1; lo < hi;) {
    unsigned long mid = (lo + hi) / 2;
    if (zipf[mid] < u)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void put_word(const char *w, int capital, int upper)
{
  const char *p;

  for (p = w; *p; p++)
    putchar((upper || (capital && p == w)) && *p >= 'a' && *p <= 'z'
                ? *p - 32
                : *p);
}

/* Write the first character of `w`, capitalised if ASCII: all of its
 * UTF-8 bytes (the dataset's words may start with one that is not). */
static void put_initial(const char *w)
{
  size_t n = 1;

  if (w[0] >= 'a' && w[0] <= 'z') {
    putchar(w[0] - 32);
    return;
  }
  while (w[n] && ((unsigned char)w[n] & 0xC0) == 0x80)
    n++;
  fwrite(w, 1, n, stdout);
}

/* 1 if the first `n` bytes of `w` are ASCII. */
static int ascii_prefix(const char *w, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (!w[i] || (unsigned char)w[i] >= 0x80)
      return 0;
  return 1;
}

/* Title `src` written the way variant `v` writes it. */
static void title_variant(unsigned long src, int v)
{
  const unsigned *t = titles[src];
  int n = title_len[src], i;

  if (v == 0)
    fputs("IEEE Standard for ", stdout);
  else if (v == 1)
    fputs("Information technology \xE2\x80\x94 ", stdout);
  if (v == 5 && n > 4)
    n--;
  for (i = 0; i < n; i++) {
    const char *w = word(t[i]);
    if (i)
      putchar(' ');
    if (v == 2 && i == 0 && strlen(w) > 5 && !strchr(w, '-') &&
        ascii_prefix(w, 4)) {
      /* "Meta-verse": a hyphen inside a word */
      put_initial(w);
      fwrite(w + 1, 1, 3, stdout);
      putchar('-');
      fputs(w + 4, stdout);
      continue;
    }
    put_word(w, i == 0 && v != 0, v == 3);
    if (v == 4 && i == 0)
      fputs("\xE2\x84\xA2", stdout); /* trademark sign */
  }
  if (v == 6) {
    fputs(" (", stdout);
    for (i = 0; i < n && i < 3; i++)
      put_initial(word(t[i]));
    putchar(')');
  }
}

/* `nwords` random words; with `keep`, a title remembered as title
 * `keep - 1`. */
static void text(int nwords, int capital, unsigned long keep)
{
  int i;

  for (i = 0; i < nwords; i++) {
    unsigned long k = keep || dswords ? pick_title_word() : rnd() % NWORDS;
    const char *w = keep || dswords ? word(k) : words[k];
    if (keep && i < MAXTITLE) {
      titles[keep - 1][i] = (unsigned)k;
      title_len[keep - 1] = (unsigned char)(i + 1);
    }
    if (i)
      putchar(' ');
    if (i == 0 && capital && w[0] >= 'a' && w[0] <= 'z') {
      putchar(w[0] - 32);
      fputs(w + 1, stdout);
    } else {
      fputs(w, stdout);
    }
  }
}

/* A reference unique for row i, in the style of its SDO family. */
static void reference(const char *sdo, unsigned long i)
{
  if (strncmp(sdo, "ISO/IEC", 7) == 0)
    printf("ISO/IEC %lu-%lu", 30000 + i / 50, i % 50 + 1);
  else if (strncmp(sdo, "IEC", 3) == 0)
    printf("IEC %lu-%lu", 70000 + i / 50, i % 50 + 1);
  else if (strcmp(sdo, "ITU-T FG-MV") == 0)
    printf("FGMV-%lu", 100 + i);
  else if (strncmp(sdo, "ITU-T", 5) == 0)
    printf("ITU-T %c.%lu", "FHYX"[i % 4], 10000 + i);
  else if (strcmp(sdo, "IEEE") == 0)
    printf(i % 3 ? "IEEE %lu.%lu-2024" : "IEEE P%lu.%lu", 4000 + i / 20,
           i % 20 + 1);
  else if (strncmp(sdo, "3GPP", 4) == 0)
    printf("3GPP T%c %lu.%03lu", i % 2 ? 'R' : 'S', 30 + i / 1000,
           i % 1000);
  else if (strncmp(sdo, "ETSI", 4) == 0)
    printf("ETSI GS ARF %lu", 100 + i);
  else if (strcmp(sdo, "W3C") == 0)
    printf("spec-%lu", i);
  else if (strcmp(sdo, "OGC") == 0)
    printf("OGC %02lu-%03lu", 30 + i / 1000, i % 1000);
  else
    printf("%s %lu", sdo, i);
}

int main(int argc, char **argv)
{
  unsigned long n, i;
  double duprate = 0;

  if (argc < 2) {
    fputs("usage: gen_register N [SEED [DUPRATE [VOCAB | DATASET.csv]]]\n",
          stderr);
    return 2;
  }
  n = strtoul(argv[1], NULL, 10);
  if (argc > 2)
    state ^= strtoull(argv[2], NULL, 10) * 2654435761ULL;
  if (argc > 3) {
    duprate = strtod(argv[3], NULL);
    if (!(duprate >= 0 && duprate <= 1)) {
      fputs("gen_register: DUPRATE is a share from 0 to 1\n", stderr);
      return 2;
    }
    titles = malloc((n ? n : 1) * sizeof *titles);
    title_len = malloc(n ? n : 1);
    if (!titles || !title_len) {
      fputs("gen_register: out of memory\n", stderr);
      return 1;
    }
  }
  if (argc > 4 && !isdigit((unsigned char)argv[4][0])) {
    load_dataset(argv[4]);
  } else if (argc > 4) {
    double sum = 0;
    vocab = strtoul(argv[4], NULL, 10);
    if (vocab > 100000) {
      fputs("gen_register: VOCAB is at most 100000\n", stderr);
      return 2;
    }
    zipf = malloc((vocab ? vocab : 1) * sizeof *zipf);
    if (!zipf) {
      fputs("gen_register: out of memory\n", stderr);
      return 1;
    }
    for (i = 0; i < vocab; i++)
      zipf[i] = sum += 1.0 / (double)(i + 1);
    for (i = 0; i < vocab; i++)
      zipf[i] /= sum;
  }
  puts("SDO / Org.,Reference,Type,Title,Status,Category,Summary");
  for (i = 0; i < n; i++) {
    const char *sdo = PICK(sdos);
    printf("%s,", sdo);
    reference(sdo, i);
    printf(",%s,", PICK(types));
    if (titles && i && rnd() % 1000000 < duprate * 1000000) {
      unsigned long src = rnd() % i;
      title_variant(src, (int)(rnd() % 7));
      memcpy(titles[i], titles[src], sizeof titles[i]);
      title_len[i] = title_len[src];
    } else {
      text(4 + (int)(rnd() % 8), 1, titles ? i + 1 : 0);
    }
    printf(",%s,\"%s\",\"", PICK(statuses), PICK(cats));
    text(12 + (int)(rnd() % 16), 1, 0);
    puts(".\"");
  }
  free(titles);
  free(title_len);
  free(zipf);
  for (i = 0; i < ndswords; i++)
    free(dswords[i]);
  free(dswords);
  free(dscount);
  return 0;
}

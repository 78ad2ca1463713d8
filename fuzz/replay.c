/* replay.c - a plain driver for the fuzz harnesses, built with the
 * ordinary compiler (no libFuzzer needed): feeds every file named on the
 * command line, or found in a directory named there, to
 * LLVMFuzzerTestOneInput() once. ctest runs it over fuzz/corpus/<h>/ and
 * fuzz/regress/<h>/ (every past crash input), so `make test` replays them
 * all, under ASan+UBSan in `make asan`. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long replayed;

static int run_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t len = 0, cap = 0, n;

  if (!f) {
    fprintf(stderr, "%s: cannot open\n", path);
    return 1;
  }
  for (;;) {
    if (len == cap) {
      unsigned char *nb = realloc(buf, cap ? cap * 2 : 4096);
      if (!nb) {
        free(buf);
        fclose(f);
        return 1;
      }
      buf = nb;
      cap = cap ? cap * 2 : 4096;
    }
    n = fread(buf + len, 1, cap - len, f);
    if (!n)
      break;
    len += n;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, len);
  free(buf);
  replayed++;
  return 0;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
  struct stat st;
  DIR *d;
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  int bad = 0;

  if (stat(path, &st) != 0)
    return 0; /* a harness may have no regression inputs yet */
  if (!S_ISDIR(st.st_mode))
    return run_file(path);
  d = opendir(path);
  if (!d)
    return 1;
  while ((e = readdir(d)) != NULL) {
    size_t l;
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
      if (!nn)
        return 1;
      names = nn;
    }
    l = strlen(path) + strlen(e->d_name) + 2;
    names[n] = malloc(l);
    if (!names[n])
      return 1;
    snprintf(names[n++], l, "%s/%s", path, e->d_name);
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, by_name);
  for (i = 0; i < n; i++) {
    bad |= run_file(names[i]);
    free(names[i]);
  }
  free(names);
  return bad;
}

int main(int argc, char **argv)
{
  int i, bad = 0;

  for (i = 1; i < argc; i++)
    bad |= run_path(argv[i]);
  printf("replayed %ld inputs\n", replayed);
  return bad || replayed == 0;
}

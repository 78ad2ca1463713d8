/* gen_register.c - write a synthetic but realistic register as an Annex 1
 * CSV, for benchmarks: N rows, unique references across the SDO families
 * of the bundled dataset, titles and summaries drawn from its vocabulary.
 *
 * Usage: gen_register N [SEED] > file.csv
 * Deterministic for a given N and SEED. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void text(int nwords, int capital)
{
  int i;

  for (i = 0; i < nwords; i++) {
    const char *w = PICK(words);
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

  if (argc < 2) {
    fputs("usage: gen_register N [SEED]\n", stderr);
    return 2;
  }
  n = strtoul(argv[1], NULL, 10);
  if (argc > 2)
    state ^= strtoull(argv[2], NULL, 10) * 2654435761ULL;
  puts("SDO / Org.,Reference,Type,Title,Status,Category,Summary");
  for (i = 0; i < n; i++) {
    const char *sdo = PICK(sdos);
    printf("%s,", sdo);
    reference(sdo, i);
    printf(",%s,", PICK(types));
    text(4 + (int)(rnd() % 8), 1);
    printf(",%s,\"%s\",\"", PICK(statuses), PICK(cats));
    text(12 + (int)(rnd() % 16), 1);
    puts(".\"");
  }
  return 0;
}

/* readers.c - the registry of input readers: which reader serves which
 * format name or file extension. A new reader (DOCX, XLSX...) adds a line
 * to the table. */
#include <stddef.h>

#include "import.h"
#include "util.h"

static const struct {
  const char *name;
  const mvr_reader_ops *reader;
} readers[] = {
    {"csv", &mvr_reader_csv},
    {"tsv", &mvr_reader_csv},
    {"txt", &mvr_reader_csv},
    {"json", &mvr_reader_json},
    {"docx", &mvr_reader_docx},
    {"docm", &mvr_reader_docx},
    {"xlsx", &mvr_reader_xlsx},
    {"xlsm", &mvr_reader_xlsx},
};

const mvr_reader_ops *mvr_reader_for(const char *format)
{
  size_t i;

  if (!format)
    return NULL;
  for (i = 0; i < MVR_ARRAY_SIZE(readers); i++)
    if (mvr_strcaseeq(format, readers[i].name))
      return readers[i].reader;
  return NULL;
}

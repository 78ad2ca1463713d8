# The CSV reader's diagnostics: unknown category (with the closest one),
# missing reference, unknown status, a row with an unquoted comma; then
# invalid UTF-8 (byte offset), an unclosed quote and a wrong header.
# Nothing of a bad file is stored.
check tests/golden/cases/inputs/bad.csv
import --date 2025-10-09 tests/golden/cases/inputs/bad.csv
check --format json tests/golden/cases/inputs/bad.csv
import --date 2025-10-09 tests/golden/cases/inputs/bad-utf8.csv
import --date 2025-10-09 tests/golden/cases/inputs/bad-quote.csv
import --date 2025-10-09 tests/golden/cases/inputs/bad-header.csv
export --format json

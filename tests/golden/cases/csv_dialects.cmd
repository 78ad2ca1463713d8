# CSV dialects that must import: semicolon-separated, tab-separated (.tsv)
# and a UTF-8 BOM with CRLF line ends.
import --date 2025-10-09 tests/golden/cases/inputs/semicolon.csv
import --date 2025-10-09 tests/golden/cases/inputs/tab.tsv
import --date 2025-10-09 tests/golden/cases/inputs/bom-crlf.csv
export --format json

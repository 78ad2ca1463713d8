# The CSV writer: the template's columns first, quoting, and cells that
# start with = + - @ neutralised with an apostrophe.
import --date 2025-10-09 tests/golden/cases/inputs/formula.csv
export --format csv
export --format json

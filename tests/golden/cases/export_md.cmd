# The Markdown writer: counts, then one table per category; an entry in
# two categories appears in both; | in a cell is escaped.
import --date 2025-10-09 tests/golden/cases/inputs/roadmap.csv
export --format md
export --format md --status Published

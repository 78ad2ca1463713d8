# Releases: freeze the roadmap, change it, freeze it again; diff two
# releases as JSON (the stable shape of docs/diff.md) and Markdown, a
# release against the current roadmap, "as of" listings and exports, and
# one entry's history across releases and submissions.
import --date 2025-01-10 tests/golden/cases/inputs/release-v1.csv
release create R1 --date 2025-01-20 --note "JCA-MV meeting 1"
import --date 2025-05-10 tests/golden/cases/inputs/release-v2.csv
release create R2 --date 2025-05-20
release create R2
import --date 2025-10-10 tests/golden/cases/inputs/release-v3.csv
diff --format json R1 R2
diff --format md R1 R2
diff R2 current
diff --format json R2 R2
list --as-of R1
export --release R1 --format csv
search --as-of R2 cyber
history "Rec. ITU-T H.266"
history --format json "ISO/IEC 23090-2"
diff R1 R9
list --as-of R9

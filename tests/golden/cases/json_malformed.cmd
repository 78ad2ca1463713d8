# The JSON reader's diagnostics: not an array, a duplicate key, wrong
# value types.
import --date 2025-10-09 tests/golden/cases/inputs/bad-object.json
import --date 2025-10-09 tests/golden/cases/inputs/bad-dup.json
import --date 2025-10-09 tests/golden/cases/inputs/bad-type.json
check --format json tests/golden/cases/inputs/bad-type.json
export --format json

# check of a file with warnings only: an unknown organisation, a URL that
# is not a web address, a repeated template column, a reference given
# twice, and a note for a column that is not in the template. Valid, so
# exit 0; nothing is stored.
check tests/golden/cases/inputs/warnings.csv
check --format json tests/golden/cases/inputs/warnings.csv

# The JSON reader: an array of entry objects with keys as in the JSON
# export; variants are normalised (SG 21, Rec., In force, DIS, S1, TR),
# categories come as an array or a comma list, "category" is accepted
# for "categories", and export-only keys (id, first_seen) are ignored.
import --date 2025-10-09 --doc JCA-MV-Doc-021 tests/golden/cases/inputs/entries.json
export --format json
list --format csv
stats --format json

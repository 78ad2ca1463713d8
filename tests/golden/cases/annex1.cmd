# The six example rows of the seed's Annex 1, imported and exported.
import --date 2025-10-09 data/examples/annex1-examples.csv
export --format json
export --format csv
list

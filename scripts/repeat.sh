#!/usr/bin/env bash
# Writes a CSV export's header once, then its rows again and again, until
# the output holds at least MB megabytes: a small real export made as large
# as the exports a timing needs, with its own shape of values.
#
#   scripts/repeat.sh FILE MB > OUT
#
# The header must be one line (an export's is); the rows may span lines.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/repeat.sh FILE MB > OUT" >&2; exit 2; }
file=$1 want=$(($2 * 1000000))
[ -r "$file" ] || { echo "$file: cannot read it" >&2; exit 2; }
rows=$(($(wc -c < "$file") - $(head -1 "$file" | wc -c)))
[ "$rows" -gt 0 ] || { echo "$file: has no rows to repeat" >&2; exit 2; }
# A file whose last row has no line break gets one after each copy, so
# that it does not run into the next copy's first row.
broken=0
[ -z "$(tail -c 1 "$file")" ] || broken=1
head -1 "$file"
written=$(head -1 "$file" | wc -c)
while [ "$written" -lt "$want" ]; do
  tail -n +2 "$file"
  [ "$broken" -eq 0 ] || echo
  written=$((written + rows + broken))
done

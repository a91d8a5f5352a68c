#!/usr/bin/env bash
# Whether two builds print the same JSON, byte for byte: what a change made
# only for speed must leave as it was.
#
#   scripts/same-json.sh OLD NEW     two fieldmatch binaries (build each and copy
#                                    it aside: target/ holds one at a time)
#
# It runs both on the bundled sample, on every companies file of the real
# exports in tests/real against its accounts, and on the seven generated id
# shapes at 100k; each by default and with --no-fuzzy, --sample 10000,
# --sample 0 and --no-attributes; on one thread and on two. The checklist's
# day is fixed (--as-of), so that the runs do not depend on the date. It
# prints each case that differs, then the count of cases alike, and exits 1
# if any differ. The id-shape exports are made by scripts/id-export.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
  echo "usage: scripts/same-json.sh OLD NEW" >&2
  exit 2
fi
old=$1 new=$2
for bin in "$old" "$new"; do
  [ -x "$bin" ] || { echo "$bin: not an executable" >&2; exit 2; }
done

pairs=("data/companies.csv data/accounts.csv")
for accounts in tests/real/*/accounts.csv tests/real/*/*/accounts.csv; do
  for companies in "$(dirname "$accounts")"/companies*.csv; do
    pairs+=("$companies $accounts")
  done
done
for style in numbers mixed hex slug domain name sfid; do
  dir=$(scripts/id-export.sh "$style-100k")
  pairs+=("$dir/companies.csv $dir/accounts.csv")
done

# the JSON and exit code of one run
run() {
  local bin=$1 threads=$2
  shift 2
  RAYON_NUM_THREADS=$threads "$bin" -q --format json --as-of 2026-12-02 "$@" 2>&1 || echo "exit $?"
}

alike=0 differ=0
for pair in "${pairs[@]}"; do
  read -r companies accounts <<<"$pair"
  for flags in "" "--no-fuzzy" "--sample 10000" "--sample 0" "--no-attributes"; do
    for threads in 1 2; do
      # shellcheck disable=SC2086
      if [ "$(run "$old" "$threads" $flags "$companies" "$accounts")" == \
        "$(run "$new" "$threads" $flags "$companies" "$accounts")" ]; then
        alike=$((alike + 1))
      else
        differ=$((differ + 1))
        echo "differs: $companies $accounts ${flags:-(default)}, $threads thread(s)"
      fi
    done
  done
done
echo "$alike cases alike, $differ differ (${#pairs[@]} export pairs)"
[ "$differ" -eq 0 ]

#!/usr/bin/env bash
# Where a run waits rather than works: each function's share of the time
# (perf's samples of the CPU clock) beside its share of the instructions
# (valgrind's cachegrind), on one thread, for a generated export or a real
# register.
#
#   scripts/stalls.sh STYLE-SIZE [FLAG ...]   STYLE one of numbers mixed hex slug
#                                             domain name sfid, SIZE one of 100k 1m 5m;
#                                             FLAGs are passed on (e.g. --no-fuzzy)
#   scripts/stalls.sh real-CC [FLAG ...]      a register nobody here generated: the
#                                             public bodies of tests/real/publicbodies/CC,
#                                             repeated to 30 MB, against its slugs
#   BIN=path/to/fieldmatch scripts/stalls.sh ...   profile another build
#   RUNS=N scripts/stalls.sh ...                   average N timed runs (default 3)
#
# A function whose share of the time is several times its share of the
# instructions spends its time waiting: on memory, most often, a table read
# at a random place that the cells streaming through the cache have pushed
# out. Instruction counts cannot see that, and wall times on a shared
# machine move too much to show it; the shares come from the same runs, so
# the machine's speed moves both sides alike. The ratio column is time over
# instructions, biggest first among the functions with at least 0.5% of the
# time.
#
# The two sides do not run quite the same code: valgrind hides AVX-512 from
# the program, which then takes its AVX2 and scalar paths. A function that
# exists only on one side (count_avx512, the kernel's copy of the file,
# libc's copies under their processor-specific names) has no ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
[ $# -ge 1 ] || { echo "usage: scripts/stalls.sh STYLE-SIZE|real-CC [FLAG ...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "${1%-*}" = real ]; then
  register=tests/real/publicbodies/${1#real-}
  [ -f "$register/accounts.csv" ] || { echo "unknown register $1" >&2; exit 2; }
  companies=$register/companies_slugs.csv
  accounts=$work/accounts.csv
  scripts/repeat.sh "$register/accounts.csv" 30 >"$accounts"
else
  dir=$(scripts/id-export.sh "$1")
  companies=$dir/companies.csv
  accounts=$dir/accounts.csv
fi
shift
cargo build --release --quiet --bin fieldmatch
bin=${BIN:-target/release/fieldmatch}
runs=${RUNS:-3}
run=("$bin" -q "$@" "$companies" "$accounts")

# Time: each function's share of the samples, averaged over the runs.
# perf ends as the run does: 1 is a run that worked and suggested no field.
for ((i = 1; i <= runs; i++)); do
  status=0
  RAYON_NUM_THREADS=1 perf record -q -F 9999 -o "$work/$i.perf" "${run[@]}" >/dev/null 2>&1 ||
    status=$?
  [ "$status" -le 1 ] || {
    echo "could not profile ${run[*]} (exit $status): run it alone to see why," \
      "or see whether perf may record (perf_event_paranoid)" >&2
    exit 2
  }
  perf report -i "$work/$i.perf" --no-children --sort sym --stdio 2>/dev/null |
    awk '/^ *[0-9.]+%/ { p = $1; sub("%", "", p); s = $0; sub(/^ *[0-9.]+% +\[[.k]\] /, "", s); print p "\t" s }'
done | awk -F'\t' -v runs="$runs" '{ a[$2] += $1 } END { for (k in a) printf "%.2f\t%s\n", a[k] / runs, k }' \
  >"$work/time"

# Instructions: each function's share of one run's, its lines' counts summed
# over the files they come from (code inlined from the standard library).
RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no \
  --cachegrind-out-file="$work/cg" "${run[@]}" >/dev/null 2>&1 || true
cg_annotate "$work/cg" 2>/dev/null | awk '
  /PROGRAM TOTALS/ { total = $1; gsub(",", "", total) }
  /file:function/ && !seen { listing = 1; next }
  listing && /^-+$/ { if (seen) listing = 0; next }
  listing && NF >= 3 {
    seen = 1; ir = $1; gsub(",", "", ir)
    s = $0; sub(/^[^)]*\) +/, "", s); sub(/^[^:]*:/, "", s)
    a[s] += ir
  }
  END { for (k in a) printf "%.2f\t%s\n", 100 * a[k] / total, k }' >"$work/instructions"
[ -s "$work/instructions" ] || { echo "valgrind counted no instructions of $bin" >&2; exit 2; }

echo "| function | time % | instructions % | time over instructions |"
echo "|---|---|---|---|"
awk -F'\t' '
  NR == FNR { ins[$2] = $1; next }
  $1 >= 0.5 {
    r = ($2 in ins && ins[$2] > 0) ? $1 / ins[$2] : -1
    printf "%s\t| %s | %.2f | %s | %s |\n", r, $2, $1, ($2 in ins) ? ins[$2] : "-",
      r < 0 ? "-" : sprintf("%.2f", r)
  }' "$work/instructions" "$work/time" | sort -t$'\t' -k1,1 -gr | cut -f2-

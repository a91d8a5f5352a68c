#!/usr/bin/env bash
# Instructions that one run of fieldmatch executes on the generated exports of
# each id shape, counted by valgrind's cachegrind on one thread.
#
#   scripts/instructions.sh [STYLE-SIZE ...]   STYLE one of numbers mixed hex slug
#                                              domain name sfid, SIZE one of 100k 1m 5m
#                                              (default: the seven styles at 100k)
#   BIN=path/to/fieldmatch scripts/instructions.sh ...   count another build
#
# The count is the same for the same build and export whatever else the
# machine is doing, so it tells two builds apart where wall times, which move
# with a shared machine's speed, cannot. It is not time: a change that spares
# the processor waiting (on memory, on a mispredicted branch) may run as many
# instructions or more, and only timing in pairs (scripts/bench.sh) shows it.
# Run it alone: where threads wait for each other they spin, and a machine
# busy with other work makes them spin longer (up to 0.4% more instructions, seen
# with two counts run at once).
# The exports are made by scripts/id-export.sh, as scripts/bench.sh's are.
#
# Beside each count, the baseline's (the one-thread parse that
# scripts/bench.sh times the tool against), and half the tool's count over
# it: what each of two cores runs where the work splits evenly, against what
# the baseline runs on its one. The wall-time ratio that bench.sh measures
# differs from it by how fast a core runs each program's instructions, and
# by how evenly the tool's work splits.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
if [ $# -gt 0 ]; then exports=("$@"); else
  exports=(numbers-100k mixed-100k hex-100k slug-100k domain-100k name-100k sfid-100k)
fi

# count DIR FLAG... and count_baseline DIR: instructions (millions) of one run
source scripts/count.sh

# Every export is made (or found) before the first is counted: a name
# that is no export's stops the script before it counts any.
dirs=()
for export in "${exports[@]}"; do
  dir=$(scripts/id-export.sh "$export")
  dirs+=("$dir")
done
cargo build --release --quiet --bin fieldmatch --example generate --example baseline
bin=${BIN:-target/release/fieldmatch}

# M / 2 over BASELINE
half_over() { awk -v m="$1" -v b="$2" 'BEGIN { printf "%.2f", m / 2 / b }'; }

printf '| export | baseline (M instructions) | default (M instructions) | half over baseline |'
printf ' --no-fuzzy (M instructions) | half over baseline |\n|---|---|---|---|---|---|\n'
for i in "${!exports[@]}"; do
  export=${exports[$i]} dir=${dirs[$i]}
  base=$(count_baseline "$dir") default=$(count "$dir") nofuzzy=$(count "$dir" --no-fuzzy)
  if [ -z "$base" ] || [ -z "$default" ] || [ -z "$nofuzzy" ]; then
    echo "valgrind counted no instructions of $bin or the baseline on $dir" >&2
    exit 2
  fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$export" "$base" "$default" \
    "$(half_over "$default" "$base")" "$nofuzzy" "$(half_over "$nofuzzy" "$base")"
done

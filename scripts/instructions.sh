#!/usr/bin/env bash
# Instructions that one run of fieldmatch executes on the generated exports of
# each id shape, counted by valgrind's cachegrind on one thread.
#
#   scripts/instructions.sh [STYLE-SIZE ...]   STYLE one of numbers mixed hex slug
#                                              domain name sfid, SIZE one of 100k 1m
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
# Exports are generated into bench-data/ as scripts/bench.sh makes them.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
if [ $# -gt 0 ]; then exports=("$@"); else
  exports=(numbers-100k mixed-100k hex-100k slug-100k domain-100k name-100k sfid-100k)
fi

# instructions (millions) of one run: fieldmatch FLAGS on DIR
count() {
  local dir=$1 out
  shift
  out=$(mktemp)
  RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$bin" -q "$@" "$dir/companies.csv" "$dir/accounts.csv" >/dev/null 2>"$out" || true
  awk '/I *refs:/ { gsub(",", "", $NF); printf "%.0f", $NF / 1e6 }' "$out"
  rm -f "$out"
}

# accounts in the export named STYLE-SIZE
accounts_of() {
  case ${1%-*} in numbers | mixed | hex | slug | domain | name | sfid) ;;
    *) echo "unknown id style in '$1'" >&2; return 2;;
  esac
  case ${1##*-} in 100k) echo 100000;; 1m) echo 1000000;;
    *) echo "unknown size in '$1': 100k or 1m" >&2; return 2;;
  esac
}
for export in "${exports[@]}"; do accounts_of "$export" >/dev/null || exit 2; done
cargo build --release --quiet --bin fieldmatch --example generate
bin=${BIN:-target/release/fieldmatch}

printf '| export | default (M instructions) | --no-fuzzy (M instructions) |\n|---|---|---|\n'
for export in "${exports[@]}"; do
  style=${export%-*}
  n=$(accounts_of "$export")
  dir=bench-data/$export
  if [ ! -f "$dir/accounts.csv" ]; then
    target/release/examples/generate --out "$dir" --accounts "$n" --companies $((n + n / 10)) \
      --extra-fields 28 --id-style "$style" --rich-text >/dev/null 2>&1
  fi
  default=$(count "$dir") nofuzzy=$(count "$dir" --no-fuzzy)
  if [ -z "$default" ] || [ -z "$nofuzzy" ]; then
    echo "valgrind counted no instructions of $bin on $dir" >&2
    exit 2
  fi
  printf '| %s | %s | %s |\n' "$export" "$default" "$nofuzzy"
done

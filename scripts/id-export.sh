#!/usr/bin/env bash
# Prints the directory of the generated export named STYLE-SIZE, making it
# first if it is not there: company ids of one shape, with text as people
# write it (examples/generate.rs --id-style STYLE --rich-text), 60 fields.
# The benchmark, the instruction counts and the JSON check read the same
# exports, so they are made in this one place.
#
#   scripts/id-export.sh STYLE-SIZE    STYLE one of numbers mixed hex slug domain
#                                      name sfid, SIZE one of 100k 1m 5m
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: scripts/id-export.sh STYLE-SIZE" >&2; exit 2; }
name=$1 style=${1%-*}
case $style in
  numbers | mixed | hex | slug | domain | name | sfid) ;;
  *) echo "unknown id style in '$name'" >&2; exit 2;;
esac
case ${name##*-} in
  100k) n=100000;; 1m) n=1000000;; 5m) n=5000000;;
  *) echo "unknown size in '$name': 100k, 1m or 5m" >&2; exit 2;;
esac
dir=bench-data/$name
if [ ! -f "$dir/accounts.csv" ]; then
  cargo build --release --quiet --example generate
  target/release/examples/generate --out "$dir" --accounts "$n" --companies $((n + n / 10)) \
    --extra-fields 28 --id-style "$style" --rich-text >/dev/null 2>&1
fi
echo "$dir"

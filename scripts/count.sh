# Sourced by scripts/instructions.sh and scripts/fields.sh, which set `bin`:
# the instructions (millions) that one run of `bin` executes on one thread,
# counted by valgrind's cachegrind.
#
#   count DIR [FLAG ...]   fieldmatch FLAGs on DIR/companies.csv and
#                          DIR/accounts.csv; prints nothing if valgrind
#                          counted none

count() {
  local dir=$1 out
  shift
  out=$(mktemp)
  RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$bin" -q "$@" "$dir/companies.csv" "$dir/accounts.csv" >/dev/null 2>"$out" || true
  awk '/I *refs:/ { gsub(",", "", $NF); printf "%.0f", $NF / 1e6 }' "$out"
  rm -f "$out"
}

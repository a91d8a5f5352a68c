# Sourced by scripts/instructions.sh and scripts/fields.sh, which set `bin`:
# the instructions (millions) that one run executes on one thread, counted
# by valgrind's cachegrind.
#
#   count DIR [FLAG ...]   fieldmatch FLAGs on DIR/companies.csv and
#                          DIR/accounts.csv; prints nothing if valgrind
#                          counted none
#   count_baseline DIR     the benchmark's baseline (examples/baseline.rs)
#                          on DIR/accounts.csv, built by the caller

count() {
  local dir=$1
  shift
  instructions "$bin" -q "$@" "$dir/companies.csv" "$dir/accounts.csv"
}

count_baseline() {
  instructions target/release/examples/baseline "$1/accounts.csv"
}

# instructions COMMAND...: what count and count_baseline print
instructions() {
  local out
  out=$(mktemp)
  RAYON_NUM_THREADS=1 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$@" >/dev/null 2>"$out" || true
  awk '/I *refs:/ { gsub(",", "", $NF); printf "%.0f", $NF / 1e6 }' "$out"
  rm -f "$out"
}

#!/usr/bin/env bash
# End-to-end benchmark: fieldmatch against a one-thread, parse-only baseline
# on generated Salesforce-like exports (60 fields; the wide ones more).
#
#   scripts/bench.sh [SIZE ...]     sizes: 10k 100k 1m 5m wide300 wide5000 wide100k
#                                   (default: 10k 100k 1m)
#   scripts/bench.sh STYLE-SIZE ... company ids of another shape, with text as
#                                   people write it (examples/generate.rs
#                                   --id-style STYLE --rich-text): STYLE is one
#                                   of numbers mixed hex slug domain name sfid,
#                                   SIZE one of 100k 1m 5m; e.g. mixed-1m
#
#   scripts/bench.sh book-SIZE      the numbers-SIZE export with its accounts saved as a
#                                   workbook (examples/workbook.rs) and read as .xlsx,
#                                   against the same accounts read as CSV; SIZE one of
#                                   100k 1m
#
#   scripts/bench.sh enc-SIZE       the numbers-SIZE accounts as exports come in other
#                                   encodings: gzip, Windows-1252 (characters it lacks
#                                   dropped) and UTF-16LE with a BOM; SIZE one of 100k 1m
#
#   scripts/bench.sh real-CC        a register nobody here generated: the public
#                                   bodies of tests/real/publicbodies/CC (CC one of
#                                   se gr), their accounts repeated to 300 MB, with
#                                   the register's slugs as company_id, which no
#                                   field holds, so that the bridge reads the
#                                   accounts again; run in pairs as the id shapes are
#
#   scripts/bench.sh all-ids        the 1m export with --sample 0 (every company id)
#                                   against the default run, in seven pairs run in
#                                   turn: each pair's wall times, their ratio and
#                                   the peak RSS of --sample 0, then the median ratio
#
# wide300 is 300 columns x 50,000 accounts; wide5000 is 5,000 columns x 1,000;
# wide100k is 100,000 columns x 100 (a header that must be read in linear time).
# Exports are generated once into bench-data/ (not committed), and read once,
# untimed, before a row is timed (see warm). Each command runs 3 times; the
# table shows the median wall time, its ratio to the baseline, the
# throughput over the accounts file, and the peak RSS. For the
# id shapes, each run of a command follows a run of the baseline, and the
# ratio is the median of the three pairs' ratios: a shared machine's speed
# drifts less within a pair than across the table. PAIRS=N (odd) runs N
# pairs for each id-shape row instead, for a machine whose speed moves more.
# A second table follows, of each paired row's fewest and most ratios: a
# median is only as good as the pairs around it agree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(10k 100k 1m); fi
pairs=${PAIRS:-3}
case $pairs in
  *[!0-9]* | '' | *[02468]) echo "PAIRS must be an odd number, not '$pairs'" >&2; exit 2;;
esac
cargo build --release --quiet --bin fieldmatch --example baseline --example generate --example workbook
bin=target/release/fieldmatch
baseline=target/release/examples/baseline

# accounts and extra (custom) fields of each size; every export has 32 standard fields
shape_of() {
  case $1 in
    *-100k) echo 100000 28;; *-1m) echo 1000000 28;; *-5m) echo 5000000 28;;
    10k) echo 10000 28;; 100k) echo 100000 28;; 1m) echo 1000000 28;; 5m) echo 5000000 28;;
    wide300) echo 50000 268;; wide5000) echo 1000 4968;; wide100k) echo 100 99968;;
    *) echo "unknown size $1" >&2; exit 2;;
  esac
}

# Reads FILE... once, untimed: every timed run, the baseline's first among
# them, then finds them in the page cache, as an export just saved is, and
# no run times the disk.
warm() { cat "$@" >/dev/null; }

# WALL over BASE
over() { awk -v w="$1" -v b="$2" 'BEGIN { print w / b }'; }

# one row of the table: SIZE COMMAND WALL RATIO MB RSS(KB); MB/s is MB over WALL
row() {
  awk -v s="$1" -v v="$2" -v w="$3" -v x="$4" -v mb="$5" -v r="$6" \
    'BEGIN { printf "| %s | %s | %.2f | %.2f | %.0f | %.0f |\n", s, v, w, x, (w > 0 ? mb / w : 0), r / 1024 }'
}

# median wall seconds and max RSS (KB) of 3 runs of "$@"
measure() {
  local walls=() rss=0 tmp
  tmp=$(mktemp)
  for _ in 1 2 3; do
    # exit 1 (no field suggested) is a result, not a failure
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>&1 || true
    read -r wall r < <(tail -n 1 "$tmp")
    walls+=("$wall")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  rm -f "$tmp"
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)" "$rss"
}

# median wall seconds of "$@", the median ratio of its walls to the
# baseline's run just before each, its max RSS (KB), and the fewest and most
# of those ratios
measure_paired() {
  local walls=() ratios=() rss=0 tmp base
  tmp=$(mktemp)
  for _ in $(seq "$pairs"); do
    /usr/bin/time -f '%e' -o "$tmp" "$baseline" "$dir/accounts.csv" >/dev/null 2>&1
    base=$(tail -n 1 "$tmp")
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>&1 || true
    read -r wall r < <(tail -n 1 "$tmp")
    walls+=("$wall")
    ratios+=("$(awk -v w="$wall" -v b="$base" 'BEGIN { printf "%.3f", (b > 0 ? w / b : 0) }')")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  rm -f "$tmp"
  local mid=$(((pairs + 1) / 2))
  mapfile -t ratios < <(printf '%s\n' "${ratios[@]}" | sort -n)
  printf '%s %s %s %s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")" \
    "${ratios[mid - 1]}" "$rss" "${ratios[0]}" "${ratios[pairs - 1]}"
}

# Each paired row's fewest, median and most ratios, for the table after the
# main one: how far apart its pairs read tells how far the machine's speed
# moved while the row ran.
spreads=()
# SIZE COMMAND FEWEST MEDIAN MOST
spread() {
  spreads+=("$(LC_ALL=C printf '| %s | %s | %.2f | %.2f | %.2f |' "$@")")
}

if [ "${1:-}" = all-ids ]; then
  dir=bench-data/1m
  if [ ! -f "$dir/accounts.csv" ]; then
    target/release/examples/generate --out "$dir" --accounts 1000000 --companies 1100000 \
      --extra-fields 28 >/dev/null 2>&1
  fi
  tmp=$(mktemp)
  ratios=()
  printf '| pair | default s | --sample 0 s | ratio | peak RSS MB |\n|---|---|---|---|---|\n'
  for pair in 1 2 3 4 5 6 7; do
    /usr/bin/time -f '%e' -o "$tmp" "$bin" -q "$dir/companies.csv" "$dir/accounts.csv" >/dev/null 2>&1 || true
    default=$(tail -n 1 "$tmp")
    /usr/bin/time -f '%e %M' -o "$tmp" "$bin" -q --sample 0 "$dir/companies.csv" "$dir/accounts.csv" \
      >/dev/null 2>&1 || true
    read -r all rss < <(tail -n 1 "$tmp")
    ratio=$(awk -v a="$all" -v d="$default" 'BEGIN { printf "%.2f", a / d }')
    ratios+=("$ratio")
    printf '| %s | %s | %s | %s | %.0f |\n' "$pair" "$default" "$all" "$ratio" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
  done
  rm -f "$tmp"
  printf 'median ratio: %s\n' "$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 4p)"
  exit 0
fi

# the numbers-shaped export of the size of KIND-SIZE, generated if absent;
# prints its directory
numbers_export() { scripts/id-export.sh "numbers-${1#*-}"; }

printf '| size | command | wall s | x baseline | MB/s | peak RSS MB |\n|---|---|---|---|---|---|\n'
for size in "${sizes[@]}"; do
  if [ "${size%-*}" = enc ]; then
    # The same accounts in each encoding; MB/s is over their UTF-8 CSV.
    csv=$(numbers_export "$size")
    dir=bench-data/$size
    if [ ! -f "$dir/accounts-utf16.csv" ]; then
      mkdir -p "$dir"
      gzip -c "$csv/accounts.csv" >"$dir/accounts.csv.gz"
      iconv -c -f UTF-8 -t WINDOWS-1252 "$csv/accounts.csv" >"$dir/accounts-1252.csv" || true
      { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$csv/accounts.csv"; } >"$dir/accounts-utf16.csv"
    fi
    mb=$(( $(stat -c %s "$csv/accounts.csv") / 1000000 ))
    warm "$csv"/*.csv "$dir"/accounts*
    read -r base base_rss < <(measure "$baseline" "$csv/accounts.csv")
    for variant in baseline utf-8 gzip windows-1252 utf-16le; do
      case $variant in
        baseline) wall=$base; rss=$base_rss;;
        utf-8) read -r wall rss < <(measure "$bin" -q "$csv/companies.csv" "$csv/accounts.csv");;
        gzip) read -r wall rss < <(measure "$bin" -q "$csv/companies.csv" "$dir/accounts.csv.gz");;
        windows-1252) read -r wall rss < <(measure "$bin" -q "$csv/companies.csv" "$dir/accounts-1252.csv");;
        *) read -r wall rss < <(measure "$bin" -q "$csv/companies.csv" "$dir/accounts-utf16.csv");;
      esac
      row "$size" "$variant" "$wall" "$(over "$wall" "$base")" "$mb" "$rss"
    done
    continue
  fi
  if [ "${size%-*}" = book ]; then
    # The accounts as a workbook; MB/s is over their CSV, as in every row.
    csv=$(numbers_export "$size")
    dir=bench-data/$size
    if [ ! -f "$dir/accounts.xlsx" ]; then
      mkdir -p "$dir"
      target/release/examples/workbook "$csv/accounts.csv" "$dir/accounts.xlsx"
    fi
    mb=$(( $(stat -c %s "$csv/accounts.csv") / 1000000 ))
    warm "$csv"/*.csv "$dir/accounts.xlsx"
    read -r base base_rss < <(measure "$baseline" "$csv/accounts.csv")
    for variant in "baseline" "csv: default" "xlsx: default" "xlsx: --no-fuzzy"; do
      case $variant in
        baseline) wall=$base; rss=$base_rss;;
        "csv: default") read -r wall rss < <(measure "$bin" -q "$csv/companies.csv" "$csv/accounts.csv");;
        "xlsx: default") read -r wall rss < <(measure "$bin" -q "$csv/companies.csv" "$dir/accounts.xlsx");;
        *) read -r wall rss < <(measure "$bin" -q --no-fuzzy "$csv/companies.csv" "$dir/accounts.xlsx");;
      esac
      row "$size" "$variant" "$wall" "$(over "$wall" "$base")" "$mb" "$rss"
    done
    continue
  fi
  if [ "${size%-*}" = real ]; then
    register=tests/real/publicbodies/${size#real-}
    [ -f "$register/accounts.csv" ] || { echo "unknown register $size" >&2; exit 2; }
    dir=bench-data/$size
    if [ ! -f "$dir/accounts.csv" ]; then
      mkdir -p "$dir"
      scripts/repeat.sh "$register/accounts.csv" 300 >"$dir/accounts.csv"
    fi
    mb=$(( $(stat -c %s "$dir/accounts.csv") / 1000000 ))
    companies=$register/companies_slugs.csv
    warm "$companies" "$dir/accounts.csv"
    read -r base base_rss < <(measure "$baseline" "$dir/accounts.csv")
    row "$size" baseline "$base" 1 "$mb" "$base_rss"
    for variant in "" "--no-fuzzy" "--no-fuzzy --bridge never"; do
      # shellcheck disable=SC2086
      read -r wall ratio rss least most < <(measure_paired "$bin" -q $variant "$companies" \
        "$dir/accounts.csv")
      row "$size" "${variant:-default}" "$wall" "$ratio" "$mb" "$rss"
      spread "$size" "${variant:-default}" "$least" "$ratio" "$most"
    done
    continue
  fi
  read -r n extra < <(shape_of "$size")
  dir=bench-data/$size
  style=
  case $size in *-*) style=${size%-*};; esac
  if [ -n "$style" ]; then
    dir=$(scripts/id-export.sh "$size")
  elif [ ! -f "$dir/accounts.csv" ]; then
    target/release/examples/generate --out "$dir" --accounts "$n" --companies $((n + n / 10)) \
      --extra-fields "$extra" >/dev/null 2>&1
  fi
  mb=$(( $(stat -c %s "$dir/accounts.csv") / 1000000 ))
  warm "$dir/companies.csv" "$dir/accounts.csv"
  if [ -n "$style" ]; then
    read -r base base_rss < <(measure "$baseline" "$dir/accounts.csv")
    for variant in "baseline" "default" "--no-fuzzy" "--sample 10000"; do
      if [ "$variant" = baseline ]; then
        wall=$base; ratio=1; rss=$base_rss
      elif [ "$variant" = default ]; then
        read -r wall ratio rss least most < <(measure_paired "$bin" -q "$dir/companies.csv" \
          "$dir/accounts.csv")
      else
        # shellcheck disable=SC2086
        read -r wall ratio rss least most < <(measure_paired "$bin" -q $variant "$dir/companies.csv" \
          "$dir/accounts.csv")
      fi
      row "$size" "$variant" "$wall" "$ratio" "$mb" "$rss"
      [ "$variant" = baseline ] || spread "$size" "$variant" "$least" "$ratio" "$most"
    done
    continue
  fi
  read -r base base_rss < <(measure "$baseline" "$dir/accounts.csv")
  out=$(mktemp -d)
  for variant in "baseline" "default" "--no-attributes" "--no-fuzzy" "--sample 10000" "--sample 0" "fix files" "no field (bridge)"; do
    if [ "$variant" = baseline ]; then
      wall=$base; rss=$base_rss
    elif [ "$variant" = default ]; then
      read -r wall rss < <(measure "$bin" -q "$dir/companies.csv" "$dir/accounts.csv")
    elif [ "$variant" = "fix files" ]; then
      # the work list and the update file: one more pass over the accounts
      read -r wall rss < <(measure "$bin" -q "$dir/companies.csv" "$dir/accounts.csv" \
        --emit-mapping "$out/mapping.csv" --emit-update "$out/update.csv")
    elif [ "$variant" = "no field (bridge)" ]; then
      # no field holds company_id: the bridge search reads both exports
      # again. The generator writes 7,040 distinct names, so a name is on
      # many accounts (a median of 121 at 1M) and names make no bridge; the
      # Stripe ids link about 40% of the companies, each to one
      # account, and at --min-rate 0.3 they are the bridge the data mapping
      # reads the accounts through once more.
      read -r wall rss < <(measure "$bin" -q "$dir/companies.csv" "$dir/accounts.csv" \
        --exclude Intercom_Company_ID__c,Legacy_Customer_ID__c,AccountNumber --min-rate 0.3)
    else
      # shellcheck disable=SC2086
      read -r wall rss < <(measure "$bin" -q $variant "$dir/companies.csv" "$dir/accounts.csv")
    fi
    row "$size" "$variant" "$wall" "$(over "$wall" "$base")" "$mb" "$rss"
  done
  rm -rf "$out"
done
if [ ${#spreads[@]} -gt 0 ]; then
  printf '\nThe ratios of the pairs of each paired row, fewest to most ("x baseline" is their median):\n\n'
  printf '| size | command | fewest | median | most |\n|---|---|---|---|---|\n'
  printf '%s\n' "${spreads[@]}"
fi

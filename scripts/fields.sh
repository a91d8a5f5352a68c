#!/usr/bin/env bash
# Where a run's instructions go, field by field: each group of Account fields
# of a generated export is compared alone beside `Id`, and the instructions
# it adds to a run that compares `Id` only are printed (millions, one thread,
# valgrind's cachegrind, as scripts/instructions.sh counts).
#
#   scripts/fields.sh STYLE-SIZE [FLAG ...]   STYLE one of numbers mixed hex slug
#                                             domain name sfid, SIZE one of 100k 1m 5m;
#                                             FLAGs are passed on (e.g. --no-fuzzy)
#   BIN=path/to/fieldmatch scripts/fields.sh ...   count another build
#
# Every run adds `--no-attributes --bridge never`: a run that compares one
# field that holds no id would otherwise search for a bridge and read the
# accounts again. The groups are those the generator writes
# (examples/generate.rs): its custom fields come in turn as a yes or no, a
# date, a number, a tier and a note. Run it alone, as the instruction counts.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }
[ $# -ge 1 ] || { echo "usage: scripts/fields.sh STYLE-SIZE [FLAG ...]" >&2; exit 2; }
dir=$(scripts/id-export.sh "$1")
shift
cargo build --release --quiet --bin fieldmatch
bin=${BIN:-target/release/fieldmatch}

source scripts/count.sh

# instructions (millions) of one run that compares the fields FIELDS, with FLAGs
compared() {
  local fields=$1 n
  shift
  n=$(count "$dir" --no-attributes --bridge never "$@" --fields "$fields")
  [ -n "$n" ] || { echo "valgrind counted no instructions of $bin on $dir (--fields $fields)" >&2; exit 2; }
  echo "$n"
}

# The custom fields of each kind, by their number's place in the turn.
custom() {
  head -1 "$dir/accounts.csv" | tr ',' '\n' | tr -d '"\r' |
    awk -v kind="$1" -F_ '/^Custom_Field_[0-9]+__c$/ && $3 % 5 == kind' | paste -sd, -
}
groups=(
  "notes|$(custom 4)"
  "Description|Description"
  "Name|Name"
  "Intercom_Company_ID__c|Intercom_Company_ID__c"
  "BillingStreet|BillingStreet"
  "Website|Website"
  "Phone|Phone"
  "dates|CreatedDate,LastModifiedDate,$(custom 1)"
  "numbers|Sic,AnnualRevenue,NumberOfEmployees,BillingPostalCode,DunsNumber,$(custom 2)"
  "picklists|IsDeleted,Type,Industry,Ownership,Rating,AccountSource,Customer_Tier__c,BillingCountry,BillingState,$(custom 0),$(custom 3)"
)

alone=$(compared Id "$@")
printf '| fields added to Id (%s) | M instructions |\n|---|---|\n' "${*:-default}"
printf '| none | %s |\n' "$alone"
for group in "${groups[@]}"; do
  with=$(compared "Id,${group#*|}" "$@")
  printf '| %s | %s |\n' "${group%%|*}" "$((with - alone))"
done

#!/usr/bin/env python3
"""Derives the real-data cases in this directory from public, third-party
files (see README.md for each source, its licence and commit). Run it with
the directories of the two upstream checkouts:

    python3 make_cases.py DATALOADER_CHECKOUT PY_ENTITYMATCHING_CHECKOUT

It keeps each case small, drops columns that could hold personal data or
secrets (session ids, descriptions, people's names), renames headers to the
API names an export carries, and writes the companies exports that each case
pairs with them. The upstream values themselves are kept as they are: the
point of these cases is the real data's own difficulty.
"""
import csv
import os
import sys

DATALOADER, EM = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))


def read(path, encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as f:
        return list(csv.DictReader(f))


def write(name, header, rows, quote=csv.QUOTE_ALL):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=quote, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# --- Salesforce Data Loader's sample export: one org, accounts bulk-loaded
# in blocks, so their ids are consecutive (001x0000002xLCV, ...LCW, ...).
accounts = read(os.path.join(DATALOADER, "src/main/resources/samples/data/accountData.csv"), "latin-1")
KEEP = ["ID", "ISDELETED", "NAME", "TYPE", "BILLINGSTREET", "BILLINGCITY", "BILLINGSTATE",
        "BILLINGPOSTALCODE", "BILLINGCOUNTRY", "PHONE", "FAX", "WEBSITE", "INDUSTRY",
        "ANNUALREVENUE", "NUMBEROFEMPLOYEES", "OWNERID", "CREATEDDATE", "LASTMODIFIEDDATE",
        "SYSTEMMODSTAMP", "ORACLE_ID__C"]
# One account is named after a person; leave it out.
accounts = [a for a in accounts if "Krissy" not in a["NAME"]]
# Every 20th account was deleted since the companies were set up: its id is
# in Intercom but no longer in the export, and its neighbours in the block
# are one character away from it.
deleted = [a for i, a in enumerate(accounts) if i % 20 == 7]
kept = [a for i, a in enumerate(accounts) if i % 20 != 7]
write("bulk_load/accounts.csv", KEEP, [[a[k] for k in KEEP] for a in kept])

# Intercom holds the Account id for 70% of the accounts, and the deleted ones.
linked = [a for i, a in enumerate(kept) if i % 10 < 7] + deleted
linked.sort(key=lambda a: a["NAME"])
for name, id_of in [
    ("companies_id15.csv", lambda i: i[:15]),
    ("companies_id18.csv", lambda i: i),
    ("companies_id18_lower.csv", lambda i: i.lower()),
]:
    write("bulk_load/" + name, ["Company name", "Company ID"],
          [[a["NAME"], id_of(a["ID"])] for a in linked], csv.QUOTE_MINIMAL)
# The ERP number without its region prefix: `4-203974` in Salesforce is
# `203974` in Intercom.
oracle = [a for a in kept if "-" in a["ORACLE_ID__C"]]
write("bulk_load/companies_erp.csv", ["Company name", "Company ID"],
      [[a["NAME"], a["ORACLE_ID__C"].split("-", 1)[1]] for a in oracle], csv.QUOTE_MINIMAL)
# company_id set to the Opportunity ids of the same org's sample data.
opportunities = read(os.path.join(DATALOADER, "src/main/resources/samples/data/opportunityData.csv"), "latin-1")
write("bulk_load/companies_opportunity_ids.csv", ["Company name", "Company ID"],
      [[o["NAME"], o["ID"]] for o in opportunities], csv.QUOTE_MINIMAL)

# --- Two restaurant guides, Fodor's and Zagat's, describing 112 of the same
# restaurants, each as its editors wrote them (an entity-matching benchmark).
base = os.path.join(EM, "py_entitymatching/datasets/end-to-end/restaurants")
fodors = read(os.path.join(base, "fodors.csv"))
zagats = read(os.path.join(base, "zagats.csv"))
matches = read(os.path.join(base, "matches_fodors_zagats.csv"))
write("restaurants/accounts.csv", ["Id", "Name", "BillingStreet", "BillingCity", "Phone", "Type"],
      [[z["id"], z["name"], z["addr"], z["city"], z["phone"], z["type"]] for z in zagats])
in_zagats = {m["fodors_id"] for m in matches}
header = ["Company name", "Company ID", "Company phone", "Company city"]
write("restaurants/companies_listed.csv", header,
      [[f["name"], f["name"], f["phone"], f["city"]] for f in fodors if f["id"] in in_zagats],
      csv.QUOTE_MINIMAL)
write("restaurants/companies_unlisted.csv", header,
      [[f["name"], f["name"], f["phone"], f["city"]] for f in fodors if f["id"] not in in_zagats],
      csv.QUOTE_MINIMAL)

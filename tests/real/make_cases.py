#!/usr/bin/env python3
"""Derives the real-data cases in this directory from public, third-party
files (see README.md for each source, its licence and commit). Run it with
the directories of the three upstream checkouts (git is needed for the last,
whose files are read at the commits below, as are the fourth's):

    python3 make_cases.py DATALOADER_CHECKOUT PY_ENTITYMATCHING_CHECKOUT SP500_CHECKOUT \
        PUBLICBODIES_CHECKOUT

It keeps each case small, drops columns that could hold personal data or
secrets (session ids, descriptions, people's names), renames headers to the
API names an export carries, and writes the companies exports that each case
pairs with them. The upstream values themselves are kept as they are: the
point of these cases is the real data's own difficulty.
"""
import csv
import io
import os
import subprocess
import sys

DATALOADER, EM, SP500, PUBLICBODIES = sys.argv[1:5]
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

# Bridges: company_id is in no Account field, but another column links.
# The restaurants Fodor's and Zagat's both list, with Fodor's own id as
# company_id: their phones are written `310/246-1501` by one guide and
# `310-246-1501` by the other, a few differ, and a hotel's restaurants share
# its number. `matches_fodors_zagats.csv` says which pairs are the same.
by_id = {f["id"]: f for f in fodors}
listed = [by_id[m["fodors_id"]] for m in matches]
write("restaurants/companies_bridge_phone.csv", ["Company ID", "Company name", "Company phone", "Company city"],
      [[f["id"], f["name"], f["phone"], f["city"]] for f in listed], csv.QUOTE_MINIMAL)
# The same restaurants with only their names to go by, where the guides
# write the name differently (`arts delicatessen`, `arts deli`).
zagat_name = {m["fodors_id"]: z["name"] for m in matches for z in zagats if z["id"] == m["zagats_id"]}
renamed = [f for f in listed if f["name"] != zagat_name[f["id"]]]
write("restaurants/companies_bridge_names.csv", ["Company ID", "Company name", "Company city"],
      [[f["id"], f["name"], f["city"]] for f in renamed], csv.QUOTE_MINIMAL)
write("restaurants/matches.csv", ["fodors_id", "zagats_id"],
      [[m["fodors_id"], m["zagats_id"]] for m in matches], csv.QUOTE_MINIMAL)
# Data Loader's accounts as companies of an app whose own ids (1001, 1002,
# ... in name order; the only values here not from the source) are in no
# Account field, with the ERP number as a custom attribute, without its
# region prefix.
app = [a for i, a in enumerate(kept) if i % 10 < 7 and "-" in a["ORACLE_ID__C"]]
app.sort(key=lambda a: a["NAME"])
write("bulk_load/companies_bridge_erp.csv", ["Company ID", "Company name", "oracle_id"],
      [[str(1001 + i), a["NAME"], a["ORACLE_ID__C"].split("-", 1)[1]] for i, a in enumerate(app)],
      csv.QUOTE_MINIMAL)


# --- The S&P 500 as two snapshots of one public list, nine years apart: the
# 2017 list, with its financials, as the accounts; the 2026 list as the
# companies. Tickers are short codes in capitals (`A`, `T`, `MMM`); the
# index changed, companies were renamed, and sectors reclassified.
def at_commit(commit, path, repo=SP500):
    text = subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"],
                          check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(text)))


listed_2017 = at_commit("5bfe9b141ffee903c741b7f2c16ce050cb1cb324", "data/constituents-financials.csv")
header = list(listed_2017[0].keys())
write("sp500/accounts.csv", header, [[r[k] for k in header] for r in listed_2017], csv.QUOTE_MINIMAL)
listed_2026 = at_commit("56509dd80619e4d8e1410c2260d68ddd3eab6068", "data/constituents.csv")
write("sp500/companies_tickers.csv", ["Company name", "Company ID", "Company industry"],
      [[r["Security"], r["Symbol"], r["GICS Sector"]] for r in listed_2026], csv.QUOTE_MINIMAL)
# An app that keys companies by their SEC number (CIK), which the 2017 list
# does not hold, with the ticker as a custom attribute.
write("sp500/companies_bridge_ticker.csv",
      ["Company name", "Company ID", "Company industry", "ticker"],
      [[r["Security"], r["CIK"], r["GICS Sector"], r["Symbol"]] for r in listed_2026],
      csv.QUOTE_MINIMAL)


# --- Public bodies of Sweden and of Greece, from one register of public
# bodies, each country as the accounts of an org that sells to its bodies:
# names with å, ä and ö; names in Greek, many in capitals, with Σ ending
# words, some with a space around them and a few shared by two bodies. Each
# body's id is a slug of its name that the register's own tools made
# (`alingsas-kommun` for Alingsås kommun, `haabo-kommun` for Håbo kommun,
# Greek written in Latin letters). Emails and contact people are left out.
COMMIT = "b58274a6d5e79d6dda83130780f955cec5e828ad"
for cc in ["se", "gr"]:
    bodies = at_commit(COMMIT, f"data/{cc}.csv", PUBLICBODIES)
    write(f"publicbodies/{cc}/accounts.csv",
          ["Name", "Abbreviation__c", "Type", "Website", "Phone", "BillingStreet", "Description"],
          [[b["name"], b["abbreviation"], b["classification"], b["url"], b["phone"], b["address"],
            b["description"]] for b in bodies])
    # An app that keys each body by the register's id, without its country
    # (`se/`): one company per id (the first body of an id the register
    # gives several), none for the Greek body without one.
    seen, companies = set(), []
    for b in bodies:
        slug = b["id"].partition("/")[2]
        if slug and slug not in seen:
            seen.add(slug)
            companies.append([b["name"], slug])
    write(f"publicbodies/{cc}/companies_slugs.csv", ["Company name", "Company ID"], companies,
          csv.QUOTE_MINIMAL)

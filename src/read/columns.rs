//! Header names: finding the `company_id` column, naming Account fields so that
//! duplicates stay distinguishable, and resolving `--fields` / `--exclude`.
//!
//! Header text is kept exactly as written. Salesforce tools change header case
//! between versions, so names typed by the user also match without regard to
//! case, but only when that is unambiguous.

use std::path::Path;

use crate::error::{Error, Result};

/// The loose form that `company_id`, `Company ID`, `companyId` and `company id`
/// share: lowercase, without spaces, `_` or `-`.
pub fn loose_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds the column holding `company_id`: `requested` if given, else a header
/// whose loose form is `companyid`. An exact `company_id` wins over looser
/// spellings.
pub fn find_id_column(headers: &[String], requested: Option<&str>, path: &Path) -> Result<usize> {
    if let Some(name) = requested {
        return resolve_one(headers, name).map_err(|why| {
            Error::input(
                path,
                format!(
                    "{why}; the companies export has the columns {}",
                    listing(headers)
                ),
            )
        });
    }
    if let Some(i) = headers.iter().position(|h| h.trim() == "company_id") {
        return Ok(i);
    }
    if let Some(i) = headers.iter().position(|h| loose_key(h) == "companyid") {
        return Ok(i);
    }
    let hint = match closest(headers, "company_id") {
        Some(near) => format!("did you mean '{}'? ", clipped(near)),
        None => String::new(),
    };
    Err(Error::input(
        path,
        format!(
            "no company_id column (looked for 'company_id', 'Company ID', 'companyId'); {hint}the columns are {}. Name the column with --id-column NAME",
            listing(headers)
        ),
    ))
}

/// Account fields an accounts export nearly always has, by loose name (API
/// names and report labels).
const ACCOUNT_FIELDS: &[&str] = &[
    "name",
    "accountname",
    "accountid",
    "accountnumber",
    "accountowner",
    "ownerid",
    "billingstreet",
    "billingcity",
    "billingstate",
    "billingstate/province",
    "billingcountry",
    "billingpostalcode",
    "isdeleted",
    "createddate",
    "lastmodifieddate",
    "systemmodstamp",
    "parentid",
    "masterrecordid",
];

/// Whether `headers` look like a Salesforce accounts export: an id and at
/// least three of the Account fields that such exports carry, and no
/// `company_id` column.
pub fn looks_like_accounts(headers: &[String]) -> bool {
    let keys: Vec<String> = headers.iter().map(|h| loose_key(h)).collect();
    let id = keys.iter().any(|k| k == "id" || k == "accountid");
    let known = keys
        .iter()
        .filter(|k| ACCOUNT_FIELDS.contains(&k.as_str()))
        .count();
    id && known >= 3 && !has_company_id(headers)
}

/// Whether `headers` have a column found as `company_id`.
pub fn has_company_id(headers: &[String]) -> bool {
    headers.iter().any(|h| loose_key(h) == "companyid")
}

/// Names for the Account fields as the report shows them: the header itself,
/// or `Name (col 4)` where the same header appears twice and `(col 7)` where
/// the header is empty.
pub fn display_names(headers: &[String]) -> Vec<String> {
    // Counted once, so that a header of a million columns takes linear time.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for h in headers {
        *seen.entry(h.as_str()).or_default() += 1;
    }
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let repeated = seen[h.as_str()] > 1;
            if h.trim().is_empty() {
                format!("(col {})", i + 1)
            } else if repeated {
                format!("{h} (col {})", i + 1)
            } else {
                h.clone()
            }
        })
        .collect()
}

/// The candidate columns: all of them, or those in `fields`, less `exclude`.
/// Every name must exist, so that a typo never silently changes the question.
pub fn select_fields(
    headers: &[String],
    fields: &[String],
    exclude: &[String],
    path: &Path,
) -> Result<Vec<usize>> {
    let names = display_names(headers);
    let resolve = |flag: &str, list: &[String]| -> Result<Vec<usize>> {
        rejoin(headers, list)
            .iter()
            .map(|name| {
                resolve_field(headers, &names, name).map_err(|why| {
                    Error::Usage(format!(
                        "{flag}: {why} in {}; its columns are {}",
                        path.display(),
                        listing(&names)
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(|v| v.into_iter().flatten().collect())
    };
    let mut chosen: Vec<usize> = if fields.is_empty() {
        (0..headers.len()).collect()
    } else {
        resolve("--fields", fields)?
    };
    let excluded = resolve("--exclude", exclude)?;
    chosen.retain(|c| !excluded.contains(c));
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(Error::Usage(format!(
            "no candidate fields are left in {} after --fields/--exclude",
            path.display()
        )));
    }
    Ok(chosen)
}

/// A list split at its commas, with the pieces that were one header with
/// commas in it (`Revenue, Total`) put back together: the longest run of
/// pieces that, spaces aside, is such a header.
fn rejoin(headers: &[String], list: &[String]) -> Vec<String> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let with_commas: Vec<(&String, String)> = headers
        .iter()
        .filter(|h| h.contains(','))
        .map(|h| (h, squeeze(h)))
        .collect();
    // A run longer than the most pieces any header splits into is none: the
    // list of thousands of fields the bridge passes is looked at in linear
    // time, not cubic.
    let most = with_commas
        .iter()
        .map(|(h, _)| h.matches(',').count() + 1)
        .max()
        .unwrap_or(1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < list.len() {
        let last = (i + most).min(list.len());
        let joined = (i + 1..last).rev().find_map(|j| {
            let piece = squeeze(&list[i..=j].join(","));
            with_commas
                .iter()
                .find(|(_, s)| *s == piece)
                .map(|(h, _)| ((*h).clone(), j))
        });
        match joined {
            Some((header, j)) => {
                out.push(header);
                i = j + 1;
            }
            None => {
                out.push(list[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// The one column `name` picks (a header, or a display name such as
/// `Name (col 4)`), for `flag`.
pub fn select_one(headers: &[String], name: &str, flag: &str, path: &Path) -> Result<usize> {
    let names = display_names(headers);
    match resolve_field(headers, &names, name) {
        Ok(cols) if cols.len() == 1 => Ok(cols[0]),
        Ok(cols) => Err(Error::Usage(format!(
            "{flag}: '{name}' names {} columns of {}; use one of {}",
            cols.len(),
            path.display(),
            cols.iter()
                .map(|&c| format!("'{}'", names[c]))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        Err(why) => Err(Error::Usage(format!("{flag}: {why} in {}", path.display()))),
    }
}

/// A field name as typed: a display name (`Name (col 4)`) picks one column,
/// a header picks every column with that exact header, and failing both a
/// unique case-insensitive match is taken.
fn resolve_field(headers: &[String], names: &[String], name: &str) -> Result<Vec<usize>, String> {
    if let Some(i) = names.iter().position(|n| n == name) {
        return Ok(vec![i]);
    }
    let exact: Vec<usize> = (0..headers.len()).filter(|&i| headers[i] == name).collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    resolve_one(headers, name).map(|i| vec![i])
}

/// One column by exact name, else by a unique case-insensitive match.
fn resolve_one(headers: &[String], name: &str) -> Result<usize, String> {
    if let Some(i) = headers.iter().position(|h| h == name) {
        return Ok(i);
    }
    let folded: Vec<usize> = (0..headers.len())
        .filter(|&i| headers[i].trim().to_lowercase() == name.trim().to_lowercase())
        .collect();
    match folded.as_slice() {
        [i] => Ok(*i),
        [] => Err(match closest(headers, name) {
            Some(near) => format!(
                "no column '{}' (did you mean '{}'?)",
                clipped(name),
                clipped(near)
            ),
            None => format!("no column '{}'", clipped(name)),
        }),
        several => Err(format!(
            "'{name}' matches {} columns that differ only in case: {}",
            several.len(),
            several
                .iter()
                .map(|&i| format!("'{}'", headers[i]))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The header most like `name`, compared in loose form, if any is close.
pub fn closest<'a>(headers: &'a [String], name: &str) -> Option<&'a str> {
    let target = loose_key(name);
    headers
        .iter()
        .map(|h| (strsim::jaro_winkler(&loose_key(h), &target), h))
        .filter(|(score, _)| *score >= 0.75)
        // Highest score; the earliest column on ties.
        .fold(None, |best: Option<(f64, &String)>, (s, h)| match best {
            Some((b, _)) if b >= s => best,
            _ => Some((s, h)),
        })
        .map(|(_, h)| h.as_str())
}

/// A header as a message shows it: at most 60 characters, the cut marked,
/// so that a header of megabytes does not fill the screen.
pub fn clipped(header: &str) -> String {
    const MAX: usize = 60;
    match header.char_indices().nth(MAX) {
        None => header.to_string(),
        Some((at, _)) => format!("{}…", &header[..at]),
    }
}

fn listing(headers: &[String]) -> String {
    const SHOWN: usize = 40;
    let mut out: Vec<String> = headers
        .iter()
        .take(SHOWN)
        .map(|h| format!("'{}'", clipped(h)))
        .collect();
    if headers.len() > SHOWN {
        out.push(format!("and {} more", headers.len() - SHOWN));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_header_with_commas_can_be_named_in_a_list() {
        let headers: Vec<String> = ["Id", "Revenue, Total", "Name"].map(String::from).to_vec();
        let list: Vec<String> = ["Revenue", "Total", "Name"].map(String::from).to_vec();
        assert_eq!(super::rejoin(&headers, &list), ["Revenue, Total", "Name"]);
        let chosen =
            super::select_fields(&headers, &list, &[], std::path::Path::new("a.csv")).unwrap();
        assert_eq!(chosen, [1, 2]);
    }

    #[test]
    fn a_header_of_the_most_pieces_is_rejoined_anywhere_in_a_long_list() {
        let mut headers: Vec<String> = (0..3000).map(|i| format!("F{i}")).collect();
        headers.push("Revenue, Total, USD".into());
        headers.push("Name, Legal".into());
        let mut list: Vec<String> = headers[..1500].to_vec();
        list.extend(["Revenue", " Total", "USD", "Name", "Legal"].map(String::from));
        list.extend(headers[1500..3000].iter().cloned());
        list.extend(["Revenue", "Total", " USD"].map(String::from));
        let out = super::rejoin(&headers, &list);
        assert_eq!(out.len(), 3000 + 3);
        assert_eq!(out[1500], "Revenue, Total, USD");
        assert_eq!(out[1501], "Name, Legal");
        assert_eq!(out[3002], "Revenue, Total, USD");
    }

    #[test]
    fn display_names_of_a_wide_header_take_linear_time() {
        // 200,000 columns: quadratic counting would take minutes (the
        // benchmark's wide100k row measures it).
        let mut h: Vec<String> = (0..200_000).map(|i| format!("F{i}")).collect();
        h.push("F7".into());
        h.push(String::new());
        let names = super::display_names(&h);
        assert_eq!(names[7], "F7 (col 8)");
        assert_eq!(names[200_000], "F7 (col 200001)");
        assert_eq!(names[200_001], "(col 200002)");
        assert_eq!(names[8], "F8");
    }

    #[test]
    fn an_accounts_export_is_told_from_a_companies_export() {
        let h = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        assert!(super::looks_like_accounts(&h(
            "Id,IsDeleted,Name,Type,BillingCity,OwnerId"
        )));
        assert!(super::looks_like_accounts(&h(
            "Account ID,Account Name,Account Owner,Billing City"
        )));
        assert!(!super::looks_like_accounts(&h(
            "Company name,Company ID,Plan,Company website"
        )));
        assert!(!super::looks_like_accounts(&h(
            "id,name,company_id,created_at,billingcity"
        )));
    }

    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_company_id_in_its_spellings() {
        for name in [
            "company_id",
            "Company ID",
            "companyId",
            "company id",
            "COMPANY-ID",
        ] {
            let headers = h(&["id", "Company name", name, "Plan"]);
            assert_eq!(
                find_id_column(&headers, None, Path::new("c.csv")).unwrap(),
                2,
                "{name}"
            );
        }
    }

    #[test]
    fn intercom_internal_id_is_not_company_id() {
        let headers = h(&["id", "Company name"]);
        assert!(find_id_column(&headers, None, Path::new("c.csv")).is_err());
    }

    #[test]
    fn missing_column_names_the_closest_header() {
        let headers = h(&["Company name", "Company Identifier", "Plan"]);
        let err = find_id_column(&headers, None, Path::new("c.csv"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("c.csv"), "{err}");
        assert!(err.contains("did you mean 'Company Identifier'"), "{err}");
        assert!(err.contains("'Plan'"), "{err}");
    }

    #[test]
    fn requested_column_matches_exactly_then_without_case() {
        let headers = h(&["Plan", "plan", "External"]);
        let p = Path::new("c.csv");
        assert_eq!(find_id_column(&headers, Some("plan"), p).unwrap(), 1);
        assert_eq!(find_id_column(&headers, Some("external"), p).unwrap(), 2);
        assert!(
            find_id_column(&headers, Some("PLAN"), p).is_err(),
            "ambiguous"
        );
    }

    #[test]
    fn duplicate_and_empty_headers_get_visible_names() {
        let names = display_names(&h(&["Id", "Name", "", "Name", "name"]));
        assert_eq!(
            names,
            ["Id", "Name (col 2)", "(col 3)", "Name (col 4)", "name"]
        );
    }

    #[test]
    fn fields_and_exclude_select_columns() {
        let headers = h(&["Id", "Name", "AccountNumber", "Name"]);
        let p = Path::new("a.csv");
        let none: Vec<String> = vec![];
        assert_eq!(
            select_fields(&headers, &none, &none, p).unwrap(),
            [0, 1, 2, 3]
        );
        assert_eq!(
            select_fields(&headers, &h(&["accountnumber", "Id"]), &none, p).unwrap(),
            [0, 2]
        );
        assert_eq!(
            select_fields(&headers, &none, &h(&["Name"]), p).unwrap(),
            [0, 2]
        );
        assert_eq!(
            select_fields(&headers, &none, &h(&["Name (col 4)"]), p).unwrap(),
            [0, 1, 2]
        );
        let err = select_fields(&headers, &h(&["AcountNumber"]), &none, p)
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean 'AccountNumber'"), "{err}");
        assert!(select_fields(&headers, &none, &h(&["Id", "Name", "AccountNumber"]), p).is_err());
    }
}

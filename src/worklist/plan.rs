//! What the work list links companies by, and which Account field an update
//! would set: decided once from the flags, the accounts export's header and
//! what the analysis found, and checked before anything is written.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::read::columns;
use crate::read::export::Role;

/// The field a bridge's update sets when none is named: a new custom text
/// field, marked Unique and External ID.
pub const NEW_FIELD: &str = "Intercom_Company_ID__c";

/// Standard Account fields that no update can set (system and audit fields,
/// and the id itself), by loose name, API names and report labels alike.
const READ_ONLY: &[&str] = &[
    "id",
    "accountid",
    "isdeleted",
    "masterrecordid",
    "createddate",
    "createdbyid",
    "lastmodifieddate",
    "lastmodifiedbyid",
    "systemmodstamp",
    "lastactivitydate",
    "lastactivity",
    "lastvieweddate",
    "lastreferenceddate",
    "ispersonaccount",
    "photourl",
];

/// Fields an update must not overwrite with ids, because they mean
/// something else to every user of the org.
const NOT_KEYS: &[&str] = &["name", "accountname"];

/// How companies are linked to accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// By `company_id` itself, in the link field.
    CompanyId,
    /// By another column of the companies export.
    Bridge {
        /// Its 0-based position in the companies export.
        column: usize,
        /// Its header.
        name: String,
        /// True when it holds company names, so every link needs review.
        by_name: bool,
    },
}

/// The Account field an update sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its API name (or label) as the report names it.
    pub name: String,
    /// Its column, or `None` for a field that does not exist yet.
    pub column: Option<usize>,
}

/// What a work list and an update are made from.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The Account field whose values are matched, as the report names it.
    pub field: String,
    /// Its position in the accounts export.
    pub column: usize,
    /// What links companies to accounts.
    pub via: Via,
    /// What an update sets.
    pub target: Target,
}

impl Plan {
    /// The plan for this run. Companies are found by company_id in the
    /// `suggested` field; failing that, through `bridge` (its `Via` and
    /// Account field); failing both, by company_id in `--field` itself,
    /// if it exists. `None` when nothing links. The target is `--field`
    /// (which may not exist yet), else the suggested field, else, for a
    /// bridge, [`NEW_FIELD`].
    pub fn resolve(
        config: &Config,
        suggested: Option<&str>,
        bridge: Option<(Via, &str)>,
    ) -> Result<Option<Plan>> {
        let export = config.peek(Role::Accounts)?;
        let (headers, path) = (&export.headers, export.path.as_path());
        let names = columns::display_names(headers);
        let named = match config.field.as_deref() {
            Some(f) => named_field(headers, f)?,
            None => None,
        };
        let one = |name: &str| columns::select_one(headers, name, "--field", path);
        let (column, via) = match (suggested, bridge, named) {
            (Some(s), _, _) => (one(s)?, Via::CompanyId),
            (None, Some((via, field)), _) => (one(field)?, via),
            (None, None, Some(c)) => (c, Via::CompanyId),
            (None, None, None) => return Ok(None),
        };
        let target = match (&config.field, &via) {
            (Some(f), _) => Target {
                name: named.map_or(f.clone(), |c| names[c].clone()),
                column: named,
            },
            (None, Via::CompanyId) => Target {
                name: names[column].clone(),
                column: Some(column),
            },
            (None, Via::Bridge { .. }) => {
                let existing = named_field(headers, NEW_FIELD)?;
                Target {
                    name: existing.map_or(NEW_FIELD.to_string(), |c| names[c].clone()),
                    column: existing,
                }
            }
        };
        if matches!(via, Via::Bridge { .. }) && target.column == Some(column) {
            return Err(Error::Usage(format!(
                "--field {}: companies are linked to accounts through that field, so it cannot also receive company_id; name another field",
                target.name
            )));
        }
        Ok(Some(Plan {
            field: names[column].clone(),
            column,
            via,
            target,
        }))
    }
}

/// The field `--field` names: `Some` column when it exists, `None` when it
/// does not, an error when it names several.
pub fn named_field(headers: &[String], name: &str) -> Result<Option<usize>, Error> {
    let names = columns::display_names(headers);
    let folded = |h: &String| h.trim().to_lowercase() == name.trim().to_lowercase();
    if names.iter().any(|n| n == name) || headers.iter().any(folded) {
        columns::select_one(
            headers,
            name,
            "--field",
            std::path::Path::new("the accounts export"),
        )
        .map(Some)
    } else {
        Ok(None)
    }
}

/// Refuses, before anything is read, a work list or update the accounts
/// export cannot give: no `Id` for an update, a `--field` that is missing
/// (for a work list alone) or cannot be written, or is no valid name for a
/// new field.
pub fn precheck(config: &Config) -> Result<()> {
    if !(config.mapping || config.update) {
        return Ok(());
    }
    let export = config.peek(Role::Accounts)?;
    let headers = &export.headers;
    if config.update && id_column(headers).is_none() {
        return Err(Error::input(
            &export.path,
            "has no Id column, and Data Loader updates accounts by Id; export the accounts with Data Loader (or `sf data query`) including Id, or add `Account ID` to the report, and run again",
        ));
    }
    let Some(name) = config.field.as_deref() else {
        return Ok(());
    };
    match named_field(headers, name)? {
        Some(column) if config.update => writable(&headers[column]),
        Some(_) => Ok(()),
        None if !config.update => Err(Error::Usage(format!(
            "--field: no column '{name}' in {}{}; to write company_id into a new field, ask for the update file with --emit-update FILE",
            export.path.display(),
            hint(headers, name)
        ))),
        None => new_field_name(name).map_err(|why| {
            Error::Usage(format!(
                "--field: no column '{name}' in {}{}, and {why}",
                export.path.display(),
                hint(headers, name)
            ))
        }),
    }
}

/// The column of the accounts' `Id` (a report's `Account ID`), if any.
pub fn id_column(headers: &[String]) -> Option<usize> {
    headers
        .iter()
        .position(|h| matches!(columns::loose_key(h).as_str(), "id" | "accountid"))
}

/// Refuses a field no update should set.
pub fn writable(field: &str) -> Result<()> {
    let key = columns::loose_key(field);
    if READ_ONLY.contains(&key.as_str()) {
        return Err(Error::Usage(format!(
            "`{field}` cannot be set by an update; write company_id into a field of its own: --field {NEW_FIELD} (a new custom text field, Unique and External ID)"
        )));
    }
    if NOT_KEYS.contains(&key.as_str()) {
        return Err(Error::Usage(format!(
            "writing company_id into `{field}` would rename the accounts; write it into a field of its own: --field {NEW_FIELD} (a new custom text field, Unique and External ID)"
        )));
    }
    Ok(())
}

/// Why `name` cannot be a new custom field's API name, if it cannot.
fn new_field_name(name: &str) -> Result<(), String> {
    let stem = name.strip_suffix("__c").unwrap_or("");
    let ok = !stem.is_empty()
        && stem.len() <= 40
        && stem.starts_with(|c: char| c.is_ascii_alphabetic())
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !stem.contains("__")
        && !stem.ends_with('_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "a new custom field's API name is letters, digits and single underscores ending in __c (e.g. {NEW_FIELD})"
        ))
    }
}

/// ` (did you mean 'X'?)` when a header is close to `name`.
fn hint(headers: &[String], name: &str) -> String {
    columns::closest(headers, name)
        .map(|near| format!(" (did you mean '{near}'?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_field_names_follow_salesforce_rules() {
        assert!(new_field_name("Intercom_Company_ID__c").is_ok());
        assert!(new_field_name("X1__c").is_ok());
        for bad in ["Intercom", "__c", "1x__c", "a__b__c", "a_b___c", "a b__c"] {
            assert!(new_field_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn system_fields_and_names_are_never_targets() {
        for field in [
            "Id",
            "Account ID",
            "LastModifiedDate",
            "Name",
            "Account Name",
        ] {
            assert!(writable(field).is_err(), "{field}");
        }
        for field in ["AccountNumber", "Website", "ERP_Number__c"] {
            assert!(writable(field).is_ok(), "{field}");
        }
    }

    #[test]
    fn a_named_field_exists_or_not_but_is_never_two() {
        let h: Vec<String> = ["Id", "Name", "name", "Site"].map(String::from).into();
        assert_eq!(named_field(&h, "Site").unwrap(), Some(3));
        assert_eq!(named_field(&h, "site").unwrap(), Some(3));
        assert_eq!(named_field(&h, "New__c").unwrap(), None);
        assert!(named_field(&h, "NAME").is_err());
    }
}

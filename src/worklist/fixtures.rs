//! Work lists made by hand, for the tests of the work list and the update
//! file.

use rustc_hash::FxHashMap;

use super::links::{Account, Link};
use super::list::{Row, Status, WorkList};
use super::plan::{Plan, Target, Via};
use crate::matching::{Evidence, TransformId};

/// An account whose link field holds `value`, and its target field
/// `target`.
pub(super) fn account(id: &str, value: &str, target: Option<&str>) -> Account {
    Account {
        line: 2,
        id: Some(id.into()),
        value: value.into(),
        modified: None,
        target: target.map(Into::into),
        similarity: 1.0,
    }
}

/// A row of `company` on `account` with `status`.
pub(super) fn row(company: &str, key: &str, status: Status, on: Option<Account>) -> Row {
    Row {
        line: 2,
        company_id: company.into(),
        key: key.into(),
        status,
        account: on.as_ref().map(Account::name),
        link: on.map(|a| Link {
            evidence: Evidence::normalized(TransformId::Separators),
            accounts: 1,
            ranked: vec![a],
        }),
    }
}

/// A work list through a bridge into a new field.
pub(super) fn bridged(rows: Vec<Row>) -> WorkList {
    WorkList {
        plan: Plan {
            field: "Phone".into(),
            column: 1,
            via: Via::Bridge {
                column: 2,
                name: "phone".into(),
                by_name: false,
            },
            target: Target {
                name: "Intercom_Company_ID__c".into(),
                column: None,
            },
        },
        by_id: true,
        chosen_by: None,
        person_accounts: 0,
        holders: FxHashMap::default(),
        rows,
    }
}

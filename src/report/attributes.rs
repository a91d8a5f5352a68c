//! The data mapping as the report tells it: for each company attribute,
//! the Account field it should sync with (or why none), how often the
//! linked pairs agree and how often shuffled pairs do by chance, which side
//! holds values the other lacks, and where they disagree.

use serde::Serialize;

use crate::attributes::{Agreement, Attribute, Candidate, GIVE_UP_AFTER, Mapping};
pub use crate::attributes::{Level, Outcome, ValueType};
use crate::figures::{percent, thousands};
use crate::stats::wilson;

/// How the data mapping was made.
#[derive(Debug, Clone, Serialize)]
pub struct AttributeLinks {
    /// The link field whose linked pairs were compared.
    pub field: String,
    /// The companies column linked to it, when it is a bridge; `None`
    /// when it is `company_id`.
    pub bridge: Option<String>,
    /// Linked pairs: sampled companies with one account each.
    pub pairs: usize,
    /// Shuffles of those pairs that chance was measured over.
    pub shuffles: usize,
    /// Whether some linked accounts were left out for want of memory.
    pub incomplete: bool,
}

/// One company attribute and the field it should sync with.
#[derive(Debug, Clone, Serialize)]
pub struct AttributeReport {
    /// The companies column.
    pub attribute: String,
    /// Its position in the companies export, from 0.
    pub column: usize,
    /// What its values are, on the linked companies.
    #[serde(rename = "type")]
    pub ty: ValueType,
    /// The Account field to sync it with; `None` when none qualifies.
    pub field: Option<String>,
    /// `mapped`, or why not: `types_differ`, `chance`, `weak`, `empty`,
    /// `taken` (with `by`, the attribute that took its field).
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Linked pairs where the company has a value.
    pub filled: u32,
    /// How the chosen field agrees; when none is chosen, the closest.
    pub agreement: Option<AgreementReport>,
    /// A field that agrees nearly as well as the chosen one.
    pub runner_up: Option<AgreementReport>,
    /// The finding in one sentence.
    pub summary: String,
}

/// How one attribute and one Account field agree over the linked pairs.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementReport {
    /// The Account field.
    pub field: String,
    /// What the field's values are.
    pub field_type: ValueType,
    /// Linked pairs where both have a value, and of those, that agree.
    pub compared: u32,
    /// Compared pairs that agree.
    pub agreed: u32,
    /// `agreed / compared`.
    pub agreement_rate: f64,
    /// The 95% Wilson interval of `agreement_rate`.
    pub ci_low: f64,
    /// Its upper end.
    pub ci_high: f64,
    /// The agreement over shuffled pairs: each company against another
    /// linked company's account.
    pub chance_rate: f64,
    /// The upper end of its 95% Wilson interval.
    pub chance_ci_high: f64,
    /// Agreement net of chance.
    pub score: f64,
    /// Agreeing pairs by how they agree.
    pub levels: Vec<LevelCount>,
    /// For picklists: company value → account value, with its pairs.
    pub value_map: Vec<ValueMapEntry>,
    /// Linked pairs where only the company has a value.
    pub company_only: u32,
    /// Linked pairs where only the account has a value.
    pub account_only: u32,
    /// Which way to sync, by which side is filled more.
    pub direction: Direction,
    /// Up to two linked pairs that disagree.
    pub disagreements: Vec<Disagreement>,
}

/// Agreeing pairs of one level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    /// How they agree.
    pub level: Level,
    /// How many.
    pub pairs: u32,
}

/// One entry of a picklist's value map.
#[derive(Debug, Clone, Serialize)]
pub struct ValueMapEntry {
    /// The company's value.
    pub company: String,
    /// The account value it goes with.
    pub account: String,
    /// Linked pairs that show it.
    pub pairs: u32,
}

/// A linked pair whose values disagree.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// The company's value.
    pub company: String,
    /// The account's.
    pub account: String,
}

/// Which way the values should flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The field is often empty where Intercom has a value.
    IntercomToSalesforce,
    /// The attribute is often empty where Salesforce has a value.
    SalesforceToIntercom,
    /// Both are filled alike.
    Either,
}

impl Direction {
    /// The direction as the JSON report names it.
    pub fn key(self) -> &'static str {
        match self {
            Direction::IntercomToSalesforce => "intercom_to_salesforce",
            Direction::SalesforceToIntercom => "salesforce_to_intercom",
            Direction::Either => "either",
        }
    }
}

/// A side that lacks the value on this share of the pairs where the other
/// has it decides the direction.
const ONE_SIDED: f64 = 0.05;

impl AttributeLinks {
    /// How the data mapping `mapping` was made through `field` (from the
    /// companies column `bridge`, or `company_id`).
    pub fn new(
        field: &str,
        bridge: Option<&str>,
        mapping: &Mapping,
        shuffles: usize,
        incomplete: bool,
    ) -> AttributeLinks {
        AttributeLinks {
            field: field.to_string(),
            bridge: bridge.map(str::to_string),
            pairs: mapping.pairs,
            shuffles,
            incomplete,
        }
    }
}

impl AttributeReport {
    /// The report of attribute `a`.
    pub fn new(a: &Attribute) -> AttributeReport {
        let agreement = a.best.as_ref().map(|c| AgreementReport::new(c, a.filled));
        let field = (a.outcome == Outcome::Mapped)
            .then(|| a.best.as_ref().map(|c| c.field.clone()))
            .flatten();
        let mut report = AttributeReport {
            attribute: a.name.clone(),
            column: a.column,
            ty: a.ty,
            field,
            outcome: a.outcome.clone(),
            filled: a.filled,
            agreement,
            runner_up: a
                .runner_up
                .as_ref()
                .map(|c| AgreementReport::new(c, a.filled)),
            summary: String::new(),
        };
        report.summary = report.sentence();
        report
    }

    /// The finding in words: the field and how sure, or why there is none.
    fn sentence(&self) -> String {
        let Some(g) = &self.agreement else {
            return match self.outcome {
                Outcome::Empty => "no linked company has a value".into(),
                _ => format!(
                    "no field: no Account field agrees with it on a linked pair (none in the first {GIVE_UP_AFTER} with both values)"
                ),
            };
        };
        let agrees = format!(
            "agrees on {} of {} linked pairs with both values (chance {})",
            percent(g.agreement_rate),
            thousands(g.compared.into()),
            percent(g.chance_rate)
        );
        match &self.outcome {
            Outcome::Mapped => {
                let mostly = g.levels.iter().max_by_key(|l| l.pairs).map(|l| l.level);
                let mapped = g.levels.iter().any(|l| l.level == Level::Mapped);
                let how = match mostly {
                    _ if mapped => {
                        // The entries that relabel are the news.
                        let relabel: Vec<String> = g
                            .value_map
                            .iter()
                            .filter(|m| m.company != m.account)
                            .take(4)
                            .map(|m| format!("{} → {}", m.company, m.account))
                            .collect();
                        let same = g.value_map.iter().any(|m| m.company == m.account);
                        format!(
                            ", through a value map: {}{}",
                            relabel.join(", "),
                            if same { ", the rest as they are" } else { "" }
                        )
                    }
                    Some(level) if level != Level::Equal => format!(", mostly {}", level.words()),
                    _ => String::new(),
                };
                format!("{} ({}) {agrees}{how}", g.field, g.field_type.name())
            }
            Outcome::TypesDiffer => format!(
                "no field: {} {agrees}, but holds {} and this attribute {}; a sync cannot carry one into the other",
                g.field,
                g.field_type.name(),
                self.ty.name()
            ),
            Outcome::Chance => format!(
                "no field: {} {agrees}, no more than unrelated pairs do; a constant or a small picklist is no mapping",
                g.field
            ),
            Outcome::Weak => format!("no field: the closest, {}, {agrees}", g.field),
            Outcome::Empty => "no linked company has a value".into(),
            Outcome::Taken { by } => format!(
                "no field: {} {agrees}, but is {by}'s, which agrees with it better",
                g.field
            ),
        }
    }

    /// Which way to sync and where the sides disagree, in words; empty
    /// unless mapped.
    pub fn details(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (Outcome::Mapped, Some(g)) = (&self.outcome, &self.agreement) else {
            return out;
        };
        let share = |part: u32, of: u32| {
            if of == 0 {
                0.0
            } else {
                f64::from(part) / f64::from(of)
            }
        };
        let account_filled = g.compared + g.account_only;
        out.extend(match g.direction {
            Direction::IntercomToSalesforce => Some(format!(
                "{} is empty on {} of linked accounts where Intercom has {}: sync Intercom → Salesforce",
                g.field,
                percent(share(g.company_only, self.filled)),
                self.attribute
            )),
            Direction::SalesforceToIntercom => Some(format!(
                "{} is empty on {} of linked companies where Salesforce has {}: sync Salesforce → Intercom",
                self.attribute,
                percent(share(g.account_only, account_filled)),
                g.field
            )),
            // Both filled alike: nothing to say.
            Direction::Either => None,
        });
        if !g.disagreements.is_empty() {
            let shown: Vec<String> = g
                .disagreements
                .iter()
                .map(|d| format!("'{}' vs '{}'", d.company, d.account))
                .collect();
            let disagree = match g.compared - g.agreed {
                1 => "1 linked pair disagrees".to_string(),
                n => format!("{} linked pairs disagree", thousands(n.into())),
            };
            out.push(format!("{disagree}, e.g. {}", shown.join(", ")));
        }
        if let Some(r) = &self.runner_up {
            out.push(format!(
                "runner-up: {}, which agrees on {} (chance {}); check which of the two the team keeps current",
                r.field,
                percent(r.agreement_rate),
                percent(r.chance_rate)
            ));
        }
        out
    }
}

impl AgreementReport {
    fn new(c: &Candidate, filled: u32) -> AgreementReport {
        let g: &Agreement = &c.agreement;
        let (ci_low, ci_high) = wilson(g.agreed.into(), g.compared.into());
        let (_, chance_ci_high) = wilson(g.shuffled_agreed.into(), g.shuffled.into());
        let account_filled = g.compared + g.account_only;
        let lacks = |part: u32, of: u32| of > 0 && f64::from(part) / f64::from(of) >= ONE_SIDED;
        let direction = if g.company_only > g.account_only && lacks(g.company_only, filled) {
            Direction::IntercomToSalesforce
        } else if g.account_only > g.company_only && lacks(g.account_only, account_filled) {
            Direction::SalesforceToIntercom
        } else {
            Direction::Either
        };
        AgreementReport {
            field: c.field.clone(),
            field_type: c.ty,
            compared: g.compared,
            agreed: g.agreed,
            agreement_rate: g.rate(),
            ci_low,
            ci_high,
            chance_rate: g.chance(),
            chance_ci_high,
            score: g.net(),
            levels: g
                .levels
                .iter()
                .map(|&(level, pairs)| LevelCount { level, pairs })
                .collect(),
            value_map: g
                .value_map
                .iter()
                .map(|(company, account, pairs)| ValueMapEntry {
                    company: company.clone(),
                    account: account.clone(),
                    pairs: *pairs,
                })
                .collect(),
            company_only: g.company_only,
            account_only: g.account_only,
            direction,
            disagreements: g
                .disagreements
                .iter()
                .map(|(company, account)| Disagreement {
                    company: company.clone(),
                    account: account.clone(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_names_are_the_json_names() {
        for d in [
            Direction::IntercomToSalesforce,
            Direction::SalesforceToIntercom,
            Direction::Either,
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.key());
        }
        for o in [
            Outcome::Mapped,
            Outcome::TypesDiffer,
            Outcome::Chance,
            Outcome::Weak,
            Outcome::Empty,
            Outcome::Taken { by: "x".into() },
        ] {
            assert_eq!(serde_json::to_value(&o).unwrap()["outcome"], o.key());
        }
    }
}

//! Why no field qualifies: what the ids look like, what the closest fields
//! hold and why each falls short, and the likely cause.

use serde::Serialize;

use super::shape::{self, ShapeKind};
use crate::figures::percent;
use crate::rank::{Candidate, rate};

/// Why no field qualifies, and what to check.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    /// What the sampled company ids look like.
    pub ids_look_like: String,
    /// The closest fields, and why each falls short.
    pub closest: Vec<Shortfall>,
    /// The most likely reason, and what to do.
    pub likely_cause: String,
    /// Whether a spreadsheet rounded the company ids themselves: then they
    /// are to be got again, and written nowhere.
    #[serde(skip)]
    pub ids_rounded: bool,
}

/// Why one field falls short.
#[derive(Debug, Clone, Serialize)]
pub struct Shortfall {
    /// The field.
    pub field: String,
    /// What its values look like.
    pub holds: String,
    /// Why it is not suggested, in a few words.
    pub why: String,
}

impl Diagnosis {
    /// The diagnosis of a run in which no field qualifies.
    pub fn new(ids: &[String], ranked: &[Candidate], sampled: u64, min_rate: f64) -> Diagnosis {
        let rounded = shape::rounded_by_spreadsheet(ids);
        Diagnosis {
            ids_look_like: shape::describe(ids),
            closest: ranked
                .iter()
                .take(3)
                .map(|f| Shortfall {
                    field: f.name.clone(),
                    holds: shape::describe(&f.counts.samples),
                    why: shortfall(f, sampled, min_rate),
                })
                .collect(),
            likely_cause: likely_cause(ids, rounded.as_ref(), ranked, sampled, min_rate),
            ids_rounded: rounded.is_some(),
        }
    }

    /// The diagnosis as lines of text, each `prefix`ed.
    pub fn lines(&self, bullet: &str) -> Vec<String> {
        let mut out = vec![format!(
            "company_id holds {}. The closest fields:",
            self.ids_look_like
        )];
        for s in &self.closest {
            out.push(format!("{bullet}{} ({}): {}", s.field, s.holds, s.why));
        }
        out.push(format!("Likely cause: {}", self.likely_cause));
        out
    }
}

/// Why a field is not suggested, in a few words.
fn shortfall(f: &Candidate, sampled: u64, min_rate: f64) -> String {
    let c = &f.counts;
    if c.matched == 0 {
        "holds none of the sampled ids".to_string()
    } else if f.specific() == 0 {
        format!(
            "only similar values for {} of the ids, where made-up ids find them {} of the time",
            percent(rate(c.fuzzy, sampled)),
            percent(f.chance_similar)
        )
    } else {
        format!(
            "holds {} of the ids exactly or after a fix ({} beyond chance), below --min-rate {}",
            percent(rate(f.specific(), sampled)),
            percent(f.specific_score),
            min_rate
        )
    }
}

/// The share of the sampled ids, beyond chance, that makes a field that is
/// not suggested worth naming: it may hold some of the ids.
pub const WORTH_NAMING: f64 = 0.05;

/// The most likely reason that no field holds the company ids, `rounded`
/// by a spreadsheet or not.
fn likely_cause(
    ids: &[String],
    rounded: Option<&shape::Rounded>,
    ranked: &[Candidate],
    sampled: u64,
    min_rate: f64,
) -> String {
    let ids_shape = shape::shape(ids);
    let holds = |f: &Candidate| shape::shape(&f.counts.samples).kind;
    if let ShapeKind::Salesforce(Some(object)) = ids_shape.kind
        && object != "Account"
    {
        return format!(
            "company_id holds {object} ids, not Account ids: the sync links a company to an account, so set company_id to the company's Account id, or map it to a field that holds these ids."
        );
    }
    if ids_shape.kind == ShapeKind::Scientific {
        return match rounded {
            Some(r) => format!(
                "{}. To get the ids back, {}.",
                r.sentence("company_id"),
                shape::EXPORT_AGAIN
            ),
            None => format!(
                "company_id holds numbers in scientific notation, as a spreadsheet saves long numbers: {}.",
                shape::EXPORT_AGAIN
            ),
        };
    }
    // Whole numbers on one side, the same rounded on the other: most of the
    // field's values stand for some sampled id. (Data Loader writes a
    // Number field's amounts as `6.0E7`, which stand for none.)
    if ids_shape.kind == ShapeKind::Number {
        let mut numbers: Vec<u64> = ids.iter().filter_map(|id| id.trim().parse().ok()).collect();
        numbers.sort_unstable();
        let rounded = ranked
            .iter()
            .find_map(|f| shape::rounded_around(&f.counts.samples, &numbers).map(|r| (f, r)));
        if let Some((f, r)) = rounded {
            return format!(
                "{}. To get its values back, {}.",
                r.sentence(&format!("`{}`", f.name)),
                shape::EXPORT_ACCOUNTS_AGAIN
            );
        }
    }
    if ids_shape.kind == ShapeKind::IntercomHex {
        return "company_id looks like Intercom's internal company id, not the id your company assigns: check that the companies export's Company ID column is the one meant, or choose another with --id-column.".to_string();
    }
    if ids_shape.kind == ShapeKind::Domain
        && !ranked
            .iter()
            .any(|f| matches!(holds(f), ShapeKind::Domain | ShapeKind::Email))
    {
        return "company_id holds domains, but no Account field holds websites or domains: add the Website field to the export.".to_string();
    }
    // Ids written without the accents a field's values have (a slug of a
    // name, a name typed in ASCII) match nothing, and look as if the
    // companies were missing from Salesforce.
    let samples: Vec<&[String]> = ranked.iter().map(|f| &f.counts.samples[..]).collect();
    let accented = ranked
        .iter()
        .zip(shape::accented_ids(&samples, ids))
        .find_map(|(f, a)| {
            a.filter(|a| a.values * 10 >= f.counts.samples.len())
                .map(|a| (f, a))
        });
    if let Some((f, a)) = accented {
        return format!(
            "company_id is written without the accents `{field}` has: {n} of {of} sampled values of `{field}` are a sampled id once their accents are taken away (`{value}` is `{id}`), and no fix takes accents away, so `{field}` holds {rate} of the sampled ids. Write company_id with the accents, or link the companies through another column.",
            field = f.name,
            n = a.values,
            of = f.counts.samples.len(),
            value = a.value,
            id = a.id,
            rate = percent(rate(f.specific(), sampled)),
        );
    }
    match ranked.first() {
        Some(best) if best.specific() > 0 && best.specific_score > WORTH_NAMING => format!(
            "only some companies seem to be in Salesforce: {} holds {} of the sampled ids. If that is expected, a lower --min-rate (now {}) accepts it.",
            best.name,
            percent(rate(best.specific(), sampled)),
            min_rate
        ),
        Some(best) if best.counts.fuzzy > 0 && best.score > WORTH_NAMING => format!(
            "{} holds values similar to the ids but not equal: they need cleaning before the sync can use them.",
            best.name
        ),
        _ if !ranked.iter().any(|f| holds(f) == ids_shape.kind) => {
            format!(
                "no Account field holds values shaped like company_id ({}): export the field that stores it, such as an external id field like Intercom_Company_ID__c, or check that company_id is set in Intercom.",
                ids_shape.text
            )
        }
        _ => format!(
            "the fields that hold {} hold other values than these company ids: check that both exports come from the same Intercom workspace and Salesforce org.",
            ids_shape.text
        ),
    }
}

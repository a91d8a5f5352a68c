//! Describing what a column of values looks like, in words an admin knows:
//! "UUIDs", "18-character Salesforce Contact ids", "websites", "names",
//! "numbers of 6 digits".
//! Used to explain why no field holds the company ids.

use crate::figures::thousands;
use crate::matching::{forms, sfid};

/// What kind of values a column holds, whatever their lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    Empty,
    Uuid,
    /// 24 lowercase hex characters, like Intercom's own company ids.
    IntercomHex,
    /// Salesforce record ids, of the object their key prefix names, if
    /// most share one that is known.
    Salesforce(Option<&'static str>),
    /// Names people write: a few words, or one word of letters.
    Name,
    /// `true` and `false`, or their like.
    Boolean,
    /// A number, then words: street addresses.
    Address,
    Email,
    /// Domains or websites.
    Domain,
    Number,
    /// Numbers with a decimal mark: amounts and ratios.
    Decimal,
    /// Whole numbers as a spreadsheet shows long ones (`2.76E+10`): their
    /// first digits only.
    Scientific,
    /// Ids with a shared word prefix (`cus_`).
    Prefixed,
    Date,
    Text,
    Code,
}

/// What most values of a column look like: their kind, and in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub kind: ShapeKind,
    pub text: String,
}

/// What most of `values` look like, in words.
pub fn describe<S: AsRef<str>>(values: &[S]) -> String {
    shape(values).text
}

/// What most of `values` look like.
pub fn shape<S: AsRef<str>>(values: &[S]) -> Shape {
    let (kind, text) = kind_and_text(values);
    Shape { kind, text }
}

/// The kind of `values` and its description.
fn kind_and_text<S: AsRef<str>>(values: &[S]) -> (ShapeKind, String) {
    let values: Vec<&str> = values
        .iter()
        .map(|v| v.as_ref().trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return (ShapeKind::Empty, "nothing (the field is empty)".to_string());
    }
    let most = |test: &dyn Fn(&str) -> bool| {
        values.iter().filter(|v| test(v)).count() * 5 >= values.len() * 4
    };
    let lengths = {
        let (lo, hi) = values.iter().fold((usize::MAX, 0), |(lo, hi), v| {
            (lo.min(v.chars().count()), hi.max(v.chars().count()))
        });
        if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo} to {hi}")
        }
    };
    let hex = |v: &str, n: usize| v.len() == n && v.bytes().all(|b| b.is_ascii_hexdigit());
    if most(&|v| {
        v.len() == 36
            && v.split('-').map(str::len).eq([8, 4, 4, 4, 12])
            && hex(&v.replace('-', ""), 32)
    }) {
        return (ShapeKind::Uuid, "UUIDs".to_string());
    }
    if most(&|v| hex(v, 24) && v.bytes().all(|b| !b.is_ascii_uppercase())) {
        return (
            ShapeKind::IntercomHex,
            "24-character hex ids, like Intercom's own internal ids".to_string(),
        );
    }
    if most(&|v| forms::is_salesforce_id(v)) {
        let object =
            sfid::object_of(values[0]).filter(|&o| most(&|v| sfid::object_of(v) == Some(o)));
        let what = match object {
            Some(o) => format!("{o} ids"),
            None => "ids".to_string(),
        };
        return (
            ShapeKind::Salesforce(object),
            format!("{lengths}-character Salesforce {what}"),
        );
    }
    if most(&|v| v.contains('@') && forms::host(v).is_some()) {
        return (ShapeKind::Email, "email addresses".to_string());
    }
    if most(&|v| forms::host(v).is_some()) {
        let text = if most(&|v| {
            v.contains("://") || v.contains('/') || v.to_ascii_lowercase().starts_with("www.")
        }) {
            "websites"
        } else {
            "domains"
        };
        return (ShapeKind::Domain, text.to_string());
    }
    if most(&|v| v.bytes().all(|b| b.is_ascii_digit())) {
        return (ShapeKind::Number, format!("numbers of {lengths} digits"));
    }
    if most(&|v| scientific_parts(v).is_some()) {
        return (
            ShapeKind::Scientific,
            format!(
                "numbers in scientific notation ({}), as a spreadsheet shows long numbers",
                values[0]
            ),
        );
    }
    if most(&|v| {
        let digits = v.strip_prefix('-').unwrap_or(v);
        digits.split_once(['.', ',']).is_some_and(|(whole, part)| {
            [whole, part]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
    }) {
        return (ShapeKind::Decimal, "decimal numbers".to_string());
    }
    if let Some(prefix) = common_prefix(&values) {
        return (ShapeKind::Prefixed, format!("ids prefixed '{prefix}'"));
    }
    if most(&|v| {
        v.len() >= 10
            && v.as_bytes()[4] == b'-'
            && v.get(..4)
                .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
    }) {
        return (ShapeKind::Date, "dates".to_string());
    }
    if most(&|v| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "0" | "1"
        )
    }) {
        return (ShapeKind::Boolean, "true or false values".to_string());
    }
    if most(&|v| {
        v.split_whitespace().count() >= 2
            && v.split_whitespace()
                .next()
                .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    }) {
        return (ShapeKind::Address, "street addresses".to_string());
    }
    // A column of tickers (`AAPL`) holds codes, though each reads as a name.
    if most(&|v| forms::is_name(v) && v.split_whitespace().count() <= 8)
        && !most(&|v| forms::is_capitals_code(v))
    {
        return (ShapeKind::Name, "names".to_string());
    }
    if most(&|v| v.contains(' ')) {
        return (ShapeKind::Text, "text".to_string());
    }
    (ShapeKind::Code, format!("codes of {lengths} characters"))
}

/// `v` as a whole number the way a spreadsheet shows a long one: one
/// digit, maybe a decimal mark and more digits, then `E+` and the exponent
/// (`2.76E+10`, `1.23457E+11`, and with the comma of continental Europe,
/// `1,23457E+11`). Its digits before and after the mark, and the exponent.
fn scientific_parts(v: &str) -> Option<(&str, &str, u32)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (mantissa, exponent) = v.split_once(['e', 'E'])?;
    let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, ""));
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let whole = int.len() == 1
        && int != "0"
        && digits(int)
        && (frac.is_empty() || digits(frac))
        && digits(exponent);
    let exponent: u32 = exponent.parse().ok().filter(|_| whole)?;
    (exponent as usize >= frac.len()).then_some((int, frac, exponent))
}

/// What to do about company ids a spreadsheet rounded.
pub const EXPORT_AGAIN: &str = "export the companies from Intercom again and do not open the file in a spreadsheet (or format the column as text before saving)";

/// What to do about an Account field a spreadsheet rounded.
pub const EXPORT_ACCOUNTS_AGAIN: &str = "export the accounts again and do not open the file in a spreadsheet (or format the column as text before saving)";

/// A company id a spreadsheet rounded: as it shows, and the whole numbers
/// it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rounded {
    pub shown: String,
    pub low: u64,
    pub high: u64,
}

impl Rounded {
    /// `v` (trimmed), if it is a number in scientific notation that lost
    /// digits to it.
    fn of(v: &str) -> Option<Rounded> {
        let shown = v.trim();
        let (low, high) = rounded_range(shown)?;
        Some(Rounded {
            shown: shown.to_string(),
            low,
            high,
        })
    }

    /// What happened to the values of `what` (`company_id`, a field), in
    /// words.
    pub fn sentence(&self, what: &str) -> String {
        format!(
            "{what} went through a spreadsheet, which shows long numbers in scientific notation and, saving them so, keeps only their first digits: {} stands for any number from {} to {}",
            self.shown,
            thousands(self.low),
            thousands(self.high)
        )
    }
}

/// When most of `values` are numbers in scientific notation (see
/// [`ShapeKind::Scientific`]), the first that lost digits to it. Such
/// company ids no field can hold, and none should be written anywhere.
pub fn rounded_by_spreadsheet<S: AsRef<str>>(values: &[S]) -> Option<Rounded> {
    if shape(values).kind != ShapeKind::Scientific {
        return None;
    }
    values.iter().find_map(|v| Rounded::of(v.as_ref()))
}

/// When most of `values` are numbers in scientific notation and most of
/// those stand for numbers among `ids` (sorted), one that does: a column of
/// ids a spreadsheet rounded, rather than amounts.
pub fn rounded_around<S: AsRef<str>>(values: &[S], ids: &[u64]) -> Option<Rounded> {
    if shape(values).kind != ShapeKind::Scientific {
        return None;
    }
    let mut around = values.iter().filter_map(|v| {
        let r = Rounded::of(v.as_ref())?;
        let first = ids.partition_point(|&id| id < r.low);
        ids.get(first).is_some_and(|&id| id <= r.high).then_some(r)
    });
    let first = around.next()?;
    ((1 + around.count()) * 2 >= values.len()).then_some(first)
}

/// Values of a field written with accents where the ids are written
/// without them (`Alingsås kommun` and `alingsas-kommun`). No fix takes
/// accents away, so these ids match nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accented {
    /// Values with a letter with an accent that are, once every accent is
    /// taken away, the letters and digits of an id.
    pub values: usize,
    /// The first such value, and its id.
    pub value: String,
    pub id: String,
}

/// [`Accented`] of each field's sampled `values` against `ids`, where some
/// value is so. The few values with accents are folded first, and the ids,
/// as many as the companies with `--sample 0`, are read once for them all.
pub fn accented_ids<S: AsRef<str>, I: AsRef<str>>(
    fields: &[&[S]],
    ids: &[I],
) -> Vec<Option<Accented>> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let skeleton_into = |s: &str, key: &mut String| {
        key.clear();
        forms::push_ascii_skeleton(s.as_bytes(), key, usize::MAX);
    };
    // Every letter and digit is ASCII: an id written without accents, or a
    // value without what is left of them.
    let ascii_letters =
        |s: &str| s.is_ascii() || s.chars().all(|c| c.is_ascii() || !c.is_alphanumeric());
    // Each field's values with accents, in order, with the skeleton they
    // have without them, where every letter folds to ASCII (`Łódź` keeps
    // its `Ł`) and the skeleton is long enough to tell.
    let folded: Vec<Vec<(&str, Option<String>)>> = fields
        .iter()
        .map(|values| {
            values
                .iter()
                .map(|v| v.as_ref().trim())
                .filter(|v| !v.is_ascii())
                .map(|v| {
                    let bare: String = v.nfkd().filter(|&c| !is_combining_mark(c)).collect();
                    let mut key = String::new();
                    skeleton_into(&bare, &mut key);
                    (v, (ascii_letters(&bare) && key.len() >= 4).then_some(key))
                })
                .collect()
        })
        .collect();
    // The id of each such skeleton: the last of the ids that have it.
    let mut id_of: rustc_hash::FxHashMap<&str, Option<&str>> = folded
        .iter()
        .flatten()
        .filter_map(|(_, key)| Some((key.as_deref()?, None)))
        .collect();
    if !id_of.is_empty() {
        let mut key = String::new();
        for id in ids.iter().map(AsRef::as_ref).filter(|id| ascii_letters(id)) {
            skeleton_into(id, &mut key);
            if let Some(found) = id_of.get_mut(key.as_str()) {
                *found = Some(id);
            }
        }
    }
    folded
        .iter()
        .map(|values| {
            let mut found = values
                .iter()
                .filter_map(|(v, key)| Some((*v, (*id_of.get(key.as_deref()?)?)?)));
            let (value, id) = found.next()?;
            Some(Accented {
                values: 1 + found.count(),
                value: value.to_string(),
                id: id.to_string(),
            })
        })
        .collect()
}

/// The whole numbers that a spreadsheet shows as `v` in scientific
/// notation, when it dropped digits to: `2.76E+10` is 27,550,000,000 to
/// 27,649,999,999. `None` when no digit was dropped, or the numbers are too
/// long to count in.
fn rounded_range(v: &str) -> Option<(u64, u64)> {
    let (int, frac, exponent) = scientific_parts(v)?;
    let dropped = exponent - frac.len() as u32;
    let unit = 10u64.checked_pow(dropped)?;
    let kept: u64 = format!("{int}{frac}").parse().ok()?;
    let value = kept.checked_mul(unit)?;
    (dropped > 0).then(|| (value - unit / 2, value + unit / 2 - 1))
}

/// The word prefix (`cus_`, `org-`) most values share, if any.
fn common_prefix(values: &[&str]) -> Option<String> {
    let first = forms::split_prefix(values[0])?.0.to_ascii_lowercase();
    let sharing = values
        .iter()
        .filter(|v| forms::split_prefix(v).is_some_and(|(p, _)| p.eq_ignore_ascii_case(&first)))
        .count();
    (sharing * 5 >= values.len() * 4).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_accents_are_told_from_ids_written_without() {
        let values = [
            "Strömsunds kommun",
            "Ale kommun",
            "Łódź Bank",
            "Åre",
            "Håbo kommun",
            "Sölvesborgs kommun",
        ];
        // `Łódź` keeps its `Ł` without accents (`odz` is no id of it),
        // `Åre` is too short to tell, `haabo` is another way of writing
        // `å`, and an id with a letter that is not ASCII is written with
        // its accents (one with a dash that is not ASCII need not be).
        let ids = [
            "stromsunds\u{2013}kommun",
            "ale-kommun",
            "lodz-bank",
            "odz-bank",
            "are",
            "haabo-kommun",
            "sölvesborgs-kommun",
        ];
        let found = accented_ids(&[&values[..]], &ids)[0].clone().unwrap();
        assert_eq!(
            found,
            Accented {
                values: 1,
                value: "Strömsunds kommun".to_string(),
                id: "stromsunds\u{2013}kommun".to_string(),
            }
        );
        let both = accented_ids(&[&values[..]], &["solvesborgs-kommun", "stromsunds-kommun"]);
        let both = both[0].as_ref().unwrap();
        assert_eq!((both.values, both.id.as_str()), (2, "stromsunds-kommun"));
        assert_eq!(
            accented_ids(&[&["Ale kommun"][..]], &["ale-kommun"]),
            [None]
        );
        assert_eq!(accented_ids(&[&values[..]], &["karlskrona-kommun"]), [None]);
        // Each field is told of its own values, from one reading of the ids.
        let fields: [&[&str]; 3] = [&["Ale kommun"], &values, &["Sölvesborgs kommun"]];
        let each = accented_ids(&fields, &["solvesborgs-kommun", "stromsunds-kommun"]);
        let ids: Vec<_> = each
            .iter()
            .map(|a| a.as_ref().map(|a| a.id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [None, Some("stromsunds-kommun"), Some("solvesborgs-kommun")]
        );
    }

    #[test]
    fn describes_common_id_shapes() {
        let cases: &[(&[&str], &str)] = &[
            (
                &[
                    "6f1c1e0a-3b5d-4c2e-9a7b-1d2e3f4a5b6c",
                    "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                ],
                "UUIDs",
            ),
            (
                &["531ee472cce572a6ec000006", "531ee472cce572a6ec000007"],
                "24-character hex ids, like Intercom's own internal ids",
            ),
            (
                &["0015g00000JrXP5AAN", "0015g000005nZHDAA2"],
                "18-character Salesforce Account ids",
            ),
            (
                &["0015g00000JrXP5", "0035g000005nZHD"],
                "15-character Salesforce ids",
            ),
            (&["jane@acme.com", "bob@globex.io"], "email addresses"),
            (&["https://www.acme.com/", "www.globex.io"], "websites"),
            (&["acme.com", "globex.io"], "domains"),
            (&["104217", "1042173"], "numbers of 6 to 7 digits"),
            (&["cus_AbC123", "cus_XyZ789"], "ids prefixed 'cus_'"),
            (&["2026-09-02T22:07:23.000Z", "2025-01-01"], "dates"),
            (&["Acme Robotics", "Globex Labs"], "names"),
            (&["spago", "arts deli", "the palm (los angeles)"], "names"),
            (&["false", "true"], "true or false values"),
            (
                &["150 Palmer Drive", "2525 West Broadway"],
                "street addresses",
            ),
            (
                &["0033600001gyv5BAAQ", "0033600001gyv5CAAQ"],
                "18-character Salesforce Contact ids",
            ),
            (&["4-203974", "4-203986"], "ids prefixed '4-'"),
            (
                &["A long description, with commas and 12 numbers in it, goes on"],
                "text",
            ),
            (&["AB12", "CD345"], "codes of 4 to 5 characters"),
            (&["29.69", "8.57", "-0.44", "12,5"], "decimal numbers"),
            (
                &["AAPL", "MMM", "A", "GOOGL", "IBM"],
                "codes of 1 to 5 characters",
            ),
            (&["Acme", "Globex", "IBM", "Initech", "Hooli"], "names"),
            (
                &["2.76E+10", "8.46E+10", "1.23457E+11", "7E+9"],
                "numbers in scientific notation (2.76E+10), as a spreadsheet shows long numbers",
            ),
            // Not whole numbers: an amount, an exponent too small, a code.
            (
                &["1.2345E+2", "3.5E-3", "10e22"],
                "codes of 5 to 9 characters",
            ),
        ];
        for (values, expected) in cases {
            assert_eq!(describe(values), *expected, "{values:?}");
        }
        assert_eq!(describe::<&str>(&[]), "nothing (the field is empty)");
        assert_eq!(shape(&["104217"]).kind, shape(&["12", "12345"]).kind);
        assert_eq!(shape(&["https://acme.com/x"]).kind, ShapeKind::Domain);
        assert_ne!(shape(&["104217"]).kind, shape(&["acme.com"]).kind);
    }

    #[test]
    fn a_number_in_scientific_notation_stands_for_the_numbers_it_rounds() {
        assert_eq!(
            rounded_range("2.76E+10"),
            Some((27_550_000_000, 27_649_999_999))
        );
        assert_eq!(
            rounded_range("1.23457E+11"),
            Some((123_456_500_000, 123_457_499_999))
        );
        assert_eq!(rounded_range("7E+1"), Some((65, 74)));
        // Every digit kept, or too long to count in.
        assert_eq!(rounded_range("1.23457E+5"), None);
        assert_eq!(rounded_range("9.9E+30"), None);
        assert_eq!(rounded_range("1.5E-3"), None);
        // Ids are rounded only where most are in scientific notation.
        let ids = [" 1.23457E+5 ", "2.76E+10", "8.46E+10"];
        let r = rounded_by_spreadsheet(&ids).unwrap();
        assert_eq!((r.shown.as_str(), r.low), ("2.76E+10", 27_550_000_000));
        assert!(
            r.sentence("company_id")
                .contains("27,550,000,000 to 27,649,999,999")
        );
        assert_eq!(rounded_by_spreadsheet(&["2.76E+10", "a", "b", "c"]), None);
        // A column rounded from ids, against amounts that stand for none.
        let ids = [27_634_000_000, 84_600_123_456];
        let r = rounded_around(&["2.76E+10", "8.46E+10", "9.99E+10"], &ids).unwrap();
        assert_eq!(r.shown, "2.76E+10");
        assert_eq!(rounded_around(&["6.0E7", "1.2E9", "5.5E6"], &ids), None);
        assert_eq!(
            rounded_around(&["2.76E+10", "9.98E+10", "9.99E+10"], &ids),
            None
        );
    }
}

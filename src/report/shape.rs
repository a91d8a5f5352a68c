//! Describing what a column of values looks like, in words an admin knows:
//! "UUIDs", "18-character Salesforce Contact ids", "websites", "names",
//! "numbers of 6 digits".
//! Used to explain why no field holds the company ids.

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
    if most(&|v| forms::is_name(v) && v.split_whitespace().count() <= 8) {
        return (ShapeKind::Name, "names".to_string());
    }
    if most(&|v| v.contains(' ')) {
        return (ShapeKind::Text, "text".to_string());
    }
    (ShapeKind::Code, format!("codes of {lengths} characters"))
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
        ];
        for (values, expected) in cases {
            assert_eq!(describe(values), *expected, "{values:?}");
        }
        assert_eq!(describe::<&str>(&[]), "nothing (the field is empty)");
        assert_eq!(shape(&["104217"]).kind, shape(&["12", "12345"]).kind);
        assert_eq!(shape(&["https://acme.com/x"]).kind, ShapeKind::Domain);
        assert_ne!(shape(&["104217"]).kind, shape(&["acme.com"]).kind);
    }
}

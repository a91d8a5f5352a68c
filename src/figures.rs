//! How numbers are written for people: thousands grouped, counts with their
//! plural, rates as percentages.

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `n` things: `1 row`, `2,400 rows`, `3 companies`.
pub fn count(n: u64, thing: &str) -> String {
    if n == 1 {
        return format!("1 {thing}");
    }
    match thing.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o']) => format!("{} {stem}ies", thousands(n)),
        _ => format!("{} {thing}s", thousands(n)),
    }
}

/// A rate as a percentage with one decimal: `0.9625` as `96.3%`.
pub fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// `value` as a person can read it: quoted, with what cannot be seen
/// written out, when it has spaces at an end or characters that show as
/// nothing (tabs, no-break and zero-width spaces); as it is otherwise.
pub fn visible(value: &str) -> String {
    let hidden = |c: char| {
        c.is_whitespace() && c != ' ' || matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}')
    };
    let padded = value.starts_with(' ') || value.ends_with(' ');
    if !padded && !value.chars().any(hidden) {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if hidden(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn what_cannot_be_seen_is_shown() {
        assert_eq!(visible("102249"), "102249");
        assert_eq!(visible("Acme Inc"), "Acme Inc");
        assert_eq!(visible("102249   "), "\"102249   \"");
        assert_eq!(visible("a\u{a0}b"), "\"a\\u{00a0}b\"");
        assert_eq!(visible("\tx\u{200b}"), "\"\\tx\\u{200b}\"");
    }

    #[test]
    fn counts_take_the_plural() {
        assert_eq!(count(1, "company"), "1 company");
        assert_eq!(count(2, "company"), "2 companies");
        assert_eq!(count(1200, "company row"), "1,200 company rows");
        assert_eq!(count(0, "day"), "0 days");
    }
}

//! How the report writes numbers: thousands grouped, counts with their
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
    fn counts_take_the_plural() {
        assert_eq!(count(1, "company"), "1 company");
        assert_eq!(count(2, "company"), "2 companies");
        assert_eq!(count(1200, "company row"), "1,200 company rows");
        assert_eq!(count(0, "day"), "0 days");
    }
}

//! Numbers as exports write them, in the locale that wrote them.
//!
//! The Salesforce API and Intercom write `1200.5`; reports write the user's
//! locale (`1,200.50` in the United States, `1.200,50` in Germany, `1 200,50`
//! in France, `1’200.50` in Switzerland), and Excel re-saves a CSV with its
//! locale's decimal mark (the `;`-separated files of continental Europe
//! write `1200,5`). A column writes all its numbers one way, so the way is
//! chosen per column ([`Mark::of_values`]).

/// The decimal mark of a column, and with it the marks that group its
/// thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `1,200.50` and `1’200.50`: a point before the fraction.
    Point,
    /// `1.200,50` and `1 200,50`: a comma before the fraction.
    Comma,
}

impl Mark {
    /// The decimal mark and the marks that may group thousands.
    fn marks(self) -> (char, &'static [char]) {
        match self {
            Mark::Point => ('.', &[',', '\'', '\u{2019}']),
            // Spaces, as French and Nordic reports write them: plain, no-break
            // and narrow no-break.
            Mark::Comma => (',', &['.', ' ', '\u{a0}', '\u{202f}']),
        }
    }

    /// Whether `c` is this mark's decimal mark or one of its groups'.
    fn is_mark(self, c: char) -> bool {
        let (decimal, groups) = self.marks();
        c == decimal || groups.contains(&c)
    }

    /// The mark a column of `values` writes: the one whose numbers most
    /// values read as only that way (`1,200.50`, `12,5`), or, when none do,
    /// the one most values read as thousands (`1.200` is 1200 more often
    /// than 1.2); a point when neither says.
    pub fn of_values<'a>(values: impl IntoIterator<Item = &'a str>) -> Mark {
        // Per mark: values only it reads, values it reads as thousands
        // that the other reads as a fraction.
        let mut only = [0u32; 2];
        let mut grouped = [0u32; 2];
        for v in values {
            // Text reads as no number, and a number without marks alike
            // either way: neither says anything.
            let t = without_code(v.trim());
            let begins = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | ',');
            let marked = |c: char| Mark::Point.is_mark(c) || Mark::Comma.is_mark(c);
            if !t.starts_with(|c: char| begins(c) || CURRENCY.contains(&c)) || !t.contains(marked) {
                continue;
            }
            match (number_in(v, Mark::Point), number_in(v, Mark::Comma)) {
                (Some(_), None) => only[0] += 1,
                (None, Some(_)) => only[1] += 1,
                (Some(p), Some(c)) if p.abs() > c.abs() => grouped[0] += 1,
                (Some(p), Some(c)) if c.abs() > p.abs() => grouped[1] += 1,
                _ => {}
            }
        }
        let comma = if only != [0, 0] {
            only[1] > only[0]
        } else {
            grouped[1] > grouped[0]
        };
        if comma { Mark::Comma } else { Mark::Point }
    }
}

/// Currency signs a number may carry, before it or after it.
const CURRENCY: [char; 4] = ['$', '€', '£', '¥'];

/// Currency codes a number may carry, apart by a space: an org with
/// several currencies writes each amount with its own (`USD 1,200.00`,
/// `1.200,00 EUR`).
const CODES: [&str; 24] = [
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK",
    "HUF", "INR", "CNY", "HKD", "SGD", "BRL", "MXN", "ZAR", "ILS", "AED", "KRW",
];

/// `s` without a currency code before or after it.
fn without_code(s: &str) -> &str {
    let code = |c: &str| CODES.contains(&c);
    match (s.get(..4), s.get(s.len().saturating_sub(4)..)) {
        (Some(head), _) if head.ends_with(' ') && code(&head[..3]) => s[4..].trim_start(),
        (_, Some(tail)) if tail.starts_with(' ') && code(&tail[1..]) => s[..s.len() - 4].trim_end(),
        _ => s,
    }
}

/// A number as a column of `mark` writes it: `1200`, `1,200.00`, `$1,200`,
/// `12%`, `1.57E8` with a point; `1.200,00`, `1 200,00 €`, `12,5` with a
/// comma. Not a code with a leading zero (`00123`), which is text, and not
/// a value whose thousands are grouped but for threes (`1,20`).
pub fn number_in(raw: &str, mark: Mark) -> Option<f64> {
    let s = without_code(raw.trim());
    let s = s.strip_prefix(CURRENCY).unwrap_or(s).trim_start();
    let s = s.strip_suffix(CURRENCY).unwrap_or(s).trim_end();
    let s = s.strip_suffix('%').unwrap_or(s).trim_end();
    let (decimal, groups) = mark.marks();
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let first = unsigned.chars().next()?;
    if !(first.is_ascii_digit() || first == decimal) {
        return None;
    }
    let digit = |b: u8| b.is_ascii_digit();
    if unsigned.len() > 1 && first == '0' && digit(unsigned.as_bytes()[1]) {
        return None;
    }
    // Digits, marks and an exponent only: a date, an address or a phone
    // number is told in one look at its characters.
    let numeric =
        |c: char| c.is_ascii_digit() || mark.is_mark(c) || matches!(c, 'e' | 'E' | '+' | '-');
    if !unsigned.chars().all(numeric) {
        return None;
    }
    let (whole, fraction) = match unsigned.split_once(decimal) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let grouped = whole.contains(groups);
    if grouped {
        // Thousands grouped by threes, after a head of one to three digits
        // that is no lone zero (`0.125` is a fraction, whatever the mark).
        let mut parts = whole.split(groups);
        let head = parts.next()?;
        let threes = (1..=3).contains(&head.len())
            && head.bytes().all(digit)
            && !head.starts_with('0')
            && parts.all(|g| g.len() == 3 && g.bytes().all(digit));
        if !threes {
            return None;
        }
    }
    // Most numbers are written as Rust reads them: no copy.
    let finite = |x: f64| x.is_finite();
    if !grouped && (decimal == '.' || fraction.is_none()) {
        return s.parse::<f64>().ok().filter(|&x| finite(x));
    }
    let mut plain: String = s.chars().take(s.len() - unsigned.len()).collect();
    plain.extend(whole.chars().filter(|c| !groups.contains(c)));
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    plain.parse::<f64>().ok().filter(|&x| finite(x))
}

/// A range of numbers as sizes are written in bands, in a column of
/// `mark`: `51-200`, `1,001 – 5,000`, `10,000+`.
pub fn band_in(raw: &str, mark: Mark) -> Option<(f64, f64)> {
    let s = raw.trim();
    if let Some(low) = s.strip_suffix('+') {
        return number_in(low, mark).map(|l| (l, f64::INFINITY));
    }
    let (low, high) = s.split_once(['-', '–', '—'])?;
    let (low, high) = (number_in(low.trim(), mark)?, number_in(high.trim(), mark)?);
    (low <= high).then_some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(raw: &str) -> Option<f64> {
        number_in(raw, Mark::Point)
    }

    #[test]
    fn numbers_as_exports_write_them() {
        assert_eq!(number("1,200.00"), Some(1200.0));
        assert_eq!(number("$1,200"), Some(1200.0));
        assert_eq!(number("1.57E8"), Some(1.57e8));
        assert_eq!(number("12%"), Some(12.0));
        assert_eq!(number("-1,200.5"), Some(-1200.5));
        assert_eq!(number(".5"), Some(0.5));
        assert_eq!(number("00123"), None, "a code, not a number");
        assert_eq!(number("1,20"), None);
        assert_eq!(number("inf"), None);
        assert_eq!(number("cus_12"), None);
        assert_eq!(number("1’200.50"), Some(1200.5), "Swiss");
        assert_eq!(
            number("USD 1,200.00"),
            Some(1200.0),
            "an org of several currencies"
        );
        assert_eq!(number_in("1.200,00 EUR", Mark::Comma), Some(1200.0));
        assert_eq!(number("SIC 7372"), None, "a code, not a currency");
        assert_eq!(number("USD"), None);
    }

    #[test]
    fn numbers_with_a_decimal_comma_as_europe_writes_them() {
        let comma = |raw: &str| number_in(raw, Mark::Comma);
        assert_eq!(comma("1.200,50"), Some(1200.5), "German");
        assert_eq!(comma("1 200,50 €"), Some(1200.5), "French");
        assert_eq!(comma("1\u{202f}200,50\u{a0}€"), Some(1200.5), "ICU French");
        assert_eq!(comma("1200,5"), Some(1200.5), "Excel in Europe");
        assert_eq!(comma("1.234.567"), Some(1_234_567.0));
        assert_eq!(comma("-12,5%"), Some(-12.5));
        assert_eq!(comma("1,57E+08"), Some(1.57e8));
        for not in ["1.20", "1,2,3", "0.125", "00123", "12.5", "1.234,5.6"] {
            assert_eq!(comma(not), None, "{not}");
        }
        assert_eq!(
            band_in("1.001 – 5.000", Mark::Comma),
            Some((1001.0, 5000.0))
        );
        assert_eq!(
            band_in("10.000+", Mark::Comma),
            Some((10000.0, f64::INFINITY))
        );
    }

    #[test]
    fn a_column_is_read_with_the_mark_it_writes() {
        let mark = |values: &[&str]| Mark::of_values(values.iter().copied());
        // A value only one mark reads decides.
        assert_eq!(mark(&["1.200", "850", "1.234,5"]), Mark::Comma);
        assert_eq!(mark(&["1,200", "850", "12,345.67"]), Mark::Point);
        assert_eq!(mark(&["1.250", "0.125", "2.500"]), Mark::Point);
        assert_eq!(mark(&["68955114.0", "1.57E8"]), Mark::Point);
        // Else a separator before three digits groups thousands.
        assert_eq!(mark(&["1.200", "850", "3.400"]), Mark::Comma);
        assert_eq!(mark(&["-1.200", "-850", "-3.400"]), Mark::Comma);
        assert_eq!(mark(&["1,200", "850"]), Mark::Point);
        // Else a point, as the API writes.
        assert_eq!(mark(&["1200", "850", "n/a"]), Mark::Point);
        assert_eq!(mark(&["EUR 1.200,00", "EUR 850,00"]), Mark::Comma);
        assert_eq!(mark(&[]), Mark::Point);
    }

    #[test]
    fn bands() {
        assert_eq!(band_in("51-200", Mark::Point), Some((51.0, 200.0)));
        assert_eq!(
            band_in("1,001 – 5,000", Mark::Point),
            Some((1001.0, 5000.0))
        );
        assert_eq!(
            band_in("10,000+", Mark::Point),
            Some((10000.0, f64::INFINITY))
        );
        assert_eq!(band_in("2021-09-14", Mark::Point), None);
    }
}

//! Confidence in rates measured on a sample.
//!
//! Every rate fieldmatch reports is a share of the sampled ids, so it comes
//! with sampling error. The Wilson score interval is used because it stays
//! inside 0..1 and is honest for rates near 0 or 1 and small samples, where
//! the textbook normal interval is not.

/// z for a 95% two-sided interval.
const Z: f64 = 1.959_963_984_540_054;

/// The 95% Wilson score interval of `successes` out of `trials`.
pub fn wilson(successes: u64, trials: u64) -> (f64, f64) {
    if trials == 0 {
        return (0.0, 1.0);
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    // At 0 or all successes the bound is exactly 0 or 1, whatever rounding says.
    let lo = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if successes == trials {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (lo, hi)
}

/// The sample size at which two rates `a` and `b` would have 95% intervals
/// that no longer overlap (by the normal approximation), or `None` when they
/// are equal.
pub fn sample_to_separate(a: f64, b: f64) -> Option<u64> {
    let gap = (a - b).abs();
    if gap < 1e-9 {
        return None;
    }
    let spread = (a * (1.0 - a)).sqrt() + (b * (1.0 - b)).sqrt();
    Some(((Z * spread / gap).powi(2)).ceil().max(1.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_known_values() {
        // 962 of 1000: the textbook example gives about 0.9479..0.9724.
        let (lo, hi) = wilson(962, 1000);
        assert!(
            (lo - 0.9479).abs() < 5e-4 && (hi - 0.9724).abs() < 5e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 50);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.0713).abs() < 5e-4, "{hi}");
        let (lo, hi) = wilson(50, 50);
        assert!((lo - 0.9287).abs() < 5e-4 && hi == 1.0, "{lo}");
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }

    #[test]
    fn intervals_narrow_with_the_sample() {
        let (lo1, hi1) = wilson(50, 100);
        let (lo2, hi2) = wilson(500, 1000);
        assert!(hi2 - lo2 < hi1 - lo1);
    }

    #[test]
    fn separating_close_rates_takes_a_larger_sample() {
        let n = sample_to_separate(0.60, 0.55).unwrap();
        assert!((1400..1600).contains(&n), "{n}");
        assert!(sample_to_separate(0.9, 0.1).unwrap() < 20);
        assert_eq!(sample_to_separate(0.5, 0.5), None);
        // At that size the intervals indeed stop overlapping.
        let (a, b) = (
            wilson((0.60 * n as f64) as u64, n),
            wilson((0.55 * n as f64) as u64, n),
        );
        assert!(a.0 > b.1 - 0.002, "{a:?} {b:?}");
    }
}

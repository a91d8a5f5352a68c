//! Salesforce record ids: the 15-character case-sensitive form, the
//! 18-character form whose 3-character suffix encodes the case of the first
//! 15, and the conversions between them.

/// The alphabet the suffix characters are drawn from.
const SUFFIX_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// Whether `id` has the shape of a 15-character id: ASCII letters and digits.
pub fn is_id15(id: &[u8]) -> bool {
    id.len() == 15 && id.iter().all(u8::is_ascii_alphanumeric)
}

/// Each byte's place in [`SUFFIX_ALPHABET`], read in either case (a suffix
/// is read case-blind), or [`NOT_SUFFIX`]: a suffix is read by looking its
/// characters up, not by searching the alphabet for them.
const SUFFIX_BITS: [u8; 256] = {
    let mut bits = [NOT_SUFFIX; 256];
    let mut i = 0;
    while i < SUFFIX_ALPHABET.len() {
        let c = SUFFIX_ALPHABET[i];
        bits[c as usize] = i as u8;
        bits[c.to_ascii_lowercase() as usize] = i as u8;
        i += 1;
    }
    bits
};
const NOT_SUFFIX: u8 = u8::MAX;

/// The 3-character suffix of a 15-character id: for each chunk of 5, bit `j`
/// is set when character `j` is an uppercase letter.
pub fn suffix(id15: &[u8]) -> Option<[u8; 3]> {
    if !is_id15(id15) {
        return None;
    }
    let mut out = [0u8; 3];
    for (chunk, slot) in id15.chunks(5).zip(&mut out) {
        let bits = chunk
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_uppercase())
            .fold(0usize, |acc, (j, _)| acc | 1 << j);
        *slot = SUFFIX_ALPHABET[bits];
    }
    Some(out)
}

/// The 18-character form of a 15-character id, as bytes: nothing to
/// allocate for a key that is only looked up.
pub fn with_suffix(id15: &[u8]) -> Option<[u8; 18]> {
    let suffix = suffix(id15)?;
    let mut out = [0u8; 18];
    out[..15].copy_from_slice(id15);
    out[15..].copy_from_slice(&suffix);
    Some(out)
}

/// The 18-character form of a 15-character id.
pub fn to_id18(id15: &[u8]) -> Option<String> {
    with_suffix(id15).map(id_string)
}

/// Whether `id18` is a valid 18-character id in some case: what
/// [`restored`] checks.
pub fn is_restorable(id18: &[u8]) -> bool {
    restored(id18).is_some()
}

/// The 18-character id with the case of its first 15 characters restored
/// from the suffix, whatever case it was written in; `None` when it is not a
/// valid 18-character id (a suffix that marks a digit as uppercase, say).
pub fn restored(id18: &[u8]) -> Option<[u8; 18]> {
    let id: &[u8; 18] = id18.try_into().ok()?;
    let upper = marks(&id[15..])?;
    let mut out = [0u8; 18];
    for (i, slot) in out[15..].iter_mut().enumerate() {
        *slot = SUFFIX_ALPHABET[((upper >> (5 * i)) & 31) as usize];
    }
    #[cfg(target_arch = "x86_64")]
    // SAFETY: every x86_64 processor has SSE2.
    let cased = unsafe { cased_sse2(id[..16].try_into().expect("16 bytes"), upper) }?;
    #[cfg(not(target_arch = "x86_64"))]
    let cased = cased_bytes(&id[..15], upper)?;
    out[..15].copy_from_slice(&cased[..15]);
    Some(out)
}

/// What a 3-character `suffix` says of the case of its id's first 15
/// characters: bit `k` set where character `k` is uppercase; `None` if a
/// character of it is not one of [`SUFFIX_ALPHABET`]'s, in either case.
fn marks(suffix: &[u8]) -> Option<u32> {
    suffix.iter().enumerate().try_fold(0, |upper, (i, &c)| {
        let bits = SUFFIX_BITS[usize::from(c)];
        (bits != NOT_SUFFIX).then(|| upper | u32::from(bits) << (5 * i))
    })
}

/// The first 15 characters of an id (`first`), each lowercased, or
/// uppercased where bit `k` of `upper` is set; `None` unless every one is
/// an ASCII letter or digit and every one `upper` marks is a letter.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn cased_bytes(first: &[u8], upper: u32) -> Option<[u8; 15]> {
    let mut out = [0u8; 15];
    for (k, (&c, slot)) in first.iter().zip(&mut out).enumerate() {
        *slot = match (upper >> k) & 1 {
            0 if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            1 if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => return None,
        };
    }
    Some(out)
}

/// `cased_bytes` of the first 15 of 16 `bytes` (the 16th is a suffix's,
/// and its lane is left out), the 16 at once: an id's case is restored for
/// every Salesforce id an export holds, and a byte at a time took about 400
/// instructions an id.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn cased_sse2(bytes: &[u8; 16], upper: u32) -> Option<[u8; 16]> {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set_epi64x, _mm_set1_epi8, _mm_storeu_si128, _mm_sub_epi8, _mm_xor_si128,
    };
    const FIFTEEN: u32 = (1 << 15) - 1;
    let x = crate::bytes::load(bytes);
    let case = _mm_set1_epi8(0x20);
    // A letter is a byte that, lowercased by its case bit, is at most 25
    // past `a` (wrapping).
    let past_a = _mm_sub_epi8(_mm_or_si128(x, case), _mm_set1_epi8(b'a' as i8));
    let letters = _mm_cmpeq_epi8(_mm_min_epu8(past_a, _mm_set1_epi8(25)), past_a);
    let digits = crate::bytes::digit_lanes(x);
    let alnum = _mm_movemask_epi8(_mm_or_si128(letters, digits)) as u32;
    let letter_bits = _mm_movemask_epi8(letters) as u32;
    if alnum & FIFTEEN != FIFTEEN || upper & !letter_bits != 0 {
        return None;
    }
    // Bit `k` of `upper` spread to lane `k`: each half's byte in all eight
    // lanes of its half, each lane keeping its own bit.
    let spread = |b: u32| (u64::from(b as u8) * 0x0101_0101_0101_0101) as i64;
    let places = 0x8040_2010_0804_0201u64 as i64;
    let select = _mm_set_epi64x(places, places);
    let marked = _mm_and_si128(_mm_set_epi64x(spread(upper >> 8), spread(upper)), select);
    let raise = _mm_cmpeq_epi8(marked, select);
    // Letters lowered, then the marked ones raised; digits as they are.
    let lowered = _mm_or_si128(x, _mm_and_si128(letters, case));
    let cased = _mm_xor_si128(lowered, _mm_and_si128(raise, case));
    let mut out = [0u8; 16];
    // SAFETY: the store writes the 16 bytes of `out`, and an unaligned
    // store has no alignment requirement.
    unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), cased) };
    Some(out)
}

/// An id built here as text: ASCII letters and digits.
pub fn as_text(id: &[u8; 18]) -> &str {
    crate::bytes::ascii_text(id).expect("an id built here is ASCII")
}

/// [`as_text`], owned.
pub fn id_string(id: [u8; 18]) -> String {
    as_text(&id).to_owned()
}

/// The object a record id's key prefix (its first three characters) names,
/// for the objects an admin meets most.
pub fn object_of(id: &str) -> Option<&'static str> {
    Some(match id.get(..3)? {
        "001" => "Account",
        "003" => "Contact",
        "005" => "User",
        "006" => "Opportunity",
        "00Q" => "Lead",
        "500" => "Case",
        "00D" => "Organization",
        "701" => "Campaign",
        "800" => "Contract",
        "801" => "Order",
        "00T" => "Task",
        "00U" => "Event",
        "01t" => "Product",
        "02i" => "Asset",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`restored`], owned.
    fn restore_case(id18: &[u8]) -> Option<String> {
        restored(id18).map(id_string)
    }

    /// Whether `id` is a valid 18-character id, exactly as written.
    fn is_id18(id: &[u8]) -> bool {
        restored(id).is_some_and(|r| r[..] == *id)
    }

    /// 15 → 18 vectors from public test suites.
    const VECTORS: &[(&str, &str)] = &[
        ("a0RE000000IJmcN", "a0RE000000IJmcNMAT"),
        ("a01M00000062mPg", "a01M00000062mPgIAI"),
        ("001M000000qfPyS", "001M000000qfPySIAU"),
        ("a0FE000000D6r3F", "a0FE000000D6r3FMAR"),
        ("0F9E000000092w2", "0F9E000000092w2KAA"),
        ("aaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaAAA"),
        ("AbCdEfGhIjKlMnO", "AbCdEfGhIjKlMnOVKV"),
        ("aBcDEfgHIJKLMNO", "aBcDEfgHIJKLMNO025"),
        ("01Q36000000RXX5", "01Q36000000RXX5EAO"),
        ("005360000016xkG", "005360000016xkGAAQ"),
        ("01I36000002zD9R", "01I36000002zD9REAU"),
        ("0013600001ohPTp", "0013600001ohPTpAAM"),
        ("0033600001gyv5B", "0033600001gyv5BAAQ"),
        ("003D0000001aH2A", "003D0000001aH2AIAU"),
        ("0A3D0000001aH2A", "0A3D0000001aH2AKAU"),
        ("999999999999999", "999999999999999AAA"),
        ("ZZZZZZZZZZZZZZZ", "ZZZZZZZZZZZZZZZ555"),
        ("001A000010khO8J", "001A000010khO8JIAU"),
        ("00D000000000062", "00D000000000062EAA"),
    ];

    #[test]
    fn converts_15_to_18() {
        for (id15, id18) in VECTORS {
            assert_eq!(to_id18(id15.as_bytes()).as_deref(), Some(*id18), "{id15}");
            assert!(is_id18(id18.as_bytes()), "{id18}");
        }
    }

    #[test]
    fn restores_the_case_of_a_lowercased_id() {
        assert_eq!(
            restore_case(b"00d000000000062eaa").as_deref(),
            Some("00D000000000062EAA")
        );
        for (_, id18) in VECTORS {
            let lower = id18.to_ascii_lowercase();
            assert_eq!(restore_case(lower.as_bytes()).as_deref(), Some(*id18));
        }
    }

    #[test]
    fn case_tells_apart_ids_that_differ_only_in_case() {
        assert_eq!(
            to_id18(b"00DDE00000485Lg").as_deref(),
            Some("00DDE00000485Lg2AI")
        );
        assert_eq!(
            to_id18(b"00DDE00000485lG").as_deref(),
            Some("00DDE00000485lG2AQ")
        );
    }

    #[test]
    fn restorable_agrees_with_restore_case() {
        for id in [
            "00d000000000062eaa",
            "001A000010khO8JIAU",
            "001000000000000000",
            "00000000000000@AAA",
            "abc",
        ] {
            assert_eq!(
                is_restorable(id.as_bytes()),
                restore_case(id.as_bytes()).is_some(),
                "{id}"
            );
        }
    }

    #[test]
    fn key_prefixes_name_their_objects() {
        assert_eq!(object_of("0013600001ohPTpAAM"), Some("Account"));
        assert_eq!(object_of("0033600001gyv5BAAQ"), Some("Contact"));
        assert_eq!(object_of("00Q3600000abcde"), Some("Lead"));
        assert_eq!(object_of("a0RE000000IJmcN"), None, "a custom object");
    }

    #[test]
    fn rejects_invalid_ids() {
        assert!(!is_id18(b"00A000000000000AAA"));
        assert!(!is_id18(b"001000000000000000"));
        assert!(
            restore_case(b"001000000000000000").is_none(),
            "suffix marks digits as uppercase"
        );
        assert!(to_id18(b"00000000000000@").is_none());
        assert!(to_id18(b"00000000000000").is_none());
        assert!(to_id18(b"0000000000000000").is_none());
    }

    #[test]
    fn the_suffix_table_reads_the_alphabet_in_either_case() {
        for b in 0..=u8::MAX {
            let place = SUFFIX_ALPHABET
                .iter()
                .position(|&a| a == b.to_ascii_uppercase());
            let want = place.map_or(NOT_SUFFIX, |p| p as u8);
            assert_eq!(SUFFIX_BITS[usize::from(b)], want, "{b:#x}");
        }
    }

    /// The case restored as the suffix's definition reads: each suffix
    /// character's place in the alphabet, each bit an uppercase letter; the
    /// suffix then the one that case gives.
    fn restored_by_definition(id18: &[u8]) -> Option<Vec<u8>> {
        if id18.len() != 18 || !id18.iter().all(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut out = id18[..15].to_ascii_lowercase();
        for (i, s) in id18[15..].iter().enumerate() {
            let bits = SUFFIX_ALPHABET
                .iter()
                .position(|a| *a == s.to_ascii_uppercase())?;
            for (j, c) in out[i * 5..i * 5 + 5].iter_mut().enumerate() {
                if bits & (1 << j) != 0 {
                    if !c.is_ascii_alphabetic() {
                        return None;
                    }
                    c.make_ascii_uppercase();
                }
            }
        }
        let suffix = suffix(&out)?;
        out.extend_from_slice(&suffix);
        Some(out)
    }

    #[test]
    fn every_byte_is_cased_or_refused_in_every_place_of_an_id() {
        for b in 0..=255u8 {
            for at in 0..15 {
                for upper in [0, 1 << at, (1 << 15) - 1 - (1 << at), (1 << 15) - 1] {
                    let mut id = *b"abcdefghijklmnoAAA";
                    id[at] = b;
                    // Letters marked by `upper` but for `at` are raised too.
                    let want = cased_bytes(&id[..15], upper);
                    #[cfg(target_arch = "x86_64")]
                    {
                        // SAFETY: every x86_64 processor has SSE2.
                        let got = unsafe { cased_sse2(id[..16].try_into().unwrap(), upper) };
                        assert_eq!(
                            got.map(|g| g[..15].to_vec()),
                            want.map(|w| w.to_vec()),
                            "byte {b:#x} at {at}, marks {upper:#x}"
                        );
                    }
                    let letter = b.is_ascii_alphabetic();
                    let kept = b.is_ascii_alphanumeric() && (letter || upper >> at & 1 == 0);
                    assert_eq!(
                        want.is_some(),
                        kept,
                        "byte {b:#x} at {at}, marks {upper:#x}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// Restored by the table as by the definition, for ids in any case
        /// and for text of about their length.
        #[test]
        fn restores_as_the_definition_does(
            id in proptest::collection::vec(
                proptest::prop_oneof![
                    8 => proptest::sample::select(
                        b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec()
                    ),
                    1 => proptest::prelude::any::<u8>(),
                ],
                17..=19,
            ),
        ) {
            let want = restored_by_definition(&id);
            proptest::prop_assert_eq!(restored(&id).map(|r| r.to_vec()), want.clone());
            // The byte-by-byte way, which other processors take.
            if let Some(upper) = (id.len() == 18).then(|| marks(&id[15..])).flatten() {
                let by_bytes = cased_bytes(&id[..15], upper).map(|c| c.to_vec());
                proptest::prop_assert_eq!(by_bytes, want.as_ref().map(|w| w[..15].to_vec()));
            }
            proptest::prop_assert_eq!(is_restorable(&id), want.is_some());
        }
    }
}

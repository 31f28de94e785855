//! JavaScript's `Number(text)` for strings. Binance sends prices and quantities as decimal
//! strings, and the SDK's JavaScript adapter (`events.fromBinance`) converts them with `Number`:
//! the capture parser uses the same conversion so that both readers accept the same lines and
//! produce the same values.

/// JavaScript's whitespace and line terminators (what `Number` trims; not Rust's
/// `char::is_whitespace`, which differs on U+0085 and U+FEFF).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

/// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, the StrDecimalLiteral grammar
/// without `Infinity` (handled by the caller).
fn is_decimal_literal(t: &[u8]) -> bool {
    let mut i = usize::from(matches!(t.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let s = *i;
        while t.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - s
    };
    let int = digits(&mut i);
    let mut frac = 0;
    if t.get(i) == Some(&b'.') {
        i += 1;
        frac = digits(&mut i);
    }
    if int + frac == 0 {
        return false;
    }
    if let Some(b'e' | b'E') = t.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = t.get(i) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == t.len()
}

/// Powers of ten exactly representable as `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Plain `digits[.digits]` text with at most 15 significant digits (every price and quantity a
/// venue sends): the integer of its digits divided by a power of ten. Both are exact doubles, so
/// the one division is correctly rounded (Clinger's fast path), the same `f64` as the general
/// parser. `None` for anything else.
fn fast_decimal(b: &[u8]) -> Option<f64> {
    let mut m: u64 = 0;
    let mut digits = 0;
    let mut frac: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                // Leading zeros do not count towards the significant digits.
                if m != 0 || c != b'0' {
                    digits += 1;
                }
                m = m * 10 + u64::from(c - b'0');
            }
            b'.' if frac.is_none() && i > 0 && i + 1 < b.len() => frac = Some(b.len() - i - 1),
            _ => return None,
        }
        if digits > 15 {
            return None;
        }
    }
    let f = frac.unwrap_or(0);
    (f < POW10.len()).then(|| m as f64 / POW10[f])
}

/// `Number(text)`: surrounding whitespace ignored, empty text is 0, decimal literals with an
/// optional sign and exponent, `Infinity`, and unsigned `0x` / `0o` / `0b` integers; anything
/// else is NaN.
pub(crate) fn js_number(text: &str) -> f64 {
    if let Some(x) = fast_decimal(text.as_bytes()) {
        return x;
    }
    general(text)
}

/// [`js_number`] of a JSON string's raw bytes: the fast path needs no UTF-8 check.
pub(crate) fn js_number_bytes(text: &[u8]) -> f64 {
    match fast_decimal(text) {
        Some(x) => x,
        None => general(&String::from_utf8_lossy(text)),
    }
}

fn general(text: &str) -> f64 {
    let t = text.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    match t {
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    let b = t.as_bytes();
    if b.len() > 2 && b[0] == b'0' {
        let radix = match b[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            // Digit by digit in f64: exact up to 2^53, then rounded like any large integer.
            return b[2..]
                .iter()
                .try_fold(0.0, |acc: f64, &c| {
                    (c as char)
                        .to_digit(radix)
                        .map(|d| acc * f64::from(radix) + f64::from(d))
                })
                .unwrap_or(f64::NAN);
        }
    }
    if !is_decimal_literal(b) {
        return f64::NAN;
    }
    // Rust's parser accepts this grammar and rounds correctly, as JavaScript does.
    t.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::js_number;

    #[test]
    fn matches_javascript_number() {
        let cases: [(&str, f64); 16] = [
            ("61837.63000000", 61837.63),
            ("0.014", 0.014),
            ("", 0.0),
            ("  12 ", 12.0),
            ("\u{feff}1", 1.0),
            ("1.", 1.0),
            (".5", 0.5),
            ("+2", 2.0),
            ("-3e2", -300.0),
            ("0x1A", 26.0),
            ("0b101", 5.0),
            ("0o17", 15.0),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("007", 7.0),
            ("1e400", f64::INFINITY),
        ];
        for (text, want) in cases {
            assert_eq!(js_number(text), want, "{text:?}");
        }
        for nan in [
            "abc", "1,5", "inf", "NaN", "-0x10", "0x", "1e", ".", "1 2", "\u{85}1",
        ] {
            assert!(js_number(nan).is_nan(), "{nan:?}");
        }
    }
}

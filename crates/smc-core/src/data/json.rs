//! A validating pull scanner over one JSON text, for the capture parser.
//!
//! Why not serde_json: building a `Value` tree per line (maps, strings, one small array per price
//! level) costs more than everything else the replay does. This scanner walks the text once,
//! hands the caller each object key, and parses only the values the caller asks for; everything
//! else is skipped but still checked. It accepts exactly the grammar `JSON.parse` accepts
//! (RFC 8259), so a line is malformed here if and only if it is malformed for JavaScript, which
//! keeps the replay's reject reasons the same as the JavaScript reader's.

use std::borrow::Cow;

/// Where and why a text is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub at: usize,
    pub what: &'static str,
}

pub(crate) type Scan<T> = Result<T, SyntaxError>;

/// Nesting deeper than this is refused (a guard for the recursive skip, far beyond real data).
const MAX_DEPTH: usize = 256;

/// A string value or key as it appears in the text (between the quotes, escapes not decoded).
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonStr<'a> {
    raw: &'a [u8],
    escaped: bool,
}

impl<'a> JsonStr<'a> {
    /// Whether the decoded string equals `key` (keys are almost never escaped: then a byte compare).
    pub fn is(&self, key: &str) -> bool {
        if self.escaped {
            self.decode() == key
        } else {
            self.raw == key.as_bytes()
        }
    }

    /// The bytes between the quotes when the string has no escapes (then they are its text).
    pub fn plain(&self) -> Option<&'a [u8]> {
        (!self.escaped).then_some(self.raw)
    }

    /// The decoded text. Invalid UTF-8 and lone surrogates become U+FFFD, as when JavaScript
    /// decodes the line (the replacement happens when the text is read, before `JSON.parse`).
    pub fn decode(&self) -> Cow<'a, str> {
        if !self.escaped {
            return String::from_utf8_lossy(self.raw);
        }
        let mut out = Vec::with_capacity(self.raw.len());
        let mut i = 0;
        let b = self.raw;
        while i < b.len() {
            if b[i] != b'\\' {
                out.push(b[i]);
                i += 1;
                continue;
            }
            // The scanner validated every escape, so the indexing below stays in bounds.
            let c = b[i + 1];
            i += 2;
            let ch = match c {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                _ => {
                    let hi = hex4(&b[i..i + 4]);
                    i += 4;
                    let pair = (0xD800..0xDC00).contains(&hi)
                        && b.get(i) == Some(&b'\\')
                        && b.get(i + 1) == Some(&b'u');
                    let lo = if pair { hex4(&b[i + 2..i + 6]) } else { 0 };
                    if pair && (0xDC00..0xE000).contains(&lo) {
                        i += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            .unwrap_or('\u{FFFD}')
                    } else {
                        char::from_u32(hi).unwrap_or('\u{FFFD}')
                    }
                }
            };
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        Cow::Owned(String::from_utf8_lossy(&out).into_owned())
    }
}

fn hex4(b: &[u8]) -> u32 {
    b.iter().fold(0, |acc, &c| {
        acc * 16 + (c as char).to_digit(16).unwrap_or(0)
    })
}

/// The kind of the value that starts at the scanner's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Literal,
}

/// `true`, `false` or `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Literal {
    True,
    False,
    Null,
}

pub(crate) struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        Scanner { b: text, i: 0 }
    }

    fn err<T>(&self, what: &'static str) -> Scan<T> {
        Err(SyntaxError { at: self.i, what })
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// Only whitespace may follow the value.
    pub fn end(&mut self) -> Scan<()> {
        self.ws();
        if self.i < self.b.len() {
            return self.err("unexpected text after the JSON value");
        }
        Ok(())
    }

    /// The kind of the next value (after whitespace), without consuming it.
    pub fn kind(&mut self) -> Scan<Kind> {
        self.ws();
        match self.b.get(self.i) {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b't' | b'f' | b'n') => Ok(Kind::Literal),
            None => self.err("unexpected end of JSON input"),
            Some(_) => self.err("unexpected character"),
        }
    }

    pub fn literal(&mut self) -> Scan<Literal> {
        self.ws();
        let rest = &self.b[self.i..];
        let (lit, len) = if rest.starts_with(b"true") {
            (Literal::True, 4)
        } else if rest.starts_with(b"false") {
            (Literal::False, 5)
        } else if rest.starts_with(b"null") {
            (Literal::Null, 4)
        } else {
            return self.err("unexpected character");
        };
        self.i += len;
        Ok(lit)
    }

    /// A number, checked against the JSON grammar, as the `f64` JavaScript would make of it
    /// (both round correctly; overflow gives an infinity, as in JavaScript).
    pub fn number(&mut self) -> Scan<f64> {
        self.ws();
        let start = self.i;
        let b = self.b;
        let digits = |i: &mut usize| {
            let s = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            *i - s
        };
        let mut i = self.i;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => {
                return Err(SyntaxError {
                    at: i,
                    what: "bad number",
                })
            }
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return Err(SyntaxError {
                    at: i,
                    what: "bad number",
                });
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(SyntaxError {
                    at: i,
                    what: "bad number",
                });
            }
        }
        self.i = i;
        // The grammar above is a subset of what Rust's parser accepts, so this cannot fail.
        let text = std::str::from_utf8(&b[start..i]).unwrap_or("NaN");
        Ok(text.parse().unwrap_or(f64::NAN))
    }

    pub fn string(&mut self) -> Scan<JsonStr<'a>> {
        self.ws();
        if self.b.get(self.i) != Some(&b'"') {
            return self.err("expected a string");
        }
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return self.err("unterminated string");
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match self.b.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u') => {
                            let hex = self.b.get(self.i + 2..self.i + 6);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return self.err("bad unicode escape");
                            }
                            self.i += 6;
                        }
                        _ => return self.err("bad escape"),
                    }
                }
                0..=0x1f => return self.err("control character in string"),
                _ => self.i += 1,
            }
        }
        let raw = &self.b[start..self.i];
        self.i += 1;
        Ok(JsonStr { raw, escaped })
    }

    /// The fast path of a price level: an array of exactly two strings without escapes and
    /// without whitespace inside the brackets (`["61837.63","0.014"]`, what venues send). Returns
    /// the two strings' bytes and consumes the array; otherwise consumes nothing and returns
    /// `None`, and the caller takes the general path.
    pub fn plain_string_pair(&mut self) -> Option<(&'a [u8], &'a [u8])> {
        self.ws();
        let b = self.b;
        let mut i = self.i;
        if b.get(i) != Some(&b'[') {
            return None;
        }
        let field = |i: &mut usize| -> Option<&'a [u8]> {
            if b.get(*i) != Some(&b'"') {
                return None;
            }
            let start = *i + 1;
            let len = b[start..]
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
            if b[start + len] != b'"' {
                return None;
            }
            *i = start + len + 1;
            Some(&b[start..start + len])
        };
        i += 1;
        let first = field(&mut i)?;
        if b.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
        let second = field(&mut i)?;
        if b.get(i) != Some(&b']') {
            return None;
        }
        self.i = i + 1;
        Some((first, second))
    }

    /// Walks an object, calling `f` with each key; `f` must consume the key's value.
    pub fn object(&mut self, mut f: impl FnMut(&mut Self, JsonStr<'a>) -> Scan<()>) -> Scan<()> {
        self.ws();
        if self.b.get(self.i) != Some(&b'{') {
            return self.err("expected an object");
        }
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            let key = self.string()?;
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return self.err("expected ':'");
            }
            self.i += 1;
            f(self, key)?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected ',' or '}'"),
            }
        }
    }

    /// Walks an array, calling `f` with each element's index; `f` must consume the element.
    pub fn array(&mut self, mut f: impl FnMut(&mut Self, usize) -> Scan<()>) -> Scan<()> {
        self.ws();
        if self.b.get(self.i) != Some(&b'[') {
            return self.err("expected an array");
        }
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(());
        }
        let mut k = 0;
        loop {
            f(self, k)?;
            k += 1;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected ',' or ']'"),
            }
        }
    }

    /// Consumes any value, checking it.
    pub fn skip(&mut self) -> Scan<()> {
        self.skip_at(0)
    }

    fn skip_at(&mut self, depth: usize) -> Scan<()> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        match self.kind()? {
            Kind::Object => self.object(|s, _| s.skip_at(depth + 1)),
            Kind::Array => self.array(|s, _| s.skip_at(depth + 1)),
            Kind::String => self.string().map(drop),
            Kind::Number => self.number().map(drop),
            Kind::Literal => self.literal().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(text: &str) -> bool {
        let mut s = Scanner::new(text.as_bytes());
        s.skip().and_then(|_| s.end()).is_ok()
    }

    #[test]
    fn accepts_what_json_parse_accepts() {
        for ok in [
            "{}",
            " [ ] ",
            r#"{"a":[1,-0.5,2e3,1E-2,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9"],"b":{}}"#,
            "0",
            "-0",
            "\"\"",
        ] {
            assert!(valid(ok), "{ok}");
        }
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "tru",
            "nul",
            "'a'",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\u{1}\"",
            "{a:1}",
            "[1] x",
            "NaN",
            "Infinity",
            "{\"a\" 1}",
        ] {
            assert!(!valid(bad), "{bad:?}");
        }
    }

    #[test]
    fn numbers_round_like_javascript() {
        let n = |t: &str| Scanner::new(t.as_bytes()).number().unwrap();
        assert_eq!(n("61837.63"), 61837.63);
        assert_eq!(n("1e400"), f64::INFINITY);
        assert_eq!(n("5123107832006"), 5_123_107_832_006.0);
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let s = |t: &str| {
            Scanner::new(t.as_bytes())
                .string()
                .unwrap()
                .decode()
                .into_owned()
        };
        assert_eq!(s(r#""BTC\u0055SDT""#), "BTCUSDT");
        assert_eq!(s(r#""\ud83d\ude00""#), "\u{1F600}");
        assert_eq!(s(r#""\ud83d""#), "\u{FFFD}");
        assert!(Scanner::new(br#""e""#).string().unwrap().is("e"));
        assert!(Scanner::new(br#""\u0065""#).string().unwrap().is("e"));
    }

    #[test]
    fn plain_pairs_take_the_fast_path_or_leave_the_text() {
        let mut s = Scanner::new(br#" ["61837.63","0.014"],"#);
        assert_eq!(
            s.plain_string_pair(),
            Some((&b"61837.63"[..], &b"0.014"[..]))
        );
        assert_eq!(s.i, 21);
        for other in [
            r#"["1", "2"]"#,
            r#"["1","2","3"]"#,
            r#"["1\"","2"]"#,
            r#"[1,"2"]"#,
            r#"["1"]"#,
        ] {
            let mut s = Scanner::new(other.as_bytes());
            assert_eq!(s.plain_string_pair(), None, "{other}");
            assert_eq!(s.i, 0);
            assert!(s.skip().is_ok());
        }
    }
}

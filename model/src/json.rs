//! A strict JSON reader for everything loopcost reads: scenario files, share links, saved
//! scenarios, the price catalog.
//!
//! It produces `serde_json::Value`, with two guarantees that matter for untrusted input and
//! exact links: numbers are parsed by the standard library (correctly rounded, so a number
//! written by `serde_json` reads back as the same `f64`), and nesting is limited (a hostile
//! `[[[[…` cannot exhaust the stack).

use serde_json::{Map, Number, Value};

/// Deeper nesting than any scenario needs.
pub const MAX_DEPTH: usize = 64;

/// A syntax error, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Error {
    #[cfg_attr(loopcost_size, optimize(size))]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (line {}, column {})", self.message, self.line, self.column)
    }
}

/// Compact JSON text of a value. (One way of writing JSON in the app: every other way would
/// add its own copy of serde_json's writer to the download.)
#[cfg_attr(loopcost_size, optimize(size))]
pub fn to_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// An object of the given fields, in order, without `json!`'s detour through serialization.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// Parses one JSON value (surrounding whitespace allowed, nothing else). A leading byte order
/// mark, which Windows editors write at the start of a UTF-8 file, is skipped (RFC 8259 §8.1
/// lets a parser ignore it); error positions are counted after it, as an editor shows them.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn parse(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the end of the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    #[cfg_attr(loopcost_size, optimize(size))]
    fn err(&self, message: &str) -> Error {
        let upto = &self.s[..self.i.min(self.s.len())];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&upto[line_start..]).chars().count() + 1;
        Error { message: message.to_string(), line, column }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn eat(&mut self, lit: &[u8], v: Value) -> Result<Value, Error> {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            Ok(v)
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of input (the text is cut short)")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.eat(b"true", Value::Bool(true)),
            Some(b'f') => self.eat(b"false", Value::Bool(false)),
            Some(b'n') => self.eat(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        self.i += 1;
        let mut map = Map::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err(if self.i >= self.s.len() {
                    "unexpected end of input (the text is cut short)"
                } else {
                    "expected a field name in quotes"
                }));
            }
            let key = self.string()?;
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':' after a field name"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            if map.insert(key.clone(), v).is_some() {
                return Err(
                    self.err(&format!("the field \"{}\" appears twice", key.chars().take(40).collect::<String>()))
                );
            }
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(self.err("unexpected end of input (the text is cut short)")),
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        self.i += 1;
        let mut list = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(list));
        }
        loop {
            self.ws();
            list.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(list));
                }
                None => return Err(self.err("unexpected end of input (the text is cut short)")),
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn hex4(&mut self) -> Result<u32, Error> {
        let h = self.s.get(self.i..self.i + 4).ok_or_else(|| self.err("unexpected end of input in a \\u escape"))?;
        let h = std::str::from_utf8(h).ok().and_then(|h| u32::from_str_radix(h, 16).ok());
        let h = h.ok_or_else(|| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(h)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn string(&mut self) -> Result<String, Error> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character in one go.
            let start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The input is a &str and runs end at ASCII bytes, so this slice is valid UTF-8.
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err("invalid UTF-8"))?);
            match self.s.get(self.i) {
                None => return Err(self.err("unexpected end of input inside a string (the text is cut short)")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = *self.s.get(self.i).ok_or_else(|| self.err("unexpected end of input in an escape"))?;
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.err("unpaired surrogate in a \\u escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate in a \\u escape"));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.ok_or_else(|| self.err("invalid \\u escape"))?);
                        }
                        _ => return Err(self.err("invalid escape in a string")),
                    }
                }
                Some(_) => return Err(self.err("control character inside a string")),
            }
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while let Some(b'0'..=b'9') = p.s.get(p.i) {
                p.i += 1;
            }
            p.i - s
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.s[int_start] == b'0') {
            return Err(self.err("invalid number"));
        }
        let mut integer = true;
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            integer = false;
            if digits(self) == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("invalid number"));
            }
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err("invalid number"))?;
        if integer {
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Value::from(u));
            }
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::from(i));
            }
        }
        // The standard library's parse is correctly rounded: exact round trips.
        let x: f64 = text.parse().map_err(|_| self.err("invalid number"))?;
        Number::from_f64(x).map(Value::Number).ok_or_else(|| self.err("number out of range"))
    }
}

/// A JSON number for `x`: an integer when it is one (so token counts stay integers).
#[cfg_attr(loopcost_size, optimize(size))]
pub fn json_number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values() {
        assert_eq!(
            parse(r#" {"a": [1, -2, 3.5, 1e3, true, false, null, "x\"\u00e9\ud83d\ude00"]} "#).unwrap(),
            json!({"a": [1, -2, 3.5, 1000.0, true, false, null, "x\"é😀"]})
        );
        assert_eq!(parse("0.47904191616766467").unwrap().as_f64(), Some(0.47904191616766467));
        assert_eq!(parse("18446744073709551616").unwrap().as_f64(), Some(18446744073709551616.0));
    }

    #[test]
    fn errors_say_where() {
        let e = parse("{\n  \"a\": [1, 2,\n").unwrap_err();
        assert!(e.message.contains("cut short"), "{e}");
        assert_eq!(e.line, 3);
        assert!(parse("[1] x").is_err());
        assert!(parse("01").is_err());
        assert!(parse("1e400").is_err());
        assert!(parse(r#"{"a":1,"a":2}"#).unwrap_err().message.contains("twice"));
        assert!(parse(&"[".repeat(100_000)).unwrap_err().message.contains("deeply"));
        assert!(parse("\"\\ud800\"").is_err());
        assert!(parse("\"a\u{1}\"").is_err());
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        assert_eq!(parse("\u{feff}{\"a\": 1}").unwrap(), json!({"a": 1}));
        // Where an editor shows the error: the mark takes no column.
        let e = parse("\u{feff}{\"a\": x}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7), "{e}");
        // Only at the start: elsewhere it is text after the value.
        assert!(parse("{}\u{feff}").is_err());
    }
}

//! Which catalog model a model id names: genai-prices' match rules (equals, starts_with,
//! ends_with, contains, regex, or, and), evaluated as genai-prices evaluates them, so that a
//! dated id (`claude-sonnet-4-5-20250929`) or a provider-prefixed one
//! (`google/gemini-3.8-flash`) finds the same entry as `calc_price` does.
//!
//! Regular expressions are the small subset the data uses (anchors, classes, `\d`, groups,
//! alternation, look-ahead, counted repeats), matched by a backtracking matcher with Python's
//! `re.search` semantics. A pattern outside the subset is refused when the catalog is read, so
//! it can never silently match nothing.

use serde_json::{Value, json};

/// A match rule. Text is compared in lower case (genai-prices lower-cases the id first; regexes
/// see the lower-cased id and are themselves case-sensitive).
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    Equals(String),
    StartsWith(String),
    EndsWith(String),
    Contains(String),
    Regex(Regex),
    Or(Vec<Clause>),
    And(Vec<Clause>),
}

impl Clause {
    /// Whether `text` (already lower-cased) matches.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Clause::Equals(s) => text == s,
            Clause::StartsWith(s) => text.starts_with(s.as_str()),
            Clause::EndsWith(s) => text.ends_with(s.as_str()),
            Clause::Contains(s) => text.contains(s.as_str()),
            Clause::Regex(r) => r.search(text),
            Clause::Or(list) => list.iter().any(|c| c.is_match(text)),
            Clause::And(list) => list.iter().all(|c| c.is_match(text)),
        }
    }

    /// Reads genai-prices' JSON form: `{"equals": "…"}`, `{"or": […]}`, ….
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn from_value(v: &Value) -> Result<Clause, String> {
        let obj = v.as_object().filter(|o| o.len() == 1).ok_or("a match rule is an object with one key")?;
        let (key, val) = obj.iter().next().ok_or("empty match rule")?;
        let text = || val.as_str().map(str::to_ascii_lowercase).ok_or(format!("match rule {key} needs text"));
        let list = || -> Result<Vec<Clause>, String> {
            val.as_array().ok_or(format!("match rule {key} needs a list"))?.iter().map(Clause::from_value).collect()
        };
        Ok(match key.as_str() {
            "equals" => Clause::Equals(text()?),
            "starts_with" => Clause::StartsWith(text()?),
            "ends_with" => Clause::EndsWith(text()?),
            "contains" => Clause::Contains(text()?),
            "regex" => Clause::Regex(Regex::new(val.as_str().ok_or("regex needs text")?)?),
            "or" => Clause::Or(list()?),
            "and" => Clause::And(list()?),
            other => return Err(format!("unknown match rule {other}")),
        })
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        match self {
            Clause::Equals(s) => json!({"equals": s}),
            Clause::StartsWith(s) => json!({"starts_with": s}),
            Clause::EndsWith(s) => json!({"ends_with": s}),
            Clause::Contains(s) => json!({"contains": s}),
            Clause::Regex(r) => json!({"regex": r.source}),
            Clause::Or(l) => json!({"or": l.iter().map(Clause::to_value).collect::<Vec<_>>()}),
            Clause::And(l) => json!({"and": l.iter().map(Clause::to_value).collect::<Vec<_>>()}),
        }
    }

    /// The literal ids and prefixes the rule names, for search and suggestions.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn names(&self, out: &mut Vec<String>) {
        match self {
            Clause::Equals(s) | Clause::StartsWith(s) => out.push(s.clone()),
            Clause::Or(l) => l.iter().for_each(|c| c.names(out)),
            Clause::And(l) => {
                if let Some(c) = l.first() {
                    c.names(out)
                }
            }
            _ => {}
        }
    }
}

/// genai-prices' fallback for LiteLLM and OpenRouter ids: `-20251211` → `-2025-12-11` when the
/// ref did not match as written.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn normalize_compact_date(reference: &str) -> Option<String> {
    let b = reference.as_bytes();
    let mut out = String::with_capacity(reference.len() + 2);
    let mut i = 0;
    let mut changed = false;
    while i < b.len() {
        if b[i] == b'-'
            && i + 9 <= b.len()
            && b[i + 1..i + 9].iter().all(u8::is_ascii_digit)
            && (i + 9 == b.len() || b[i + 9] == b'-' || b[i + 9] == b':')
            && &reference[i + 1..i + 3] == "20"
        {
            let (y, m, d) = (&reference[i + 1..i + 5], &reference[i + 5..i + 7], &reference[i + 7..i + 9]);
            let valid =
                super::date::Date::from_ymd(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0))
                    .is_some();
            if valid {
                out.push_str(&format!("-{y}-{m}-{d}"));
                i += 9;
                changed = true;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    if changed { Some(out) } else { None }
}

/// A compiled regular expression of the supported subset.
#[derive(Debug, Clone)]
pub struct Regex {
    pub source: String,
    alts: Vec<Vec<Node>>,
}

impl PartialEq for Regex {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    /// Ranges, negated.
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<Node>>),
    /// Look-ahead: alternatives, negative.
    Look(Vec<Vec<Node>>, bool),
    Repeat(Box<Node>, u32, Option<u32>),
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    source: &'a str,
}

impl Parser<'_> {
    #[cfg_attr(loopcost_size, optimize(size))]
    fn err(&self, what: &str) -> String {
        format!("regex \"{}\": {what} at position {}", self.source, self.pos)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            seq.push(atom);
        }
        Ok(seq)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect::<String>().parse().ok()
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.pos += 1;
                let min = self.number().ok_or_else(|| self.err("expected a count"))?;
                let max = if self.peek() == Some(',') {
                    self.pos += 1;
                    if self.peek() == Some('}') { None } else { Some(self.number().ok_or_else(|| self.err("count"))?) }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') {
                    return Err(self.err("expected }"));
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::Look(..)) {
            return Err(self.err("nothing to repeat"));
        }
        self.pos += 1;
        if self.peek() == Some('?') {
            self.pos += 1; // lazy: the same set of matches for a yes/no search
        }
        Ok(Node::Repeat(Box::new(atom), min, max))
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn escape(&mut self) -> Result<Result<char, Node>, String> {
        let c = self.peek().ok_or_else(|| self.err("dangling backslash"))?;
        self.pos += 1;
        Ok(match c {
            'd' => Err(Node::Class(vec![('0', '9')], false)),
            'D' => Err(Node::Class(vec![('0', '9')], true)),
            'w' => Err(Node::Class(vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')], false)),
            'W' => Err(Node::Class(vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')], true)),
            's' => Err(Node::Class(vec![(' ', ' '), ('\t', '\r')], false)),
            'S' => Err(Node::Class(vec![(' ', ' '), ('\t', '\r')], true)),
            c if c.is_ascii_punctuation() => Ok(c),
            _ => return Err(self.err("unsupported escape")),
        })
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or_else(|| self.err("unexpected end"))?;
        self.pos += 1;
        Ok(match c {
            '^' => Node::Start,
            '$' => Node::End,
            '.' => Node::Any,
            '\\' => match self.escape()? {
                Ok(c) => Node::Char(c),
                Err(node) => node,
            },
            '[' => self.class()?,
            '(' => {
                let kind = if self.chars.get(self.pos) == Some(&'?') {
                    let k = self.chars.get(self.pos + 1).copied();
                    self.pos += 2;
                    match k {
                        Some(':') => 0,
                        Some('!') => 1,
                        Some('=') => 2,
                        _ => return Err(self.err("unsupported group")),
                    }
                } else {
                    0
                };
                let alts = self.alternatives()?;
                if self.peek() != Some(')') {
                    return Err(self.err("expected )"));
                }
                self.pos += 1;
                match kind {
                    0 => Node::Group(alts),
                    1 => Node::Look(alts, true),
                    _ => Node::Look(alts, false),
                }
            }
            '*' | '+' | '?' | '{' | ')' | '|' => return Err(self.err("unexpected character")),
            c => Node::Char(c),
        })
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or_else(|| self.err("unclosed ["))?;
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape()? {
                    Ok(c) => c,
                    Err(Node::Class(r, false)) => {
                        ranges.extend(r);
                        continue;
                    }
                    Err(_) => return Err(self.err("unsupported class escape")),
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&c| c != ']') {
                self.pos += 1;
                let hi = self.peek().ok_or_else(|| self.err("unclosed ["))?;
                self.pos += 1;
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class(ranges, negated))
    }
}

impl Regex {
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn new(source: &str) -> Result<Regex, String> {
        let mut p = Parser { chars: source.chars().collect(), pos: 0, source };
        let alts = p.alternatives()?;
        if p.pos != p.chars.len() {
            return Err(p.err("unbalanced )"));
        }
        Ok(Regex { source: source.to_string(), alts })
    }

    /// Python's `re.search`: a match anywhere.
    pub fn search(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let m = Matcher { text: &chars };
        (0..=chars.len()).any(|start| m.alts(&self.alts, start, &mut |_| true))
    }
}

struct Matcher<'t> {
    text: &'t [char],
}

impl Matcher<'_> {
    fn alts(&self, alts: &[Vec<Node>], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        alts.iter().any(|seq| self.seq(seq, pos, k))
    }

    fn one(&self, node: &Node, pos: usize) -> Option<usize> {
        let c = *self.text.get(pos)?;
        let ok = match node {
            Node::Char(x) => c == *x,
            Node::Any => c != '\n',
            Node::Class(ranges, neg) => ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *neg,
            _ => return None,
        };
        ok.then_some(pos + 1)
    }

    fn seq(&self, nodes: &[Node], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        let Some((node, rest)) = nodes.split_first() else { return k(pos) };
        match node {
            Node::Char(_) | Node::Any | Node::Class(..) => {
                self.one(node, pos).is_some_and(|next| self.seq(rest, next, k))
            }
            Node::Start => pos == 0 && self.seq(rest, pos, k),
            Node::End => {
                (pos == self.text.len() || (pos + 1 == self.text.len() && self.text[pos] == '\n'))
                    && self.seq(rest, pos, k)
            }
            Node::Group(alts) => self.alts(alts, pos, &mut |p| self.seq(rest, p, k)),
            Node::Look(alts, negative) => {
                let found = self.alts(alts, pos, &mut |_| true);
                found != *negative && self.seq(rest, pos, k)
            }
            Node::Repeat(inner, min, max) if matches!(**inner, Node::Char(_) | Node::Any | Node::Class(..)) => {
                // One character at a time: count how far it can go, then give back greedily,
                // without recursion (an id of any length cannot exhaust the stack).
                let mut end = pos;
                while max.is_none_or(|m| ((end - pos) as u32) < m) {
                    match self.one(inner, end) {
                        Some(next) => end = next,
                        None => break,
                    }
                }
                (pos..=end).rev().take_while(|e| (e - pos) as u32 >= *min).any(|e| self.seq(rest, e, k))
            }
            Node::Repeat(inner, min, max) => self.repeat(inner, *min, *max, 0, pos, rest, k),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        inner: &Node,
        min: u32,
        max: Option<u32>,
        count: u32,
        pos: usize,
        rest: &[Node],
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        if max.is_none_or(|m| count < m) {
            let more = self.seq(std::slice::from_ref(inner), pos, &mut |p| {
                // A repeat that consumed nothing cannot make progress: stop there.
                p != pos && self.repeat(inner, min, max, count + 1, p, rest, k)
            });
            if more {
                return true;
            }
        }
        count >= min && self.seq(rest, pos, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(s: &str) -> Regex {
        Regex::new(s).unwrap()
    }

    #[test]
    fn the_patterns_the_data_uses() {
        assert!(re(r"^claude-opus-5[-@]\d{8}$").search("claude-opus-5@20261001"));
        assert!(!re(r"^claude-opus-5[-@]\d{8}$").search("claude-opus-5-2026100"));
        assert!(re(r"^gpt-5\.6-sol-\d{4}-\d{2}-\d{2}$").search("gpt-5.6-sol-2026-08-01"));
        assert!(!re(r"^gpt-5\.6-sol-\d{4}-\d{2}-\d{2}$").search("gpt-5x6-sol-2026-08-01"));
        let no_tts = re(r"^(?!.*-[tT][tT][sS](?:$|-))");
        assert!(no_tts.search("gemini-3.8-flash"));
        assert!(!no_tts.search("gemini-3.8-flash-tts"));
        assert!(!no_tts.search("gemini-3.8-flash-tts-preview"));
        assert!(no_tts.search("gemini-3.8-flash-ttsx"));
        let mistral = re(
            r"^(?![^/]+/)(?:labs-)?(?:(?:mi|code|dev|magi|mini)stral|mixtral|pixtral|voxtral|open-(?:mistral|mixtral))",
        );
        assert!(mistral.search("mistral-large-4"));
        assert!(mistral.search("labs-devstral-small-2512"));
        assert!(!mistral.search("mistralai/mistral-large"));
        assert!(re(r"^o[134]").search("o4-mini"));
        assert!(!re(r"^o[134]").search("o2"));
        assert!(re("a+b?c*").search("xaac"));
        assert!(re("(ab|cd){2,}$").search("zabcd"));
        assert!(!re("^(ab|cd){3}$").search("abcd"));
    }

    #[test]
    fn unsupported_patterns_are_refused() {
        for bad in [r"\bword", "(?i)x", "a)", "[a", "*", r"\p{L}"] {
            assert!(Regex::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn compact_dates() {
        assert_eq!(normalize_compact_date("gpt-5.2-20251211").as_deref(), Some("gpt-5.2-2025-12-11"));
        assert_eq!(normalize_compact_date("gpt-5.2-20251399"), None);
        assert_eq!(normalize_compact_date("claude-x"), None);
    }
}

//! A small CSV reader (RFC 4180: quoted fields, doubled quotes, embedded commas and line
//! breaks) for spend-log exports. Each row becomes a JSON object keyed by the header, numbers
//! read as numbers and cells that hold JSON objects read as objects.

use serde_json::{Map, Value};

/// The records of a CSV text, one per line (with its line number), after the header. `None`
/// when the text does not look like CSV with a header.
pub fn records(text: &str) -> Option<Vec<(usize, Value)>> {
    let rows = rows(text);
    let (header, body) = rows.split_first()?;
    if header.1.len() < 2 || header.1.iter().any(|h| h.trim().is_empty() || h.trim_start().starts_with('{')) {
        return None;
    }
    let names: Vec<String> = header.1.iter().map(|h| h.trim().to_string()).collect();
    let mut out = Vec::with_capacity(body.len());
    for (line, cells) in body {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut m = Map::new();
        for (name, cell) in names.iter().zip(cells) {
            m.insert(name.clone(), cell_value(cell));
        }
        out.push((*line, Value::Object(m)));
    }
    Some(out)
}

fn cell_value(cell: &str) -> Value {
    let t = cell.trim();
    if t.is_empty() {
        return Value::Null;
    }
    if ((t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']')))
        && let Ok(v) = crate::json::parse(t)
    {
        return v;
    }
    if let Ok(x) = t.parse::<f64>()
        && x.is_finite()
        && !t.starts_with('+')
    {
        return crate::json::json_number(x);
    }
    Value::String(t.to_string())
}

/// Every row with the number of the line it starts on.
fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                out.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            (false, '\r') => {}
            (_, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        out.push((row_line, row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_numbers() {
        let r = records("model,prompt_tokens,note\n\"gpt-4o\",120,\"a, b \"\"c\"\"\"\nclaude-x,7,\"two\nlines\"\n")
            .unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].1["model"], "gpt-4o");
        assert_eq!(r[0].1["prompt_tokens"], 120);
        assert_eq!(r[0].1["note"], "a, b \"c\"");
        assert_eq!(r[1].0, 3);
        assert_eq!(r[1].1["note"], "two\nlines");
        assert!(records("{\"a\":1}").is_none());
    }
}

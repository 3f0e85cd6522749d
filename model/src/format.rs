//! Number formatting shared by the CLI, the UI and the exports: one look for every figure.

/// Thousands separators for a whole number.
pub fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Dollars with sensible precision: cents from $1 up, else 3–4 significant digits.
/// `usd(1234.5) == "$1,234.50"`, `usd(0.04251) == "$0.04251"`, `usd(0.1428) == "$0.1428"`.
pub fn usd(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a >= 1.0 {
        let cents = (a * 100.0).round();
        let whole = (cents / 100.0).trunc();
        let frac = cents - whole * 100.0;
        if whole >= 1e15 {
            return format!("{sign}${a:.3e}");
        }
        format!("{sign}${}.{:02}", group(whole as u64), frac as u64)
    } else if a == 0.0 {
        "$0".into()
    } else {
        // Four significant digits, trailing zeros kept to three; a value that rounds up to a
        // dollar is shown as one ($1.00, not $1.0000).
        let digits = (4 - 1 - a.log10().floor() as i32).clamp(2, 12) as usize;
        let s = format!("{a:.digits$}");
        if s.parse::<f64>().is_ok_and(|r| r >= 1.0) {
            return usd(if x < 0.0 { -1.0 } else { 1.0 });
        }
        let trimmed = trim_zeros(&s, 3);
        format!("{sign}${trimmed}")
    }
}

/// A price in USD per million tokens: `$3`, `$0.50`, `$22.50`, `$0.075`, `$0.0028` (up to four
/// decimals, at least two once there are any).
pub fn per_mtok(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let s = format!("{:.4}", x.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let s = match s.split_once('.') {
        Some((a, b)) if b.len() == 1 => format!("{a}.{b}0"),
        _ => s.to_string(),
    };
    format!("{}${s}", if x < 0.0 { "−" } else { "" })
}

/// Dollars on a chart axis, where ticks are round numbers: no trailing zeros beyond cents.
/// `usd_tick(0.05) == "$0.05"`, `usd_tick(0.0025) == "$0.0025"`, `usd_tick(20.0) == "$20"`.
pub fn usd_tick(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let (a, sign) = (x.abs(), if x < 0.0 { "-" } else { "" });
    if a >= 1.0 && (a - a.round()).abs() < 1e-9 && a < 1e15 {
        return format!("{sign}${}", group(a.round() as u64));
    }
    if a >= 1.0 || a == 0.0 {
        return usd(x);
    }
    let s = format!("{a:.9}");
    let mut end = s.len();
    let keep_to = s.find('.').map_or(s.len(), |d| d + 3);
    while end > keep_to && s.as_bytes()[end - 1] == b'0' {
        end -= 1;
    }
    format!("{sign}${}", &s[..end])
}

/// Keeps at least `min_sig` significant digits after trimming trailing zeros.
fn trim_zeros(s: &str, min_sig: usize) -> String {
    let Some(dot) = s.find('.') else { return s.to_string() };
    let mut end = s.len();
    let first_sig = s[dot + 1..].find(|c: char| c != '0').map(|i| dot + 1 + i).unwrap_or(s.len());
    let keep_to = (first_sig + min_sig).min(s.len());
    while end > keep_to && s.as_bytes()[end - 1] == b'0' {
        end -= 1;
    }
    s[..end].to_string()
}

/// Token counts: whole numbers with separators, one decimal when an expectation is fractional.
pub fn tokens(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let r = (x * 10.0).round() / 10.0;
    if (r - r.round()).abs() < 1e-9 {
        let n = r.round();
        if n.abs() >= 1e18 {
            return format!("{n:.3e}");
        }
        let s = group(n.abs() as u64);
        if n < 0.0 { format!("-{s}") } else { s }
    } else {
        let whole = r.trunc();
        let tenth = ((r - whole).abs() * 10.0).round() as u64;
        let sign = if r < 0.0 { "-" } else { "" };
        format!("{sign}{}.{tenth}", group(whole.abs() as u64))
    }
}

/// A ratio as a percentage: `pct(0.4321) == "43.2%"`.
pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let p = x * 100.0;
    if p.abs() >= 100.0 || p == p.round() {
        return format!("{p:.0}%");
    }
    // One decimal, more where one would round onto a whole number the value is not (99.96 % is
    // not "100.0%": a budget line beside it would contradict it).
    let mut d = 1;
    while d < 4 && format!("{p:.d$}").parse::<f64>().is_ok_and(|r| r == r.round()) {
        d += 1;
    }
    format!("{p:.d$}%")
}

/// What an edit changed, per run and per month (`before`: the month before it), in words:
/// "Last edit: ▲ $0.0210 a run, $630.00 a month (+10%)", "Last edit: no change in cost".
pub fn edit_change(run: f64, month: f64, before: f64) -> String {
    if run == 0.0 && month == 0.0 {
        return "Last edit: no change in cost".into();
    }
    let up = month > 0.0 || (month == 0.0 && run > 0.0);
    let rel = if before > 0.0 && month != 0.0 {
        format!(" ({}{})", if month > 0.0 { "+" } else { "" }, pct(month / before))
    } else {
        String::new()
    };
    format!("Last edit: {} {} a run, {} a month{rel}", if up { "▲" } else { "▼" }, usd(run.abs()), usd(month.abs()))
}

/// A bound or a value as people read it: whole numbers grouped (`number(1e9) == "1,000,000,000"`),
/// others as written (`number(0.25) == "0.25"`).
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let g = group(x.abs() as u64);
        if x < 0.0 { format!("-{g}") } else { g }
    } else {
        format!("{x}")
    }
}

/// A count of things, grouped, with the noun in the right number: `count(1, "turn") == "1 turn"`,
/// `count(12000, "call") == "12,000 calls"`.
pub fn count(n: u64, noun: &str) -> String {
    count_as(n, noun, &format!("{noun}s"))
}

/// [`count`] for a noun whose plural is not its singular and an s:
/// `count_as(2, "copy", "copies") == "2 copies"`.
pub fn count_as(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", group(n), if n == 1 { one } else { many })
}

/// A multiple: `times(8.335) == "8.3×"`.
pub fn times(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    if x >= 100.0 { format!("{x:.0}×") } else { format!("{x:.1}×") }
}

/// Compact counts for axes and scale labels: 100, 1K, 10K, 1.5M.
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let (v, unit) = if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e3 {
        (x / 1e3, "K")
    } else {
        (x, "")
    };
    let s = if (v - v.round()).abs() < 0.05 { format!("{:.0}", v.round()) } else { format!("{v:.1}") };
    // 999,999 is "1M", not "1000K".
    if s.trim_start_matches('-') == "1000" && unit != "B" {
        return compact(
            if x < 0.0 { -1000.0 } else { 1000.0 }
                * if unit.is_empty() {
                    1.0
                } else if unit == "K" {
                    1e3
                } else {
                    1e6
                },
        );
    }
    format!("{s}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars() {
        assert_eq!(usd(1234.5), "$1,234.50");
        assert_eq!(usd(142.8), "$142.80");
        assert_eq!(usd(0.04251), "$0.04251");
        assert_eq!(usd(0.1428), "$0.1428");
        assert_eq!(usd(0.0366), "$0.0366");
        assert_eq!(usd(0.5), "$0.500");
        assert_eq!(usd(0.0), "$0");
        assert_eq!(usd(0.000012346), "$0.00001235");
        assert_eq!(usd(-2.5), "-$2.50");
        assert_eq!(usd(f64::NAN), "—");
        assert_eq!(usd(0.99999), "$1.00");
        assert_eq!(usd(0.9999), "$0.9999");
        assert_eq!(usd(-0.99999), "-$1.00");
        assert_eq!(usd(-0.04251), "-$0.04251");
    }

    #[test]
    fn axis_dollars() {
        assert_eq!(usd_tick(0.05), "$0.05");
        assert_eq!(usd_tick(0.1), "$0.10");
        assert_eq!(usd_tick(0.15), "$0.15");
        assert_eq!(usd_tick(0.0025), "$0.0025");
        assert_eq!(usd_tick(0.0), "$0");
        assert_eq!(usd_tick(20.0), "$20");
        assert_eq!(usd_tick(2500.0), "$2,500");
        assert_eq!(usd_tick(2.5), "$2.50");
    }

    #[test]
    fn token_counts() {
        assert_eq!(tokens(11920.0), "11,920");
        assert_eq!(tokens(0.0), "0");
        assert_eq!(tokens(1999.96), "2,000");
        assert_eq!(tokens(1234.45), "1,234.5");
        assert_eq!(tokens(-0.5), "-0.5");
        assert_eq!(tokens(-1234.45), "-1,234.5");
        assert_eq!(group(1_000_000), "1,000,000");
    }

    #[test]
    fn ratios() {
        assert_eq!(pct(0.5), "50%");
        assert_eq!(pct(0.4321), "43.2%");
        assert_eq!(pct(1.234), "123%");
        assert_eq!(times(8.335), "8.3×");
        assert_eq!(compact(1000.0), "1K");
        assert_eq!(compact(100_000.0), "100K");
        assert_eq!(compact(1_500_000.0), "1.5M");
        assert_eq!(compact(999_999.0), "1M");
        assert_eq!(compact(999.97), "1K");
        assert_eq!(compact(-999_999.0), "-1M");
        assert_eq!(pct(0.9996), "99.96%");
        assert_eq!(pct(0.49996), "49.996%");
        assert_eq!(pct(-0.0032), "-0.3%");
        assert_eq!(pct(-0.25), "-25%");
        assert_eq!(per_mtok(0.075), "$0.075");
        assert_eq!(per_mtok(22.5), "$22.50");
        assert_eq!(per_mtok(3.0), "$3");
    }

    #[test]
    fn what_an_edit_changed() {
        assert_eq!(edit_change(0.0, 0.0, 10.0), "Last edit: no change in cost");
        assert_eq!(
            edit_change(0.021, 630.0, 6300.0),
            format!("Last edit: ▲ {} a run, $630.00 a month (+10%)", usd(0.021))
        );
        assert_eq!(edit_change(-0.5, -15.0, 60.0), format!("Last edit: ▼ {} a run, $15.00 a month (-25%)", usd(0.5)));
        // No traffic: no month to compare with, the run still says which way.
        assert_eq!(edit_change(0.1, 0.0, 0.0), format!("Last edit: ▲ {} a run, $0 a month", usd(0.1)));
        assert_eq!(edit_change(0.1, 3.0, 0.0), format!("Last edit: ▲ {} a run, $3.00 a month", usd(0.1)));
    }

    #[test]
    fn counts_in_the_right_number() {
        assert_eq!(count(1, "turn"), "1 turn");
        assert_eq!(count(0, "turn"), "0 turns");
        assert_eq!(count(12_000, "call"), "12,000 calls");
        assert_eq!(count_as(1, "copy", "copies"), "1 copy");
        assert_eq!(count_as(2_000, "copy", "copies"), "2,000 copies");
    }

    #[test]
    fn numbers_as_people_read_them() {
        assert_eq!(number(1e9), "1,000,000,000");
        assert_eq!(number(-1.0), "-1");
        assert_eq!(number(0.25), "0.25");
    }
}

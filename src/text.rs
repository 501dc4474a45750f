//! How values from files and flags appear in one-line messages: clipped to a few dozen
//! characters, control characters escaped, numbers short.
//!
//! A file or a flag can hold anything (a 10 MB string, a newline, a terminal escape); an
//! error line echoes only a bounded, printable excerpt of it.

/// The most characters of an offending value an error line echoes.
pub const CLIP_CHARS: usize = 60;

/// `value` made printable and short: control characters escaped as `\n`, `\t`, `\r` or
/// `\u{1b}`, and at most [`CLIP_CHARS`] characters, followed by `…` when cut.
pub fn clip(value: &str) -> String {
    clip_to(value, CLIP_CHARS)
}

/// `value` made printable, at most `max_chars` characters, then `…` when cut.
pub fn clip_to(value: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (n, c) in value.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// `line` with every control character escaped (no length limit): a message that must
/// stay on one line and must not drive the terminal.
pub fn one_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
        c => out.push(c),
    }
}

/// A number as a person reads it: plain when moderate (`0.5`, `1000`), with an exponent
/// when very large or very small (`1e308`, `1e-12`), so it never prints as 309 digits.
pub fn number(x: f64) -> String {
    let a = x.abs();
    if x == 0.0 || (1e-4..1e6).contains(&a) || !x.is_finite() {
        format!("{}", if x == 0.0 { 0.0 } else { x })
    } else {
        format!("{x:e}")
    }
}

/// `x` with six decimals, never `-0.000000` (a sum that rounds to zero prints as zero).
pub fn fixed6(x: f64) -> String {
    let s = format!("{x:.6}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_owned()
    } else {
        s
    }
}

/// A number in at most 4 significant digits, in exponent form when very large or small
/// (so that 3.705e6 and 0.6931 both read well).
pub fn short(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return format!("{x}");
    }
    let a = x.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{x:.3e}");
        // 3.700e6 → 3.7e6
        if let Some((m, e)) = s.split_once('e') {
            let m = m.trim_end_matches('0').trim_end_matches('.');
            return format!("{m}e{e}");
        }
        return s;
    }
    let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_escapes_and_cuts() {
        assert_eq!(clip("a\nb\u{1b}[31m"), "a\\nb\\u{1b}[31m");
        let long = "x".repeat(1_000_000);
        let c = clip(&long);
        assert_eq!(c.chars().count(), CLIP_CHARS + 1);
        assert!(c.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }

    #[test]
    fn numbers_stay_short() {
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-2e-9), "-2e-9");
        assert_eq!(number(1000.0), "1000");
        assert_eq!(number(-0.0), "0");
        assert_eq!(fixed6(-0.0), "0.000000");
        assert_eq!(fixed6(-1e-12), "0.000000");
        assert_eq!(fixed6(-1.5), "-1.500000");
    }

    #[test]
    fn short_numbers_read_well() {
        assert_eq!(short(0.612345), "0.6123");
        assert_eq!(short(120.0), "120");
        assert_eq!(short(3.705e6), "3.705e6");
        assert_eq!(short(10.0), "10");
        assert_eq!(short(0.3), "0.3");
        assert_eq!(short(-2.5), "-2.5");
        assert_eq!(short(1e-5), "1e-5");
    }
}

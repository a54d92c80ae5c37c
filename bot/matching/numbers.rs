//! Numbers as students type them: "1.210,00", "1,234.56", "121,-", "12,5",
//! and Dutch number words ("vijfhonderd", "twaalfhonderd", "eenentwintig").
//! Every reading is exact (`Decimal`); an ambiguous separator ("1.210") gives
//! both readings so that an amount check can accept the one that fits.

use rust_decimal::Decimal;
use std::str::FromStr;

/// All plausible readings of a digit string with `.`/`,` separators.
pub(crate) fn readings(s: &str) -> Vec<Decimal> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.len() > 40 {
        return Vec::new();
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let mut out = Vec::new();
    let mut push = |text: String| {
        if let Ok(d) = Decimal::from_str(&text)
            && !out.contains(&d)
        {
            out.push(d);
        }
    };
    let plain = |t: &str| t.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    match (dots, commas) {
        (0, 0) => push(s.clone()),
        (_, _) if dots > 0 && commas > 0 => {
            // The last separator is the decimal one; the other groups thousands.
            let (pos, _) = s
                .char_indices()
                .rev()
                .find(|(_, c)| *c == '.' || *c == ',')
                .unwrap_or((0, '.'));
            let int = plain(&s[..pos]);
            let frac = plain(&s[pos + 1..]);
            push(format!("{int}.{frac}"));
        }
        _ => {
            let sep = if dots > 0 { '.' } else { ',' };
            let parts: Vec<&str> = s.split(sep).collect();
            let grouped = parts.len() > 1
                && parts[1..].iter().all(|p| p.len() == 3)
                && !parts[0].is_empty()
                && parts[0].len() <= 3;
            if parts.len() > 2 {
                if grouped {
                    push(plain(&s));
                }
            } else {
                let (int, frac) = (parts[0], parts.get(1).copied().unwrap_or(""));
                if grouped {
                    // "1.210": thousands in Dutch, decimals in English.
                    push(format!("{int}{frac}"));
                }
                push(format!(
                    "{}.{}",
                    if int.is_empty() { "0" } else { int },
                    frac
                ));
            }
        }
    }
    out
}

const UNITS: &[(&str, u64)] = &[
    ("negentien", 19),
    ("achttien", 18),
    ("zeventien", 17),
    ("zestien", 16),
    ("vijftien", 15),
    ("veertien", 14),
    ("dertien", 13),
    ("twaalf", 12),
    ("elf", 11),
    ("tien", 10),
    ("negen", 9),
    ("acht", 8),
    ("zeven", 7),
    ("zes", 6),
    ("vijf", 5),
    ("vier", 4),
    ("drie", 3),
    ("twee", 2),
    ("een", 1),
];

const TENS: &[(&str, u64)] = &[
    ("twintig", 20),
    ("dertig", 30),
    ("veertig", 40),
    ("vijftig", 50),
    ("zestig", 60),
    ("zeventig", 70),
    ("tachtig", 80),
    ("negentig", 90),
];

fn below_100(s: &str) -> Option<u64> {
    if let Some((_, v)) = UNITS.iter().chain(TENS).find(|(w, _)| *w == s) {
        return Some(*v);
    }
    for (u, uv) in UNITS.iter().filter(|(_, v)| *v < 10) {
        if let Some(rest) = s.strip_prefix(u).and_then(|r| r.strip_prefix("en"))
            && let Some((_, tv)) = TENS.iter().find(|(w, _)| *w == rest)
        {
            return Some(uv + tv);
        }
    }
    None
}

fn scaled(s: &str, word: &str, scale: u64, lower: fn(&str) -> Option<u64>) -> Option<u64> {
    match s.find(word) {
        Some(pos) => {
            let (head, tail) = (&s[..pos], &s[pos + word.len()..]);
            let mult = if head.is_empty() { 1 } else { lower(head)? };
            let rest = if tail.is_empty() { 0 } else { lower(tail)? };
            (rest < scale).then_some(mult * scale + rest)
        }
        None => lower(s),
    }
}

fn below_1000(s: &str) -> Option<u64> {
    scaled(s, "honderd", 100, below_100)
}

fn below_million(s: &str) -> Option<u64> {
    scaled(s, "duizend", 1000, below_1000)
}

/// The value of a Dutch number word ("vijfhonderd", "tweeduizend", "eenentwintig").
pub(crate) fn number_word(s: &str) -> Option<Decimal> {
    if s.is_empty() || s.len() > 60 {
        return None;
    }
    scaled(s, "miljoen", 1_000_000, below_million).map(Decimal::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn dutch_and_english_separators_read_exactly() {
        assert_eq!(readings("1.210,00"), vec![d("1210.00")]);
        assert_eq!(readings("1,234.56"), vec![d("1234.56")]);
        assert_eq!(readings("12,5"), vec![d("12.5")]);
        assert_eq!(readings("1210"), vec![d("1210")]);
        assert_eq!(readings("1.000.000"), vec![d("1000000")]);
    }

    #[test]
    fn an_ambiguous_separator_gives_both_readings() {
        let r = readings("1.210");
        assert!(r.contains(&d("1210")) && r.contains(&d("1.21")));
    }

    #[test]
    fn number_words_compose() {
        assert_eq!(number_word("vijfhonderd"), Some(d("500")));
        assert_eq!(number_word("twaalfhonderd"), Some(d("1200")));
        assert_eq!(number_word("eenentwintig"), Some(d("21")));
        assert_eq!(
            number_word("tweeduizendvijfhonderdvijftig"),
            Some(d("2550"))
        );
        assert_eq!(number_word("honderd"), Some(d("100")));
        assert_eq!(number_word("stoel"), None);
    }
}

//! What the customer remembers of the student, taken only from the matcher's
//! evidence and checked: a name that looks like a name, a company the briefing
//! names, an amount, a day and a clock time, each formatted by us. Nothing is
//! ever an echo of arbitrary text.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::matching::Language;
use crate::matching::{Detection, is_dutch_word};

/// Placeholder values, stored in the session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

static INTRO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:ik ben|mijn naam is|ik heet|spreekt met|spreek met|met|this is|my name is|i am|i'm)\s+([\p{L}'-]+(?:\s+[\p{L}'-]+){0,5})",
    )
    .ok()
});

static NUMBER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?").ok());

static DAY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|overmorgen|morgen|vandaag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today)\b").ok()
});

static CLOCK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b([01]?\d|2[0-3])[:.]([0-5]\d)\b|\b([01]?\d|2[0-3])\s*(?:uur|u\b|o'clock|am\b|pm\b)",
    )
    .ok()
});

const HOUR_WORDS: &[&str] = &[
    "", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
    "twaalf",
];

static WORD_CLOCK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(half\s+)?(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\s+uur\b|\bhalf\s+(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\b").ok()
});

/// Words that follow "ik ben" or "met" but are no name.
const NOT_NAMES: &[&str] = &[
    "de",
    "het",
    "een",
    "u",
    "je",
    "jou",
    "mij",
    "ons",
    "blij",
    "bang",
    "bezig",
    "benieuwd",
    "hier",
    "er",
    "niet",
    "even",
    "wel",
    "nog",
    "ook",
    "graag",
    "vriendelijke",
    "dank",
    "plezier",
    "alle",
    "the",
    "a",
    "an",
    "from",
    "calling",
    "happy",
    "glad",
    "here",
    "sorry",
];

const SEPARATORS: &[&str] = &[
    "van", "namens", "vanuit", "bij", "from", "of", "at", "en", "and", "uit",
];

const PARTICLES: &[&str] = &[
    "de", "van", "der", "den", "el", "ter", "ten", "la", "le", "da",
];

impl Memory {
    /// The value of a placeholder.
    pub fn value(&self, name: &str) -> Option<&str> {
        match name {
            "name" => self.name.as_deref(),
            "company" => self.company.as_deref(),
            "amount" => self.amount.as_deref(),
            "day" => self.day.as_deref(),
            "time" => self.time.as_deref(),
            _ => None,
        }
    }

    /// Remembers what `text` showed. `briefing` is the text a company name
    /// must occur in (the briefing's role and company).
    pub fn update(&mut self, text: &str, d: &Detection, briefing: &str, language: Language) {
        if let Some(e) = d.evidence_for("stelt-zich-voor") {
            let sentence = super::sentence_around(text, e.start);
            let (name, company) = introduction(&sentence, briefing);
            if name.is_some() {
                self.name = name;
            }
            if company.is_some() {
                self.company = company;
            }
        }
        if let Some(e) = d.evidence_for("noemt-prijs")
            && let Some(amount) = amount(&e.matched, language)
        {
            self.amount = Some(amount);
        }
        if let Some(e) = d.evidence_for("vervolgafspraak") {
            let sentence = super::sentence_around(text, e.start);
            if let Some(day) = DAY
                .as_ref()
                .and_then(|re| re.captures(&sentence))
                .and_then(|c| c.get(1))
            {
                self.day = Some(day.as_str().to_lowercase());
            }
            if let Some(time) = clock(&sentence, language) {
                self.time = Some(time);
            }
        }
    }
}

/// Name and company from an introduction sentence.
fn introduction(sentence: &str, briefing: &str) -> (Option<String>, Option<String>) {
    let Some(caps) = INTRO.as_ref().and_then(|re| re.captures(sentence)) else {
        return (None, None);
    };
    let Some(words) = caps.get(1) else {
        return (None, None);
    };
    let words: Vec<&str> = words.as_str().split_whitespace().collect();
    // "ik ben lisa van koffiekompaan": with the briefing's company after it, a
    // lowercase word that is also a Dutch word may still be the name.
    let company = company_in(&words[1.min(words.len())..], briefing);
    let mut name: Vec<String> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        if name.is_empty() {
            if !looks_like_name(w, company.is_some()) {
                break;
            }
        } else if (SEPARATORS.contains(&lower.as_str()) && !is_particle_run(&words[i..]))
            || !(PARTICLES.contains(&lower.as_str()) || looks_like_name(w, false))
            || name.len() >= 4
        {
            // "van" starts the company unless a name particle run follows
            // ("van der Berg"); any other non-name word ends the name.
            break;
        }
        name.push(capitalised(w));
    }
    // A customer uses the first name ("Weet u wat, Sanne, ..."), not the
    // whole name the student introduced themselves with.
    let name = name.into_iter().next().filter(|n| n.len() <= 30);
    (name, company)
}

/// "van der Berg van ErgoPlus": a particle run inside a name goes on when
/// a later separator follows.
fn is_particle_run(words: &[&str]) -> bool {
    let later = words.iter().skip(1).take(3);
    words.first().is_some_and(|w| w.eq_ignore_ascii_case("van"))
        && words.get(1).is_some_and(|w| {
            PARTICLES.contains(&w.to_lowercase().as_str())
                || w.chars().next().is_some_and(char::is_uppercase)
        })
        && later
            .clone()
            .any(|w| SEPARATORS.contains(&w.to_lowercase().as_str()))
}

fn looks_like_name(word: &str, introduced: bool) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let lower = word.to_lowercase();
    (2..=20).contains(&letters)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !NOT_NAMES.contains(&lower.as_str())
        && !SEPARATORS.contains(&lower.as_str())
        && (introduced
            || word.chars().next().is_some_and(char::is_uppercase)
            || !is_dutch_word(&lower))
}

fn capitalised(word: &str) -> String {
    let lower = word.to_lowercase();
    if PARTICLES.contains(&lower.as_str()) {
        return lower;
    }
    if word.chars().any(char::is_uppercase) {
        return word.to_string();
    }
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The first run of one to three words after a separator that the briefing
/// names, in the briefing's spelling.
fn company_in(words: &[&str], briefing: &str) -> Option<String> {
    let strip = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let briefing_words: Vec<String> = briefing.split_whitespace().map(strip).collect();
    for start in 0..words.len() {
        if start > 0 && !SEPARATORS.contains(&words[start - 1].to_lowercase().as_str()) {
            continue;
        }
        for len in (1..=3).rev() {
            let Some(run) = words.get(start..start + len) else {
                continue;
            };
            let run: Vec<String> = run.iter().map(|w| strip(w)).collect();
            if run.iter().any(String::is_empty) {
                continue;
            }
            if let Some(at) = briefing_words.windows(len).position(|win| {
                win.iter()
                    .zip(&run)
                    .all(|(a, b)| a.to_lowercase() == b.to_lowercase())
            }) {
                let found = briefing_words[at..at + len].join(" ");
                // A common word ("de", "kantoor") is no company name.
                if len == 1 && is_dutch_word(&found.to_lowercase()) {
                    continue;
                }
                return Some(found);
            }
        }
    }
    None
}

/// Every number in `text` (a customer line or answer), as a value.
pub fn amounts_in(text: &str) -> Vec<Decimal> {
    NUMBER
        .as_ref()
        .map(|re| {
            re.find_iter(text)
                .filter_map(|m| parse_number(m.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

/// The amounts of the price hits in a reply (not negated ones), as values.
pub fn quoted_amounts(d: &Detection) -> Vec<Decimal> {
    d.evidence
        .iter()
        .filter(|e| e.behaviour == "noemt-prijs" && !e.negated)
        .filter_map(|e| NUMBER.as_ref()?.find(&e.matched))
        .filter_map(|m| parse_number(m.as_str()))
        .collect()
}

/// The amount in a price hit, formatted in the dialogue's language.
fn amount(matched: &str, language: Language) -> Option<String> {
    let m = NUMBER.as_ref()?.find(matched)?.as_str();
    let value = parse_number(m)?;
    Some(format_amount(value, language))
}

fn parse_number(s: &str) -> Option<Decimal> {
    // "8.603,10" / "8,603.10" / "89" / "18,50" / "18.50"
    let last_sep = s.rfind(['.', ',']);
    let normalised = match last_sep {
        Some(i) if s.len() - i - 1 <= 2 => {
            let (int, frac) = s.split_at(i);
            format!("{}.{}", int.replace(['.', ','], ""), &frac[1..])
        }
        _ => s.replace(['.', ','], ""),
    };
    normalised.parse().ok()
}

fn format_amount(value: Decimal, language: Language) -> String {
    let value = value.round_dp(2);
    let whole = value.trunc();
    let cents = ((value - whole) * Decimal::from(100)).round();
    let digits = whole.to_string();
    let (thousands, decimal) = match language {
        Language::Nl => ('.', ','),
        Language::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let number = if cents.is_zero() {
        grouped
    } else {
        format!("{grouped}{decimal}{cents:0>2}")
    };
    match language {
        Language::Nl => format!("€ {number}"),
        Language::En => format!("€{number}"),
    }
}

/// A clock time in `sentence`, formatted ("tien uur", "10.30 uur"; en
/// "10 o'clock", "10:30").
fn clock(sentence: &str, language: Language) -> Option<String> {
    if let Some(c) = CLOCK.as_ref().and_then(|re| re.captures(sentence)) {
        let (hour, minute) = match (c.get(1), c.get(2), c.get(3)) {
            (Some(h), Some(m), _) => (
                h.as_str().parse::<u32>().ok()?,
                m.as_str().parse::<u32>().ok()?,
            ),
            (_, _, Some(h)) => (h.as_str().parse::<u32>().ok()?, 0),
            _ => return None,
        };
        return Some(format_clock(hour, minute, language));
    }
    let c = WORD_CLOCK.as_ref()?.captures(sentence)?;
    let word = c.get(2).or_else(|| c.get(3))?.as_str().to_lowercase();
    let hour = HOUR_WORDS.iter().position(|w| *w == word)? as u32;
    let half = c.get(1).is_some() || c.get(3).is_some();
    Some(if half {
        match language {
            Language::Nl => format!("half {word}"),
            Language::En => format_clock(hour.saturating_sub(1).max(1), 30, language),
        }
    } else {
        format_clock(hour, 0, language)
    })
}

fn format_clock(hour: u32, minute: u32, language: Language) -> String {
    match (language, minute) {
        (Language::Nl, 0) if (1..=12).contains(&hour) => {
            format!("{} uur", HOUR_WORDS[hour as usize])
        }
        (Language::Nl, _) => format!("{hour}.{minute:02} uur"),
        (Language::En, 0) => format!("{hour} o'clock"),
        (Language::En, _) => format!("{hour}:{minute:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::Matcher;

    fn remember(text: &str) -> Memory {
        let m = Matcher::new();
        let mut mem = Memory::default();
        mem.update(
            text,
            &m.detect(text),
            "Je bent junior accountmanager bij KoffieKompaan. KoffieKompaan (Zwolle) verhuurt koffiemachines.",
            Language::Nl,
        );
        mem
    }

    #[test]
    fn an_introduction_gives_the_name_and_the_briefing_company() {
        let mem = remember("Goedemorgen, ik ben Sanne de Wit van KoffieKompaan.");
        assert_eq!(mem.name.as_deref(), Some("Sanne"));
        assert_eq!(mem.company.as_deref(), Some("KoffieKompaan"));
        let mem = remember("hoi ik ben lisa van koffiekompaan, wij hebben een machine");
        assert_eq!(mem.name.as_deref(), Some("Lisa"));
        assert_eq!(mem.company.as_deref(), Some("KoffieKompaan"));
    }

    #[test]
    fn a_company_the_briefing_does_not_name_is_not_remembered() {
        let mem = remember("Goedemiddag, u spreekt met Daan van Koffiekoning.");
        assert_eq!(mem.name.as_deref(), Some("Daan"));
        assert_eq!(mem.company, None);
    }

    #[test]
    fn an_amount_is_formatted_not_copied() {
        let mem = remember("De Barista Pro kost 89 euro per maand.");
        assert_eq!(mem.amount.as_deref(), Some("€ 89"));
        let mem = remember("Dat komt op € 8.603,10 incl. btw.");
        assert_eq!(mem.amount.as_deref(), Some("€ 8.603,10"));
    }

    #[test]
    fn a_proposed_day_and_time_are_remembered() {
        let mem = remember("Zullen we dinsdag om 10 uur afspreken?");
        assert_eq!(mem.day.as_deref(), Some("dinsdag"));
        assert_eq!(mem.time.as_deref(), Some("tien uur"));
        let mem = remember("Ik kom donderdag om 14:30 langs.");
        assert_eq!(mem.day.as_deref(), Some("donderdag"));
        assert_eq!(mem.time.as_deref(), Some("14.30 uur"));
    }
}

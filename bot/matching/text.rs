//! From a raw reply to tokens with offsets into the original text.
//!
//! Normalisation (NFKD, diacritics dropped, lowercase: ideeën = ideeen) keeps
//! for every normalised character the index of the original character it came
//! from, so every token knows its span in the reply as typed. URLs, e-mail
//! addresses, emoji and amounts of money stay single tokens; chat
//! abbreviations are expanded, stretched letters collapsed and typos of the
//! catalogue vocabulary corrected, each expanded word keeping the span of what
//! the student typed.

use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Language;
use super::lexicon;
use super::numbers;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Number,
    Money,
    Percent,
    Url,
    Email,
    Emoji,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub kind: Kind,
    /// Catalogue form: abbreviations expanded, typos corrected, placeholders
    /// for money (`_bedrag_`), URLs, e-mail addresses and emoji.
    pub canon: String,
    /// Normalised surface as typed (lowercase, folded).
    pub surface: String,
    /// Span in characters of the original reply.
    pub start: usize,
    pub end: usize,
    /// Numeric readings (numbers, money, number words).
    pub values: Vec<Decimal>,
    /// Clause index, for negation scope.
    pub clause: u32,
}

/// A reply ready for matching.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analysis {
    pub toks: Vec<Tok>,
    /// Canonical forms joined by single spaces.
    pub canon: String,
    /// Byte range of each token in `canon`.
    pub offs: Vec<(usize, usize)>,
    /// The language the reply was read in (negation cues differ).
    pub lang: Language,
}

impl Analysis {
    /// Tokens covered by a byte range of `canon` (inclusive first, exclusive end).
    pub fn token_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.offs.partition_point(|&(_, e)| e <= start);
        let last = self.offs.partition_point(|&(s, _)| s < end);
        (first < last).then_some((first, last))
    }

    /// Original character span of tokens `a..b`.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        let start = self.toks[a..b].iter().map(|t| t.start).min().unwrap_or(0);
        let end = self.toks[a..b].iter().map(|t| t.end).max().unwrap_or(start);
        (start, end)
    }
}

/// Characters that carry no text: direction marks, zero-width joiners, BOM.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{FE00}'..='\u{FE0F}')
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF | 0x3030 | 0x303D)
}

/// Normalised characters, each with the index of its original character.
pub(crate) fn normalise(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(text.len());
    let mut orig = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if c.is_ascii() {
            let c = if c.is_ascii_control() || c.is_ascii_whitespace() {
                ' '
            } else {
                c.to_ascii_lowercase()
            };
            chars.push(c);
            orig.push(i);
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        let mapped = match c {
            '\u{2019}' | '\u{2018}' | '\u{00B4}' | '\u{02BC}' | '\u{2032}' => Some('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' => Some('"'),
            '\u{2013}' | '\u{2014}' | '\u{2011}' | '\u{2212}' => Some('-'),
            c if c.is_control() || c.is_whitespace() => Some(' '),
            _ => None,
        };
        if let Some(m) = mapped {
            chars.push(m);
            orig.push(i);
            continue;
        }
        for d in std::iter::once(c).nfkd() {
            for l in d.to_lowercase() {
                if !is_combining_mark(l) && !is_invisible(l) {
                    chars.push(if l.is_whitespace() { ' ' } else { l });
                    orig.push(i);
                }
            }
        }
    }
    (chars, orig)
}

pub(crate) struct Raw {
    pub kind: Kind,
    pub surface: String,
    a: usize,
    b: usize,
    pub values: Vec<Decimal>,
    /// "10u", "14h": a time typed with its unit glued on; the unit becomes
    /// its own word ("uur") so that time rules read it like "10 uur".
    pub unit: Option<&'static str>,
}

impl Raw {
    /// The span in original characters, given each normalised character's origin.
    pub(crate) fn span(&self, orig: &[usize]) -> Option<(usize, usize)> {
        match (
            orig.get(self.a),
            self.b.checked_sub(1).and_then(|b| orig.get(b)),
        ) {
            (Some(&s), Some(&e)) => Some((s, e + 1)),
            _ => None,
        }
    }

    /// A token of this raw piece with the given canonical form.
    pub(crate) fn tok(&self, (start, end): (usize, usize), canon: String) -> Tok {
        Tok {
            kind: self.kind,
            canon,
            surface: self.surface.clone(),
            start,
            end,
            values: self.values.clone(),
            clause: 0,
        }
    }
}

fn starts_with(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, p)| chars.get(i + k) == Some(&p))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ":)", ":(", ":d", ":p", ";)", ";-)", ":/", "<3", ":s",
];

pub(crate) fn tokenize(chars: &[char]) -> Vec<Raw> {
    let n = chars.len();
    let mut out: Vec<Raw> = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == ' ' {
            i += 1;
            continue;
        }
        // URLs: up to white space, without trailing punctuation.
        if starts_with(chars, i, "http://")
            || starts_with(chars, i, "https://")
            || starts_with(chars, i, "www.")
        {
            let mut j = i;
            while j < n && chars[j] != ' ' {
                j += 1;
            }
            while j > i + 1 && matches!(chars[j - 1], '.' | ',' | '!' | '?' | ';' | ':' | ')') {
                j -= 1;
            }
            out.push(raw(Kind::Url, chars, i, j));
            i = j;
            continue;
        }
        // E-mail addresses.
        if is_word_char(c) {
            let mut j = i;
            while j < n
                && (is_word_char(chars[j]) || matches!(chars[j], '.' | '_' | '%' | '+' | '-' | '@'))
            {
                j += 1;
            }
            while j > i && matches!(chars[j - 1], '.' | '-') {
                j -= 1;
            }
            let run = &chars[i..j];
            if let Some(at) = run.iter().position(|&c| c == '@') {
                let domain = &run[at + 1..];
                if at > 0
                    && domain.contains(&'.')
                    && domain.first().is_some_and(|c| is_word_char(*c))
                {
                    out.push(raw(Kind::Email, chars, i, j));
                    i = j;
                    continue;
                }
            }
        }
        // Numbers and money.
        let currency_first = matches!(c, '€' | '$')
            && (chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
                || (chars.get(i + 1) == Some(&' ')
                    && chars.get(i + 2).is_some_and(|d| d.is_ascii_digit())));
        let prefix = if currency_first {
            Some(if chars.get(i + 1) == Some(&' ') { 2 } else { 1 })
        } else {
            currency_word(chars, i)
        };
        if (c.is_ascii_digit() || prefix.is_some())
            && let Some((tok, j)) = number(chars, i, prefix)
        {
            out.push(tok);
            i = j;
            continue;
        }
        if let Some(e) = EMOTICONS.iter().find(|e| starts_with(chars, i, e)) {
            let j = i + e.chars().count();
            if chars.get(j).is_none_or(|c| !is_word_char(*c)) {
                out.push(raw(Kind::Emoji, chars, i, j));
                i = j;
                continue;
            }
        }
        if is_emoji(c) {
            out.push(raw(Kind::Emoji, chars, i, i + 1));
            i += 1;
            continue;
        }
        // Clitics: 't, 'n, 'k, 's.
        if c == '\''
            && chars
                .get(i + 1)
                .is_some_and(|c| matches!(c, 't' | 'n' | 'k' | 's' | 'm'))
            && chars.get(i + 2).is_none_or(|c| !is_word_char(*c))
            && (i == 0 || !is_word_char(chars[i - 1]))
        {
            out.push(raw(Kind::Word, chars, i, i + 2));
            i += 2;
            continue;
        }
        if is_word_char(c) {
            // Dotted abbreviations: a.u.b., z.s.m., d.w.z.
            let mut j = i;
            let mut letters = String::new();
            while j + 1 < n
                && chars[j].is_alphabetic()
                && chars[j + 1] == '.'
                && chars.get(j + 2).is_none_or(|c| {
                    !is_word_char(*c)
                        || chars
                            .get(j + 3)
                            .is_none_or(|d| !is_word_char(*d) || *d == '.')
                })
            {
                letters.push(chars[j]);
                j += 2;
            }
            // "p.m." is "per maand", not a private message.
            if letters == "pm" {
                letters = "permaand".to_string();
            }
            if letters.chars().count() >= 2 {
                // "a.u.b" without the last dot.
                if j < n
                    && chars[j].is_alphabetic()
                    && chars.get(j + 1).is_none_or(|c| !is_word_char(*c))
                {
                    letters.push(chars[j]);
                    j += 1;
                    if chars.get(j) == Some(&'.') {
                        j += 1;
                    }
                }
                out.push(Raw {
                    kind: Kind::Word,
                    surface: letters,
                    a: i,
                    b: j,
                    values: Vec::new(),
                    unit: None,
                });
                i = j;
                continue;
            }
            let mut j = i;
            while j < n
                && (is_word_char(chars[j])
                    || (matches!(chars[j], '-' | '\'')
                        && j > i
                        && chars.get(j + 1).is_some_and(|c| is_word_char(*c))))
            {
                j += 1;
            }
            let mut r = raw(Kind::Word, chars, i, j);
            r.surface.retain(|c| c != '-');
            out.push(r);
            i = j;
            continue;
        }
        if matches!(c, '.' | ',' | '!' | '?' | ';' | ':') {
            // A run of punctuation is one boundary; a question mark in it wins.
            let mut j = i;
            let mut mark = c;
            while j < n && matches!(chars[j], '.' | ',' | '!' | '?' | ';' | ':') {
                if chars[j] == '?' || (mark != '?' && chars[j] == '!') {
                    mark = chars[j];
                }
                j += 1;
            }
            out.push(Raw {
                kind: Kind::Punct,
                surface: mark.to_string(),
                a: i,
                b: j,
                values: Vec::new(),
                unit: None,
            });
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn raw(kind: Kind, chars: &[char], a: usize, b: usize) -> Raw {
    Raw {
        kind,
        surface: chars[a..b].iter().collect(),
        a,
        b,
        values: Vec::new(),
        unit: None,
    }
}

/// "eur 3.850", "euro 12": a currency word right before a number; its length.
fn currency_word(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_word_char(chars[i - 1]) {
        return None;
    }
    ["euro ", "eur ", "eur"].iter().find_map(|p| {
        let len = p.chars().count();
        (starts_with(chars, i, p) && chars.get(i + len).is_some_and(|c| c.is_ascii_digit()))
            .then_some(len)
    })
}

/// A number from `i`; `prefix` is the length of a currency sign or word before it.
fn number(chars: &[char], i: usize, prefix: Option<usize>) -> Option<(Raw, usize)> {
    let n = chars.len();
    let currency_first = prefix.is_some();
    let mut money = currency_first;
    let mut j = i + prefix.unwrap_or(0);
    let ns = j;
    while j < n
        && (chars[j].is_ascii_digit()
            || (matches!(chars[j], '.' | ',')
                && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit())))
    {
        j += 1;
    }
    let ne = j;
    let mut is_time = false;
    if chars.get(j) == Some(&':')
        && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit())
        && chars.get(j + 2).is_some_and(|c| c.is_ascii_digit())
    {
        j += 3;
        is_time = true;
    }
    // A time with its unit glued on: "10u", "10:00u", "14h", "9uur".
    if !currency_first && let Some(len) = glued_hour(chars, j, &chars[ns..ne], is_time) {
        let mut r = raw(Kind::Number, chars, i, j + len);
        r.surface = chars[i..j].iter().collect();
        r.unit = Some("uur");
        return Some((r, j + len));
    }
    // A date: "12/3", "12-03", "5-12-2026" (not a range of units: "1-2 dagen").
    if !currency_first
        && !is_time
        && let Some(end) = date_end(chars, ns, ne)
    {
        return Some((raw(Kind::Number, chars, i, end), end));
    }
    // Digits glued to letters ("2e", "w8" handled as words): not a number.
    if !currency_first
        && chars.get(j).is_some_and(|c| c.is_alphabetic())
        && !starts_with(chars, j, "euro")
        && !starts_with(chars, j, "eur")
    {
        return None;
    }
    let mut kind = Kind::Number;
    if !is_time {
        if starts_with(chars, j, ",--") || starts_with(chars, j, ".--") {
            j += 3;
            money = true;
        } else if starts_with(chars, j, ",-")
            || starts_with(chars, j, ".-")
            || starts_with(chars, j, ",=")
        {
            j += 2;
            money = true;
        }
        let k = if chars.get(j) == Some(&' ') { j + 1 } else { j };
        if chars.get(k) == Some(&'%') {
            kind = Kind::Percent;
            j = k + 1;
        } else if matches!(chars.get(k), Some('€')) {
            money = true;
            j = k + 1;
        } else {
            for w in ["euro's", "euros", "euro", "eur"] {
                if starts_with(chars, k, w)
                    && chars
                        .get(k + w.chars().count())
                        .is_none_or(|c| !c.is_alphanumeric())
                {
                    money = true;
                    j = k + w.chars().count();
                    break;
                }
            }
        }
    }
    if money && kind == Kind::Number {
        kind = Kind::Money;
    }
    let digits: String = chars[ns..ne].iter().collect();
    let values = if is_time {
        Vec::new()
    } else {
        numbers::readings(&digits)
    };
    let mut r = raw(kind, chars, i, j);
    r.values = values;
    Some((r, j))
}

/// The length of an hour unit glued to a number at `j` ("u", "uur", "h"),
/// when the number can be a time of day.
fn glued_hour(chars: &[char], j: usize, digits: &[char], is_time: bool) -> Option<usize> {
    let len = ["uur", "u", "h"]
        .iter()
        .find(|u| starts_with(chars, j, u))
        .map(|u| u.len())?;
    if chars.get(j + len).is_some_and(|c| is_word_char(*c)) {
        return None;
    }
    let hour: String = digits.iter().take_while(|c| c.is_ascii_digit()).collect();
    let dotted_clock = digits.iter().position(|c| *c == '.').is_some_and(|p| {
        digits.len() == p + 3 && digits[p + 1..].iter().all(|c| c.is_ascii_digit())
    });
    let plain_or_clock = is_time || digits.iter().all(|c| c.is_ascii_digit()) || dotted_clock;
    (plain_or_clock && hour.len() <= 2 && hour.parse::<u32>().is_ok_and(|h| h <= 24)).then_some(len)
}

/// Units after which "1-2" is a range, not a date.
const RANGE_UNITS: &[&str] = &[
    "dagen",
    "dag",
    "werkdagen",
    "werkdag",
    "weken",
    "week",
    "uur",
    "u",
    "maanden",
    "maand",
    "jaar",
    "stuks",
    "euro",
    "minuten",
    "min",
    "personen",
    "mensen",
    "keer",
    "x",
    "%",
    "procent",
    "meter",
    "m",
    "cm",
    "kg",
];

/// The end of a date that starts with the digits `ns..ne`: day and month
/// separated by "/" or "-", an optional year.
fn date_end(chars: &[char], ns: usize, ne: usize) -> Option<usize> {
    let day: String = chars[ns..ne].iter().collect();
    if day.len() > 2 || !day.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let sep = *chars.get(ne)?;
    if sep != '/' && sep != '-' {
        return None;
    }
    let digits_from = |k: usize| chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let month_len = digits_from(ne + 1);
    if !(1..=2).contains(&month_len) {
        return None;
    }
    let month: String = chars[ne + 1..ne + 1 + month_len].iter().collect();
    let (d, m) = (day.parse::<u32>().ok()?, month.parse::<u32>().ok()?);
    if !(1..=31).contains(&d) || !(1..=12).contains(&m) {
        return None;
    }
    let mut end = ne + 1 + month_len;
    if chars.get(end) == Some(&sep) {
        let year_len = digits_from(end + 1);
        if year_len == 2 || year_len == 4 {
            end += 1 + year_len;
        } else {
            return None;
        }
    }
    if chars
        .get(end)
        .is_some_and(|c| is_word_char(*c) || *c == '-' || *c == '/')
    {
        return None;
    }
    // "1-2 werkdagen" is a range.
    let mut k = end;
    while chars.get(k) == Some(&' ') {
        k += 1;
    }
    let next: String = chars[k..]
        .iter()
        .take_while(|c| is_word_char(**c) || **c == '%')
        .collect();
    (!RANGE_UNITS.contains(&next.as_str())).then_some(end)
}

/// Words that open a new clause (negation does not reach across them).
const CLAUSE_OPENERS: &[&str] = &[
    "dat", "omdat", "maar", "want", "zodat", "als", "terwijl", "doordat", "hoewel", "tenzij",
    "zodra", "nadat", "voordat", "indien", "en", "of", "dus", "alleen", "behalve",
];

/// Negation words that are no negation in these fixed pairs.
const PSEUDO_NEGATIONS: &[(&str, &str)] = &[
    ("geen", "probleem"),
    ("geen", "probleempje"),
    ("geen", "dank"),
    ("geen", "zorgen"),
    ("geen", "punt"),
    ("geen", "moeite"),
    ("geen", "enkel"),
    ("niet", "alleen"),
    ("niet", "erg"),
    ("niet", "waar"),
    ("of", "niet"),
    ("geeft", "niet"),
    ("maakt", "niet"),
    ("zonder", "meer"),
    ("zonder", "kosten"),
    ("zonder", "extra"),
    ("zonder", "meerkosten"),
    ("geen", "extra"),
    ("geen", "kosten"),
    ("nog", "geen"),
];

/// Corrects a word to a catalogue word when it is a typo of one.
pub(crate) trait Corrector {
    fn correct(&self, word: &str) -> Option<&str>;
    /// Whether the catalogue uses this word (to undo stretched letters).
    fn knows(&self, _word: &str) -> bool {
        false
    }
}

/// Analyses a reply. Never panics; an empty reply gives no tokens.
pub(crate) fn analyse(text: &str, corrector: &dyn Corrector) -> Analysis {
    let (chars, orig) = normalise(text);
    let raws = tokenize(&chars);
    let mut toks: Vec<Tok> = Vec::with_capacity(raws.len() + 4);
    for r in raws {
        let Some(span) = r.span(&orig) else {
            continue;
        };
        let tok = |canon: String| r.tok(span, canon);
        match r.kind {
            Kind::Word => {
                let word = lexicon::collapse_stretched_with(&r.surface, &|w| corrector.knows(w))
                    .unwrap_or_else(|| r.surface.clone());
                if let Some(words) = lexicon::expand(&word) {
                    toks.extend(words.iter().map(|w| tok(w.to_string())));
                } else if let Some(rest) = lexicon::split_clitic_k(&word) {
                    toks.push(tok("ik".to_string()));
                    toks.push(tok(rest));
                } else {
                    let canon = match corrector.correct(&word) {
                        Some(fixed) => fixed.to_string(),
                        None => word,
                    };
                    let mut t = tok(canon);
                    if let Some(v) = numbers::number_word(&t.canon) {
                        t.values = vec![v];
                    }
                    toks.push(t);
                }
            }
            Kind::Money => toks.push(tok("_bedrag_".to_string())),
            Kind::Url => toks.push(tok("_url_".to_string())),
            Kind::Email => toks.push(tok("_email_".to_string())),
            Kind::Emoji => toks.push(tok("_emoji_".to_string())),
            Kind::Number if r.unit.is_some() => {
                toks.push(tok(r.surface.clone()));
                let mut unit = tok(r.unit.unwrap_or_default().to_string());
                unit.kind = Kind::Word;
                unit.values = Vec::new();
                toks.push(unit);
            }
            Kind::Number | Kind::Percent | Kind::Punct => toks.push(tok(r.surface.clone())),
        }
    }
    merge_number_words(&mut toks);
    merge_pairs(&mut toks);
    spaced_hour_units(&mut toks);
    assemble(toks, Language::Nl, CLAUSE_OPENERS)
}

/// Numbers the clauses (a clause ends at punctuation and before an opener)
/// and joins the canonical forms into the string the rules run on.
pub(crate) fn assemble(mut toks: Vec<Tok>, lang: Language, openers: &[&str]) -> Analysis {
    let mut clause = 0u32;
    let particle_maar: Vec<bool> = (0..toks.len())
        .map(|i| lang == Language::Nl && is_particle_maar(&toks, i))
        .collect();
    for (t, particle) in toks.iter_mut().zip(particle_maar) {
        if t.kind == Kind::Word && openers.contains(&t.canon.as_str()) && !particle {
            clause += 1;
        }
        t.clause = clause;
        if t.kind == Kind::Punct {
            clause += 1;
        }
    }
    let mut canon = String::with_capacity(toks.len() * 6);
    let mut offs = Vec::with_capacity(toks.len());
    for t in &toks {
        if !canon.is_empty() {
            canon.push(' ');
        }
        let s = canon.len();
        canon.push_str(&t.canon);
        offs.push((s, canon.len()));
    }
    Analysis {
        toks,
        canon,
        offs,
        lang,
    }
}

/// "vul het maar in", "zet je adres hier maar niet neer": "maar" before a
/// separable particle (or "niet" + particle) softens an imperative and opens
/// no new clause, so a "niet" after it still negates what comes before.
fn is_particle_maar(toks: &[Tok], i: usize) -> bool {
    const PARTICLES: &[&str] = &[
        "in", "neer", "even", "gewoon", "eens", "weg", "gerust", "alvast", "rustig", "langs",
        "terug", "af", "toe", "ff",
    ];
    let at = |k: usize| toks.get(k).map_or("", |t| t.canon.as_str());
    // "deel je adres hier maar niet": "maar niet" closing the clause.
    let closes = |k: usize| toks.get(k).is_none_or(|t| t.kind == Kind::Punct);
    at(i) == "maar"
        && (PARTICLES.contains(&at(i + 1))
            || (at(i + 1) == "niet" && (PARTICLES.contains(&at(i + 2)) || closes(i + 2))))
}

/// "om 10 u": a "u" after a time of day is "uur", not the customer.
fn spaced_hour_units(toks: &mut [Tok]) {
    for i in 2..toks.len() {
        let hour = &toks[i - 1];
        let is_hour = hour.kind == Kind::Number
            && (hour.surface.contains(':')
                || hour
                    .values
                    .first()
                    .is_some_and(|v| v.fract().is_zero() && *v <= Decimal::from(24)));
        if toks[i].canon == "u"
            && is_hour
            && matches!(
                toks[i - 2].canon.as_str(),
                "om" | "rond"
                    | "tot"
                    | "vanaf"
                    | "tussen"
                    | "en"
                    | "voor"
                    | "na"
                    | "van"
                    | "tegen"
                    | "uiterlijk"
            )
        {
            toks[i].canon = "uur".to_string();
        }
    }
}

const SCALES: &[(&str, u32)] = &[("honderd", 100), ("duizend", 1000), ("miljoen", 1_000_000)];

fn is_scale_word(canon: &str) -> bool {
    SCALES.iter().any(|(w, _)| canon.ends_with(w))
}

/// Numbers typed in several words become one number: "twee duizend
/// vijfhonderd" is 2500, "2 duizend" 2000. Only runs that go through a scale
/// word (honderd, duizend, miljoen) join, so "vijf tien" stays two numbers.
fn merge_number_words(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i + 1 < toks.len() {
        let (a, b) = (&toks[i], &toks[i + 1]);
        let both_words = a.kind == Kind::Word && b.kind == Kind::Word;
        let joined = format!("{}{}", a.canon, b.canon);
        let value = if both_words
            && !a.values.is_empty()
            && !b.values.is_empty()
            && (is_scale_word(&a.canon) || is_scale_word(&b.canon))
        {
            numbers::number_word(&joined).map(|v| vec![v])
        } else if a.kind == Kind::Number && b.kind == Kind::Word && !a.values.is_empty() {
            // "2 duizend", "1,5 miljoen": digits times a bare scale word.
            SCALES
                .iter()
                .find(|(w, _)| b.canon == *w)
                .map(|(_, scale)| {
                    a.values
                        .iter()
                        .filter_map(|v| v.checked_mul(Decimal::from(*scale)))
                        .collect()
                })
        } else {
            None
        };
        match value {
            Some(values) if !values.is_empty() => {
                let b = toks.remove(i + 1);
                let a = &mut toks[i];
                a.end = a.end.max(b.end);
                a.surface = format!("{} {}", a.surface, b.surface);
                if a.kind == Kind::Word {
                    a.canon = joined;
                }
                a.values = values;
            }
            _ => i += 1,
        }
    }
}

/// Number words followed by "euro" become money; pseudo-negations become one
/// token ("geen_probleem") so that neither word acts alone.
fn merge_pairs(toks: &mut Vec<Tok>) {
    let mut i = 0;
    while i + 1 < toks.len() {
        let (a, b) = (&toks[i], &toks[i + 1]);
        let money_words = matches!(a.kind, Kind::Word | Kind::Number)
            && !a.values.is_empty()
            && matches!(b.canon.as_str(), "euro" | "eur" | "euros");
        let pseudo = PSEUDO_NEGATIONS
            .iter()
            .any(|(x, y)| a.canon == *x && b.canon == *y);
        if money_words || pseudo {
            let b = toks.remove(i + 1);
            let a = &mut toks[i];
            a.end = a.end.max(b.end);
            a.start = a.start.min(b.start);
            a.surface = format!("{} {}", a.surface, b.surface);
            if money_words {
                a.kind = Kind::Money;
                a.canon = "_bedrag_".to_string();
            } else {
                a.canon = format!("{}_{}", a.canon, b.canon);
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoFix;
    impl Corrector for NoFix {
        fn correct(&self, _: &str) -> Option<&str> {
            None
        }
    }

    fn canon(text: &str) -> String {
        analyse(text, &NoFix).canon
    }

    #[test]
    fn diacritics_and_case_are_folded() {
        assert_eq!(canon("Ideeën CAFÉ"), "ideeen cafe");
    }

    #[test]
    fn abbreviations_expand_and_keep_the_span_typed() {
        let a = analyse("ik zoek t ff uit a.u.b.", &NoFix);
        assert_eq!(a.canon, "ik zoek het even uit alstublieft");
        let t = &a.toks[5];
        assert_eq!((t.start, t.end), (17, 23));
    }

    #[test]
    fn money_urls_mail_and_emoji_are_single_tokens() {
        assert_eq!(
            canon("€ 1.210,00 of 121,- of 1210 euro, zie www.x.nl of mail a.b@c.nl 😀"),
            "_bedrag_ of _bedrag_ of _bedrag_ , zie _url_ of mail _email_ _emoji_"
        );
        assert_eq!(canon("vijfhonderd euro"), "_bedrag_");
    }

    #[test]
    fn numbers_in_several_words_become_one_amount() {
        let a = analyse("dat wordt twee duizend vijfhonderd euro", &NoFix);
        assert_eq!(a.canon, "dat wordt _bedrag_");
        assert_eq!(a.toks[2].values, vec![Decimal::from(2500)]);
        assert_eq!((a.toks[2].start, a.toks[2].end), (10, 39));
        let a = analyse("ongeveer 2 duizend euro", &NoFix);
        assert_eq!(a.toks[1].values, vec![Decimal::from(2000)]);
        assert_eq!(a.canon, "ongeveer _bedrag_");
        let a = analyse("honderd vijftig koppen", &NoFix);
        assert_eq!(a.toks[0].values, vec![Decimal::from(150)]);
        // No scale word: two numbers, as typed.
        assert_eq!(canon("vijf tien"), "vijf tien");
        assert_eq!(canon("12,5% korting"), "12,5% korting");
    }

    #[test]
    fn times_and_dates_read_the_same_however_they_are_punctuated() {
        assert_eq!(canon("om 10u of 14h"), "om 10 uur of 14 uur");
        assert_eq!(canon("om 10:00u"), "om 10:00 uur");
        assert_eq!(canon("om 9.30u"), "om 9.30 uur");
        assert_eq!(canon("om 10 u bel ik u"), "om 10 uur bel ik u");
        assert_eq!(canon("op 12/3 of 5-12-2026"), "op 12/3 of 5-12-2026");
        // Ranges, phone numbers and glued words stay what they were.
        assert_eq!(canon("binnen 1-2 werkdagen"), "binnen 1 2 werkdagen");
        assert_eq!(canon("bel 020-1234567"), "bel 020 1234567");
        assert_eq!(canon("de 2e stoel"), "de 2e stoel");
        let a = analyse("om 10u", &NoFix);
        assert!(a.toks[1].values.is_empty());
        assert_eq!((a.toks[2].start, a.toks[2].end), (3, 6));
    }

    #[test]
    fn pseudo_negations_fuse() {
        assert_eq!(
            canon("geen probleem, geen dank"),
            "geen_probleem , geen_dank"
        );
    }

    #[test]
    fn maar_before_a_particle_softens_an_imperative_and_opens_no_clause() {
        let clauses = |text: &str| -> Vec<u32> {
            analyse(text, &NoFix)
                .toks
                .iter()
                .map(|t| t.clause)
                .collect()
        };
        // "zet je adres hier maar niet neer": one clause, so "niet" reaches "zet".
        assert!(
            clauses("zet je adres hier maar niet neer")
                .iter()
                .all(|c| *c == 0)
        );
        assert!(clauses("vul het maar in").iter().all(|c| *c == 0));
        // "but" still opens a clause: "maar niet vandaag", "maar ik ...".
        assert_eq!(clauses("ik stuur het op maar niet vandaag")[4], 1);
        assert_eq!(clauses("ik snap het maar ik kan niks doen")[3], 1);
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "Sooorry 🙈 voor 't ongemak";
        let a = analyse(text, &NoFix);
        let chars: Vec<char> = text.chars().collect();
        let t = &a.toks[0];
        assert_eq!(t.canon, "sorry");
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), "Sooorry");
        let t = &a.toks[3];
        assert_eq!(t.canon, "het");
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), "'t");
    }
}

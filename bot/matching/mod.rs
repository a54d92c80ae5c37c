//! Reply -> behaviours, with evidence.
//!
//! Owns the core behaviour catalogue of `../shared/spec/behaviours.md` and the
//! dialogue-local rules (keywords, regular expressions, amounts). Pure and
//! allocation-light: no I/O, never fails on any input text. Every hit carries
//! [`Evidence`] (rule, span in the original reply, negation) so that feedback can
//! quote the student's own words.
//!
//! Public contract (other modules rely on it; keep it stable):
//! - [`Matcher::new`] compiles the catalogue once; share it (`Arc`) between threads.
//! - [`Matcher::detect`] / [`Matcher::detect_with`] judge one reply.
//! - [`LocalRule`] is a compiled dialogue-local rule; [`LocalRuleSpec`] is its
//!   file form, compiled by [`LocalRule::compile`].
//! - [`amount::evaluate`] evaluates a calculation such as `20 * 395 * 0.9 * 1.21`
//!   exactly (decimal arithmetic).

pub mod amount;
mod anchored;
mod catalogue;
mod english;
mod lexicon;
mod numbers;
mod text;
#[cfg(test)]
mod wording_tests;

use std::collections::HashSet;

use rust_decimal::Decimal;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

/// The language a reply is read in: it picks the normalisation, word list,
/// stemmer and catalogue rules. A dialogue file states it as `language`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nl,
    En,
}

impl Language {
    /// Whether a catalogue behaviour applies in this language: English has
    /// no formal/informal "you", so `u-vorm` and `je-vorm` do not apply.
    pub fn has_behaviour(self, id: &str) -> bool {
        !(self == Language::En && matches!(id, "u-vorm" | "je-vorm"))
    }

    fn stemmer(self) -> Stemmer {
        Stemmer::create(match self {
            Language::Nl => Algorithm::Dutch,
            Language::En => Algorithm::English,
        })
    }

    fn is_word(self) -> fn(&str) -> bool {
        match self {
            Language::Nl => lexicon::is_dutch_word,
            Language::En => english::is_english_word,
        }
    }
}

impl std::str::FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Language, UnknownLanguage> {
        match s {
            "nl" => Ok(Language::Nl),
            "en" => Ok(Language::En),
            other => Err(UnknownLanguage(other.to_string())),
        }
    }
}

/// A language code other than `nl` or `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("onbekende taal '{0}' (kies nl of en)")]
pub struct UnknownLanguage(pub String);

/// One core behaviour of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BehaviourInfo {
    /// Fixed id, e.g. `open-vraag`.
    pub id: &'static str,
    /// Dutch label shown to students and teachers.
    pub label: &'static str,
}

/// The catalogue of `../shared/spec/behaviours.md`, in its order.
pub const BEHAVIOURS: &[BehaviourInfo] = &[
    BehaviourInfo {
        id: "groet",
        label: "Groet",
    },
    BehaviourInfo {
        id: "stelt-zich-voor",
        label: "Stelt zich voor",
    },
    BehaviourInfo {
        id: "open-vraag",
        label: "Stelt een open vraag",
    },
    BehaviourInfo {
        id: "gesloten-vraag",
        label: "Stelt een gesloten vraag",
    },
    BehaviourInfo {
        id: "doorvragen",
        label: "Vraagt door",
    },
    BehaviourInfo {
        id: "samenvatten",
        label: "Vat samen / checkt begrip",
    },
    BehaviourInfo {
        id: "empathie",
        label: "Toont begrip",
    },
    BehaviourInfo {
        id: "excuses",
        label: "Biedt excuses aan",
    },
    BehaviourInfo {
        id: "bedanken",
        label: "Bedankt",
    },
    BehaviourInfo {
        id: "oplossing",
        label: "Biedt een oplossing / actie",
    },
    BehaviourInfo {
        id: "naar-prive-kanaal",
        label: "Verwijst naar privékanaal",
    },
    BehaviourInfo {
        id: "escaleren",
        label: "Schakelt een collega in",
    },
    BehaviourInfo {
        id: "vervolgafspraak",
        label: "Maakt een concrete vervolgafspraak",
    },
    BehaviourInfo {
        id: "afsluitvraag",
        label: "Stuurt aan op akkoord",
    },
    BehaviourInfo {
        id: "bijverkoop",
        label: "Biedt bijverkoop aan",
    },
    BehaviourInfo {
        id: "voordeel-benoemen",
        label: "Benoemt een klantvoordeel",
    },
    BehaviourInfo {
        id: "u-vorm",
        label: "Spreekt de klant aan met u",
    },
    BehaviourInfo {
        id: "je-vorm",
        label: "Spreekt de klant aan met je",
    },
    BehaviourInfo {
        id: "onprofessioneel",
        label: "Onprofessioneel taalgebruik",
    },
    BehaviourInfo {
        id: "vraagt-persoonsgegevens",
        label: "Vraagt naar persoonsgegevens",
    },
    BehaviourInfo {
        id: "noemt-prijs",
        label: "Noemt een prijs of bedrag",
    },
];

/// Looks up a catalogue behaviour by id.
pub fn behaviour(id: &str) -> Option<&'static BehaviourInfo> {
    BEHAVIOURS.iter().find(|b| b.id == id)
}

/// Why one behaviour (or local rule) was found in a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Catalogue behaviour id or local rule id.
    pub behaviour: String,
    /// Name of the rule that fired (for explanations and debugging).
    pub rule: String,
    /// Start of the matched span, in characters (Unicode scalar values) of the original reply.
    pub start: usize,
    /// End (exclusive) of the matched span, in characters of the original reply.
    pub end: usize,
    /// The matched span, copied from the original reply.
    #[serde(rename = "match")]
    pub matched: String,
    /// True when a negation cancelled this hit; then it does not count.
    pub negated: bool,
}

/// The verdict on one reply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detection {
    /// Behaviours shown (not negated), catalogue order first, then local rules.
    pub behaviours: Vec<String>,
    /// All hits, negated ones included.
    pub evidence: Vec<Evidence>,
}

impl Detection {
    /// Whether the reply showed `id` (a catalogue id or a local rule id).
    pub fn has(&self, id: &str) -> bool {
        self.behaviours.iter().any(|b| b == id)
    }

    /// The first non-negated evidence for `id`, to quote in feedback.
    pub fn evidence_for(&self, id: &str) -> Option<&Evidence> {
        self.evidence
            .iter()
            .find(|e| e.behaviour == id && !e.negated)
    }
}

/// A dialogue-local rule as written in a dialogue file (`[[rules]]`).
///
/// Exactly one of `keywords`, `regex` or `amount` is set; the dialogue loader
/// checks that and reports it with a position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalRuleSpec {
    /// Rule id, unique within the dialogue and different from catalogue ids.
    pub id: String,
    /// Words or phrases of which any one must occur; typo tolerant.
    pub keywords: Option<Vec<String>>,
    /// A regular expression (Rust `regex` syntax), matched case-insensitively
    /// against the normalised reply.
    pub regex: Option<String>,
    /// A calculation whose result the reply must state, e.g. `20 * 395 * 0.9 * 1.21`.
    pub amount: Option<String>,
    /// Allowed difference for `amount`, e.g. `0.01` (default `0.01`).
    pub tolerance: Option<String>,
}

/// Why a local rule cannot be compiled. Messages are Dutch: teachers read them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("regel '{id}' heeft geen keywords, regex of amount")]
    NoKind { id: String },
    #[error("regel '{id}' heeft meer dan één van keywords, regex en amount")]
    SeveralKinds { id: String },
    #[error("regel '{id}' heeft een lege lijst keywords")]
    EmptyKeywords { id: String },
    #[error("ongeldige reguliere expressie in regel '{id}': {reason}")]
    BadRegex { id: String, reason: String },
    #[error("ongeldige berekening in regel '{id}': {reason}")]
    BadAmount { id: String, reason: String },
}

/// A compiled dialogue-local rule.
#[derive(Debug, Clone)]
pub struct LocalRule {
    pub id: String,
    kind: LocalKind,
}

#[derive(Debug, Clone)]
enum LocalKind {
    Keywords(Vec<Keyword>),
    Regex(regex::Regex),
    Amount {
        expected: Decimal,
        // Read by the real matcher; the placeholder does not judge amounts.
        #[allow(dead_code)]
        tolerance: Decimal,
        /// Written with a trailing `%`: the result is a percentage, stated
        /// as "12,5%" or "12,5 procent", never a plain number or money.
        percent: bool,
    },
}

/// Compiled regexes from files are size-limited so that a hostile file cannot
/// exhaust memory; the regex crate already guarantees linear-time matching.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl LocalRule {
    /// Compiles a rule from its file form.
    pub fn compile(spec: &LocalRuleSpec) -> Result<LocalRule, RuleError> {
        let id = spec.id.clone();
        let kinds = [
            spec.keywords.is_some(),
            spec.regex.is_some(),
            spec.amount.is_some(),
        ]
        .iter()
        .filter(|k| **k)
        .count();
        if kinds == 0 {
            return Err(RuleError::NoKind { id });
        }
        if kinds > 1 {
            return Err(RuleError::SeveralKinds { id });
        }
        let kind = if let Some(words) = &spec.keywords {
            let words: Vec<String> = words
                .iter()
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() {
                return Err(RuleError::EmptyKeywords { id });
            }
            let stemmers = [Language::Nl.stemmer(), Language::En.stemmer()];
            let keywords: Vec<Keyword> = words
                .iter()
                .map(|w| Keyword::new(w, &stemmers))
                .filter(|k| !k.words.is_empty())
                .collect();
            if keywords.is_empty() {
                return Err(RuleError::EmptyKeywords { id });
            }
            LocalKind::Keywords(keywords)
        } else if let Some(pattern) = &spec.regex {
            let re = regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| RuleError::BadRegex {
                    id: id.clone(),
                    reason: e.to_string(),
                })?;
            LocalKind::Regex(re)
        } else {
            let expr = spec.amount.as_deref().unwrap_or_default();
            let (expr, percent) = match expr.trim_end().strip_suffix('%') {
                Some(calculation) => (calculation, true),
                None => (expr, false),
            };
            let expected = amount::evaluate(expr).map_err(|e| RuleError::BadAmount {
                id: id.clone(),
                reason: e.to_string(),
            })?;
            let tolerance = match &spec.tolerance {
                Some(t) => amount::evaluate(t).map_err(|e| RuleError::BadAmount {
                    id: id.clone(),
                    reason: e.to_string(),
                })?,
                None => Decimal::new(1, 2),
            };
            LocalKind::Amount {
                expected,
                tolerance,
                percent,
            }
        };
        Ok(LocalRule { id, kind })
    }

    /// The expected amount, for amount rules (shown in feedback).
    pub fn expected_amount(&self) -> Option<Decimal> {
        match &self.kind {
            LocalKind::Amount { expected, .. } => Some(*expected),
            _ => None,
        }
    }

    /// Whether this is an amount rule whose result is a percentage
    /// (`amount = "12000 / 96000 * 100 %"`).
    pub fn is_percentage(&self) -> bool {
        matches!(self.kind, LocalKind::Amount { percent: true, .. })
    }
}

/// One keyword (or phrase) of a local rule, as canonical words with stems.
#[derive(Debug, Clone)]
struct Keyword {
    words: Vec<String>,
    /// Dutch stems, then English ones: the rule does not know its dialogue's language.
    stems: [Vec<String>; 2],
    /// The shape of each word, made once for the typo check.
    shapes: Vec<Shape>,
}

/// What the typo check of a token against a keyword word needs besides the
/// text, computed once per word (keywords at compile time, a reply's tokens
/// once per reading) instead of for every pair.
#[derive(Debug, Clone)]
struct Shape {
    chars: usize,
    ascii: bool,
    digit: bool,
    /// Byte counts (saturating) for ASCII text, by the byte's low five bits
    /// (the 26 letters apart): their distance is a lower bound of twice the
    /// edit distance, as the full counts are in `lexicon::is_typo_in`
    /// (merging counts only lowers the bound, and 32 of them compare in a
    /// few instructions).
    counts: [u8; 32],
}

impl Shape {
    fn of(w: &str) -> Shape {
        let mut counts = [0u8; 32];
        let ascii = w.is_ascii();
        if ascii {
            for b in w.bytes() {
                let c = &mut counts[usize::from(b & 0x1f)];
                *c = c.saturating_add(1);
            }
        }
        Shape {
            chars: w.chars().count(),
            ascii,
            digit: w.bytes().any(|b| b.is_ascii_digit()),
            counts,
        }
    }
}

impl Keyword {
    fn new(phrase: &str, stemmers: &[Stemmer; 2]) -> Keyword {
        let an = text::analyse(phrase, &NoCorrection);
        let words: Vec<String> = an
            .toks
            .into_iter()
            .filter(|t| t.kind != text::Kind::Punct)
            .map(|t| t.canon)
            .collect();
        let stems = stemmers
            .each_ref()
            .map(|s| words.iter().map(|w| s.stem(w).into_owned()).collect());
        let shapes = words.iter().map(|w| Shape::of(w)).collect();
        Keyword {
            words,
            stems,
            shapes,
        }
    }

    fn stems(&self, lang: Language) -> &[String] {
        &self.stems[match lang {
            Language::Nl => 0,
            Language::En => 1,
        }]
    }
}

struct NoCorrection;

impl text::Corrector for NoCorrection {
    fn correct(&self, _: &str) -> Option<&str> {
        None
    }
}

/// The catalogue words that typos are corrected to.
#[derive(Debug, Clone, Default)]
struct Vocabulary {
    words: Vec<String>,
    /// Indices into `words` by byte length, so that a typo is compared
    /// only with words of a length it can reach.
    by_len: Vec<Vec<usize>>,
    known: HashSet<String>,
    /// Catalogue words of two to four letters (never typo targets).
    short: HashSet<String>,
    /// The language's word list: a real word is never a typo.
    is_word: Option<fn(&str) -> bool>,
}

impl text::Corrector for Vocabulary {
    fn knows(&self, word: &str) -> bool {
        self.known.contains(word) || self.short.contains(word)
    }

    fn correct(&self, word: &str) -> Option<&str> {
        let len = word.len();
        if len < 4
            || !word.bytes().all(|b| b.is_ascii_lowercase())
            || self.known.contains(word)
            || self.is_word.is_some_and(|is_word| is_word(word))
        {
            return None;
        }
        // The closest catalogue word, the first in catalogue order on a tie.
        // Only words within two letters of the length can be within budget.
        let wb = word.as_bytes();
        let mut best: Option<(usize, usize)> = None;
        let lengths = len.saturating_sub(2)..=len + 2;
        for &i in lengths.filter_map(|l| self.by_len.get(l)).flatten() {
            let v = &self.words[i];
            let budget = lexicon::max_edits(v.len());
            let vb = v.as_bytes();
            if budget == 0 || v.len().abs_diff(len) > budget || (wb[0] != vb[0] && wb[1] != vb[1]) {
                continue;
            }
            let dist = strsim::osa_distance(word, v);
            if dist <= budget && best.is_none_or(|b| (dist, i) < b) {
                best = Some((dist, i));
            }
        }
        best.map(|(_, i)| self.words[i].as_str())
    }
}

/// Search caches for one language's patterns, in the order of its rules.
struct Caches {
    rules: Vec<catalogue::RuleCache>,
    time: Option<regex_automata::hybrid::dfa::Cache>,
    price_context: Option<regex_automata::hybrid::dfa::Cache>,
}

impl LanguageRules {
    fn create_caches(&self) -> Caches {
        Caches {
            rules: self
                .rules
                .iter()
                .map(catalogue::Rule::create_cache)
                .collect(),
            time: self.time.as_ref().map(anchored::Pattern::create_cache),
            price_context: self
                .price_context
                .as_ref()
                .map(anchored::Pattern::create_cache),
        }
    }
}

/// The compiled catalogue of one language.
#[derive(Debug, Clone)]
struct LanguageRules {
    lang: Language,
    rules: Vec<catalogue::Rule>,
    /// Search caches of `rules`, one set per thread detecting at a time.
    caches: anchored::CachePool<Caches>,
    price_context: Option<anchored::Pattern>,
    time: Option<anchored::Pattern>,
    vocabulary: Vocabulary,
}

impl LanguageRules {
    fn new(lang: Language) -> LanguageRules {
        let g = grammar(lang);
        let words = catalogue::vocabulary(g);
        let known = words.iter().cloned().collect();
        let mut by_len: Vec<Vec<usize>> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if by_len.len() <= w.len() {
                by_len.resize(w.len() + 1, Vec::new());
            }
            by_len[w.len()].push(i);
        }
        let short = catalogue::short_words(g).into_iter().collect();
        LanguageRules {
            lang,
            rules: catalogue::rules(g),
            caches: anchored::CachePool::default(),
            price_context: match lang {
                Language::Nl => catalogue::price_context(),
                Language::En => english::price_context(),
            },
            // Tense and time sense read Dutch verb forms; the English rules
            // carry their own past-tense vetoes.
            time: match lang {
                Language::Nl => catalogue::time_pattern(),
                Language::En => None,
            },
            vocabulary: Vocabulary {
                words,
                by_len,
                known,
                short,
                is_word: Some(lang.is_word()),
            },
        }
    }

    fn analyse(&self, text: &str) -> text::Analysis {
        match self.lang {
            Language::Nl => text::analyse(text, &self.vocabulary),
            Language::En => english::analyse(text, &self.vocabulary),
        }
    }
}

/// The compiled catalogue in both languages. Build once, share between threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    nl: LanguageRules,
    en: LanguageRules,
    /// The customer's lines read for the follow-up check.
    lines: LineCache,
}

/// The last few customer lines as the follow-up check reads them (without
/// typo correction), so that a line is analysed once, not for every reply to
/// it: every reply at a step, and every student of the same dialogue, is
/// read against the same few lines. Only a cache: a clone starts empty, and a
/// poisoned lock just analyses again.
#[derive(Debug, Default)]
struct LineCache(std::sync::Mutex<Vec<(String, std::sync::Arc<text::Analysis>)>>);

impl Clone for LineCache {
    fn clone(&self) -> Self {
        LineCache::default()
    }
}

impl LineCache {
    /// How many lines are kept (the oldest goes first).
    const KEPT: usize = 32;

    fn analysis(&self, line: &str) -> std::sync::Arc<text::Analysis> {
        if let Ok(kept) = self.0.lock()
            && let Some((_, an)) = kept.iter().find(|(l, _)| l == line)
        {
            return an.clone();
        }
        let an = std::sync::Arc::new(text::analyse(line, &NoCorrection));
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= Self::KEPT {
                kept.remove(0);
            }
            kept.push((line.to_string(), an.clone()));
        }
        an
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::new()
    }
}

impl Matcher {
    /// Compiles the full catalogue, Dutch and English.
    pub fn new() -> Matcher {
        Matcher {
            nl: LanguageRules::new(Language::Nl),
            en: LanguageRules::new(Language::En),
            lines: LineCache::default(),
        }
    }

    /// Bytes held by the catalogue patterns' search caches (lazy DFA
    /// states), per language and rule, for measuring memory
    /// (`examples/matcher_memory.rs`).
    #[doc(hidden)]
    pub fn search_cache_bytes(&self) -> Vec<(Language, &'static str, &'static str, usize)> {
        [&self.nl, &self.en]
            .into_iter()
            .flat_map(|r| {
                let sizes = r.caches.memory_usage(|c| {
                    let single = [&c.time, &c.price_context];
                    c.rules
                        .iter()
                        .map(catalogue::Rule::cache_bytes)
                        .chain(single.map(|c| c.as_ref().map_or(0, |c| c.memory_usage())))
                        .collect()
                });
                let names = r.rules.iter().map(|rule| (rule.behaviour, rule.name));
                names
                    .chain([
                        ("vervolgafspraak", "{TIME}"),
                        ("noemt-prijs", "price context"),
                    ])
                    .zip(sizes)
                    .map(|((behaviour, name), size)| (r.lang, behaviour, name, size))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Judges a Dutch reply against the core catalogue.
    pub fn detect(&self, text: &str) -> Detection {
        self.detect_in(Language::Nl, text, &[])
    }

    /// Judges a Dutch reply against the core catalogue plus dialogue-local rules.
    pub fn detect_with(&self, text: &str, local: &[&LocalRule]) -> Detection {
        self.detect_in(Language::Nl, text, local)
    }

    /// Judges a reply in `lang` against the core catalogue plus dialogue-local rules.
    pub fn detect_in(&self, lang: Language, text: &str, local: &[&LocalRule]) -> Detection {
        self.detect_after_in(lang, "", text, local)
    }

    /// Judges a Dutch reply to `customer_line` (what the customer said just before;
    /// empty when unknown). A question that builds on the customer's own
    /// words ("Hoe lang duurt het meestal voordat de machine weer werkt?"
    /// after "Onze machine valt steeds uit") is `doorvragen`.
    pub fn detect_after(&self, customer_line: &str, text: &str, local: &[&LocalRule]) -> Detection {
        self.detect_after_in(Language::Nl, customer_line, text, local)
    }

    /// [`Matcher::detect_after`] in `lang`.
    pub fn detect_after_in(
        &self,
        lang: Language,
        customer_line: &str,
        text: &str,
        local: &[&LocalRule],
    ) -> Detection {
        self.judge(&self.read(lang, text), customer_line, local)
    }

    /// Reads a reply in `lang` once (normalised, tokenised, typos
    /// corrected), so that [`Matcher::judge`] and the knowledge finder
    /// ([`Reading::local_in`]) share one analysis instead of each making
    /// their own.
    pub fn read<'t>(&self, lang: Language, text: &'t str) -> Reading<'t> {
        let rules = match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        };
        Reading {
            text,
            an: rules.analyse(text),
            offsets: CharOffsets::new(text),
            stems: std::cell::OnceCell::new(),
            shapes: std::cell::OnceCell::new(),
        }
    }

    /// [`Matcher::detect_after_in`] on a reply already read.
    pub fn judge(&self, reading: &Reading, customer_line: &str, local: &[&LocalRule]) -> Detection {
        let (an, text, lang) = (&reading.an, reading.text, reading.an.lang);
        let rules = match lang {
            Language::Nl => &self.nl,
            Language::En => &self.en,
        };
        let mut hits: Vec<catalogue::Hit> = Vec::new();
        let mut caches = rules.caches.take(|| rules.create_caches());
        catalogue::pattern_hits(&rules.rules, &mut caches.rules, an, &mut hits);
        match lang {
            Language::Nl => {
                catalogue::intro_hits(an, text, &mut hits);
                catalogue::question_hits(an, &mut hits);
                // Only an open question without `doorvragen` can become a
                // follow-up question: the customer's line is read only then.
                let shown = |id: &str| hits.iter().any(|h| h.behaviour == id && !h.negated);
                if !customer_line.trim().is_empty() && shown("open-vraag") && !shown("doorvragen") {
                    let before = self.lines.analysis(customer_line);
                    catalogue::follow_up_hits(an, &before, &mut hits);
                }
            }
            Language::En => english::question_hits(an, &mut hits),
        }
        catalogue::summary_on_request(an, customer_line, lang, &mut hits);
        if let (Some(re), Some(cache)) = (&rules.time, caches.time.as_mut()) {
            catalogue::time_sense(an, &mut hits, re, cache);
        }
        if let (Some(re), Some(cache)) = (&rules.price_context, caches.price_context.as_mut()) {
            catalogue::price_hits(an, &mut hits, re, cache);
        }
        rules.caches.give(caches);
        // Mixed register counts as je-vorm.
        if hits.iter().any(|h| h.behaviour == "je-vorm" && !h.negated) {
            hits.retain(|h| h.behaviour != "u-vorm");
        }
        let offsets = &reading.offsets;
        let mut det = Detection::default();
        for info in BEHAVIOURS {
            let mut mine: Vec<&catalogue::Hit> =
                hits.iter().filter(|h| h.behaviour == info.id).collect();
            if mine.is_empty() {
                continue;
            }
            mine.sort_by_key(|h| (an.toks[h.a].start, h.negated));
            if mine.iter().any(|h| !h.negated) {
                det.behaviours.push(info.id.to_string());
            }
            for h in mine {
                let (start, end) = an.span(h.a, h.b);
                det.evidence
                    .push(offsets.evidence(info.id, h.rule, start, end, h.negated));
            }
        }
        if !local.is_empty() {
            local_hits(reading, offsets, 0..an.toks.len(), local, None, &mut det);
        }
        det
    }
}

/// One reply read by [`Matcher::read`]: its analysis, shared by every judge
/// of the reply.
#[derive(Debug)]
pub struct Reading<'t> {
    text: &'t str,
    an: text::Analysis,
    offsets: CharOffsets<'t>,
    /// Stems of the tokens, each made when a keyword first needs it (and
    /// then once for all local rules): stemming is the dearest step of a
    /// keyword check, and most tokens never need their stem.
    stems: std::cell::OnceCell<Vec<std::cell::OnceCell<String>>>,
    /// Shapes of the tokens' surface forms, made once for all local rules.
    shapes: std::cell::OnceCell<Vec<Shape>>,
}

impl Reading<'_> {
    /// The stem of token `i` (empty below four bytes: keywords compare stems
    /// only of tokens of four letters or more).
    fn stem(&self, i: usize) -> &str {
        let cells = self.stems.get_or_init(|| {
            (0..self.an.toks.len())
                .map(|_| std::cell::OnceCell::new())
                .collect()
        });
        let (Some(cell), Some(t)) = (cells.get(i), self.an.toks.get(i)) else {
            return "";
        };
        cell.get_or_init(|| {
            if t.canon.len() >= 4 {
                self.an.lang.stemmer().stem(&t.canon).into_owned()
            } else {
                String::new()
            }
        })
    }

    fn shapes(&self) -> &[Shape] {
        self.shapes
            .get_or_init(|| self.an.toks.iter().map(|t| Shape::of(&t.surface)).collect())
    }

    /// Judges the part of the reply between characters `from` and `to` (a
    /// sentence) against `local` rules only, as if it stood alone: keyword
    /// phrases and regexes see only its words. The knowledge finder runs its
    /// topics over single question sentences this way.
    pub fn local_in(&self, from: usize, to: usize, local: &[&LocalRule]) -> Detection {
        self.local_in_indexed(from, to, local, &KeywordIndex::default())
    }

    /// [`Reading::local_in`] with the keywords of `local` indexed beforehand
    /// ([`KeywordIndex::new`] over the same rules, in the same order): each
    /// token is compared only with the keywords it could match. The same
    /// result; an index made for other rules is not used.
    pub fn local_in_indexed(
        &self,
        from: usize,
        to: usize,
        local: &[&LocalRule],
        index: &KeywordIndex,
    ) -> Detection {
        let toks = &self.an.toks;
        let first = toks.partition_point(|t| t.start < from);
        let last = first + toks[first..].partition_point(|t| t.end <= to);
        let mut det = Detection::default();
        let index = (index.rules == local.len() && !local.is_empty()).then_some(index);
        local_hits(self, &self.offsets, first..last, local, index, &mut det);
        det
    }
}

impl Matcher {
    /// Judges a text against `local` rules only, without the catalogue: the
    /// knowledge finder runs its topics over single question sentences.
    pub fn detect_local(&self, lang: Language, text: &str, local: &[&LocalRule]) -> Detection {
        self.read(lang, text)
            .local_in(0, text.chars().count(), local)
    }
}

/// Whether `word` (lowercase, without diacritics) is in the Dutch word list.
pub fn is_dutch_word(word: &str) -> bool {
    lexicon::is_dutch_word(word)
}

/// Character offsets of the original reply, to copy matched spans.
#[derive(Debug)]
struct CharOffsets<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> CharOffsets<'a> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharOffsets { text, bytes }
    }

    fn evidence(&self, id: &str, rule: &str, start: usize, end: usize, negated: bool) -> Evidence {
        let last = self.bytes.len() - 1;
        let (start, end) = (start.min(last), end.min(last).max(start.min(last)));
        Evidence {
            behaviour: id.to_string(),
            rule: rule.to_string(),
            start,
            end,
            matched: self.text[self.bytes[start]..self.bytes[end]].to_string(),
            negated,
        }
    }
}

/// Runs `local` rules over the tokens `range` of `an` (with their `stems`).
fn local_hits(
    reading: &Reading,
    offsets: &CharOffsets,
    range: std::ops::Range<usize>,
    local: &[&LocalRule],
    index: Option<&KeywordIndex>,
    det: &mut Detection,
) {
    if local.is_empty() || range.is_empty() {
        return;
    }
    let an = &reading.an;
    let mut plain: Option<(String, Vec<(usize, usize)>)> = None;
    // With an index: the (rule, keyword, token) triples whose first word may
    // match, sorted, so that each rule tries them in the order of the full
    // scan (keywords in order, tokens left to right).
    let candidates = index.map(|ix| ix.candidates(reading, range.clone(), local));
    for (r, rule) in local.iter().enumerate() {
        let mut found: Option<(usize, usize, String, bool)> = None;
        match &rule.kind {
            LocalKind::Keywords(keywords) => {
                let shapes = reading.shapes();
                let tries: Box<dyn Iterator<Item = (usize, usize)>> = match &candidates {
                    Some(c) => {
                        let from = c.partition_point(|&(cr, _, _)| (cr as usize) < r);
                        Box::new(
                            c[from..]
                                .iter()
                                .take_while(move |&&(cr, _, _)| cr as usize == r)
                                .map(|&(_, k, i)| (k as usize, i as usize)),
                        )
                    }
                    None => Box::new(keywords.iter().enumerate().flat_map(|(k, kw)| {
                        (range.start..range.end.saturating_sub(kw.words.len() - 1))
                            .map(move |i| (k, i))
                    })),
                };
                'outer: for (k, i) in tries {
                    let Some(kw) = keywords.get(k) else { continue };
                    let n = kw.words.len();
                    if i + n > range.end {
                        continue;
                    }
                    {
                        let ok = (0..n).all(|j| {
                            keyword_matches(
                                an.lang,
                                (&an.toks[i + j], &|| reading.stem(i + j), &shapes[i + j]),
                                (&kw.words[j], &kw.stems(an.lang)[j], &kw.shapes[j]),
                            )
                        });
                        if ok {
                            let neg =
                                catalogue::negated(an, i, i + n, catalogue::Neg::Preceding(2));
                            let hit = (i, i + n, "keywords".to_string(), neg);
                            if !neg {
                                found = Some(hit);
                                break 'outer;
                            }
                            found.get_or_insert(hit);
                        }
                    }
                }
            }
            LocalKind::Regex(re) => {
                let (hay, offs) = plain.get_or_insert_with(|| plain_text(an, range.clone()));
                for m in re.find_iter(hay) {
                    let first = offs.partition_point(|&(_, e)| e <= m.start());
                    let last = offs.partition_point(|&(s, _)| s < m.end()).max(first + 1);
                    if first >= offs.len() {
                        continue;
                    }
                    let last = range.start + last.min(offs.len());
                    let first = range.start + first;
                    let neg = catalogue::negated(an, first, last, catalogue::Neg::Preceding(2));
                    let hit = (first, last, "regex".to_string(), neg);
                    if !neg {
                        found = Some(hit);
                        break;
                    }
                    found.get_or_insert(hit);
                }
            }
            LocalKind::Amount {
                expected,
                tolerance,
                percent,
            } => {
                for (i, t) in an.toks.iter().enumerate().take(range.end).skip(range.start) {
                    // A percentage is "12,5%" (one token in both languages)
                    // or a number followed by the word.
                    let is_percent = t.kind == text::Kind::Percent
                        || (t.kind == text::Kind::Number
                            && an.toks.get(i + 1).is_some_and(|w| {
                                matches!(w.canon.as_str(), "procent" | "percent" | "pct")
                            }));
                    if is_percent != *percent {
                        continue;
                    }
                    if t.values
                        .iter()
                        .any(|v| (*v - *expected).abs() <= *tolerance)
                    {
                        found = Some((i, i + 1, "amount".to_string(), false));
                        break;
                    }
                }
            }
        }
        if let Some((a, b, rule_name, neg)) = found {
            let (start, end) = an.span(a, b);
            if !neg {
                det.behaviours.push(rule.id.clone());
            }
            det.evidence
                .push(offsets.evidence(&rule.id, &rule_name, start, end, neg));
        }
    }
}

/// The first words of a rule list's keywords, indexed at compile time so
/// that a token is compared only with the keywords it could match (see
/// `keyword_matches`: the same word or stem, a word the token ends or starts
/// with, a typo within the word's budget, digits). Candidates are a superset
/// of the matches; every candidate is still checked in full. Sorted lists
/// with short keys, not hash maps: a binary search over a few hundred
/// entries costs less than hashing a string per lookup.
#[derive(Debug, Clone, Default)]
pub struct KeywordIndex {
    /// How many rules it was made for (0: none, not used).
    rules: usize,
    /// By first word.
    exact: Vec<(String, Key)>,
    /// By the last four bytes of a first word of four bytes or more: a
    /// token that is or ends with it ends with the same four bytes.
    ends: Vec<(u32, Key)>,
    /// By the first five bytes of a first word of five bytes or more.
    starts: Vec<(u64, Key)>,
    /// By the stem of a first word of four bytes or more; Dutch, then English.
    stems: [Vec<(String, Key)>; 2],
    /// By the character count of a first word with a typo budget.
    /// With the word's shape: the typo check's bounds reject nearly every
    /// pair without a trip to the rule.
    by_chars: Vec<Vec<(Key, Shape)>>,
    /// First words of three bytes or more with a digit (a part of a code).
    digits: Vec<Key>,
    /// Every keyword (a token with a digit may contain any of them).
    all: Vec<Key>,
}

/// A keyword of an indexed rule list: (rule, keyword).
type Key = (u32, u32);

fn tail4(w: &str) -> Option<u32> {
    let b = w.as_bytes();
    let t: [u8; 4] = b.get(b.len().checked_sub(4)?..)?.try_into().ok()?;
    Some(u32::from_le_bytes(t))
}

fn head5(w: &str) -> Option<u64> {
    let b = w.as_bytes().get(..5)?;
    let mut k = [0u8; 8];
    k[..5].copy_from_slice(b);
    Some(u64::from_le_bytes(k))
}

/// The keys of `list` (sorted by its first field) under `key`.
fn under<'a, K: Ord + ?Sized, O: std::borrow::Borrow<K>>(
    list: &'a [(O, Key)],
    key: &K,
) -> &'a [(O, Key)] {
    let from = list.partition_point(|(k, _)| k.borrow() < key);
    let len = list[from..].partition_point(|(k, _)| k.borrow() == key);
    &list[from..from + len]
}

impl KeywordIndex {
    /// Indexes the keyword rules of `rules` (other rules are scanned as ever).
    pub fn new(rules: &[LocalRule]) -> KeywordIndex {
        let mut ix = KeywordIndex {
            rules: rules.len(),
            ..KeywordIndex::default()
        };
        for (r, rule) in rules.iter().enumerate() {
            let LocalKind::Keywords(keywords) = &rule.kind else {
                continue;
            };
            for (k, kw) in keywords.iter().enumerate() {
                let (Some(word), Some(shape)) = (kw.words.first(), kw.shapes.first()) else {
                    continue;
                };
                let key = (r as u32, k as u32);
                ix.all.push(key);
                ix.exact.push((word.clone(), key));
                if let Some(t) = tail4(word) {
                    ix.ends.push((t, key));
                    for (l, stems) in kw.stems.iter().enumerate() {
                        if let Some(stem) = stems.first() {
                            ix.stems[l].push((stem.clone(), key));
                        }
                    }
                }
                if let Some(h) = head5(word) {
                    ix.starts.push((h, key));
                }
                if lexicon::max_edits(shape.chars) > 0 {
                    if ix.by_chars.len() <= shape.chars {
                        ix.by_chars.resize(shape.chars + 1, Vec::new());
                    }
                    ix.by_chars[shape.chars].push((key, shape.clone()));
                }
                if word.len() >= 3 && shape.digit {
                    ix.digits.push(key);
                }
            }
        }
        ix.exact.sort();
        ix.ends.sort();
        ix.starts.sort();
        for stems in &mut ix.stems {
            stems.sort();
        }
        ix
    }

    /// The sorted (rule, keyword, token) triples of `range` whose first word
    /// may match (`local`: the rules the index was made for).
    fn candidates(
        &self,
        reading: &Reading,
        range: std::ops::Range<usize>,
        local: &[&LocalRule],
    ) -> Vec<(u32, u32, u32)> {
        let an = &reading.an;
        let shapes = reading.shapes();
        let lang = match an.lang {
            Language::Nl => 0,
            Language::En => 1,
        };
        let mut out = Vec::new();
        for i in range {
            let (tok, shape) = (&an.toks[i], &shapes[i]);
            let at = i as u32;
            // The surface only when it differs (most tokens are as typed).
            let surface = (tok.surface != tok.canon).then_some(&tok.surface);
            for word in std::iter::once(&tok.canon).chain(surface) {
                out.extend(
                    under(&self.exact, word.as_str())
                        .iter()
                        .map(|&(_, (r, k))| (r, k, at)),
                );
            }
            if tok.kind != text::Kind::Word {
                continue;
            }
            if shape.digit {
                out.extend(self.all.iter().map(|&(r, k)| (r, k, at)));
                continue;
            }
            out.extend(self.digits.iter().map(|&(r, k)| (r, k, at)));
            if tok.canon.len() >= 4 {
                // Stem the token only if some keyword's stem can be its stem.
                let stems = match stem_prefix(an.lang, &tok.canon) {
                    Some(p) => starting_with(&self.stems[lang], p),
                    None => &self.stems[lang][..],
                };
                if stems
                    .iter()
                    .any(|(s, _)| may_stem_to(an.lang, &tok.canon, s))
                {
                    out.extend(
                        under(stems, reading.stem(i))
                            .iter()
                            .map(|&(_, (r, k))| (r, k, at)),
                    );
                }
            }
            // Compounds: the words the token ends or starts with.
            if let Some(t) = tail4(&tok.canon) {
                out.extend(under(&self.ends, &t).iter().map(|&(_, (r, k))| (r, k, at)));
            }
            if let Some(h) = head5(&tok.canon) {
                out.extend(
                    under(&self.starts, &h)
                        .iter()
                        .map(|&(_, (r, k))| (r, k, at)),
                );
            }
            // Typos: first words whose length is within two characters and
            // that pass the typo check itself (it is exact and cheap to
            // reject, and keeps the candidate list short).
            if shape.chars >= 4 {
                for c in shape.chars.saturating_sub(2)..=shape.chars + 2 {
                    let near = self.by_chars.get(c).into_iter().flatten();
                    for &((r, k), _) in near.filter(|(_, ws)| typo_bounds(shape, ws)) {
                        let Some(LocalKind::Keywords(kws)) = local.get(r as usize).map(|l| &l.kind)
                        else {
                            continue;
                        };
                        let Some(kw) = kws.get(k as usize) else {
                            continue;
                        };
                        if is_typo(
                            an.lang,
                            (&tok.surface, shape),
                            (&kw.words[0], &kw.shapes[0]),
                        ) {
                            out.push((r, k, at));
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The first bytes that the stem of `canon` (a token's canonical form of
/// four bytes or more) surely starts with, if they are plain letters: the
/// Snowball stemmers only change a word's end (a Dutch stem keeps the first
/// two letters, an English one the first), apart from diacritics and a
/// leading apostrophe, which plain letters exclude. Two words whose stems
/// start differently cannot have the same stem, so most tokens need no stem
/// at all (`stemmers_keep_the_first_letters` checks this on the catalogue's
/// words).
fn stem_prefix(lang: Language, canon: &str) -> Option<&[u8]> {
    let n = match lang {
        Language::Nl => 2,
        Language::En => 1,
    };
    let p = canon.as_bytes().get(..n)?;
    p.iter().all(u8::is_ascii_lowercase).then_some(p)
}

/// Whether `canon` (four bytes or more) may stem to `stem`, by the first
/// bytes (see [`stem_prefix`]) and, for a plain Dutch word, by the shape of
/// a Dutch stem: the word cut after some letter, perhaps with the last
/// letter of a doubled vowel dropped ("maan" -> "man") or "heden" made
/// "heid", so all of the stem but its last letter (but "heid") starts the
/// word, and the stem is no longer than the word. (Checked once on the whole
/// OpenTaal word list: no exception.)
fn may_stem_to(lang: Language, canon: &str, stem: &str) -> bool {
    let Some(p) = stem_prefix(lang, canon) else {
        return true;
    };
    if !stem.as_bytes().starts_with(p) {
        return false;
    }
    if lang != Language::Nl || !canon.bytes().all(|b| b.is_ascii_lowercase()) {
        return true;
    }
    let s = stem.as_bytes();
    let kept = match s.strip_suffix(b"heid") {
        Some(head) => head,
        None => &s[..s.len() - 1],
    };
    s.len() <= canon.len() && canon.as_bytes().starts_with(kept)
}

/// The entries of `list` (sorted by their first field) that start with `prefix`.
fn starting_with<'a>(list: &'a [(String, Key)], prefix: &[u8]) -> &'a [(String, Key)] {
    let from = list.partition_point(|(k, _)| k.as_bytes() < prefix);
    let len = list[from..].partition_point(|(k, _)| k.as_bytes().starts_with(prefix));
    &list[from..from + len]
}

fn keyword_matches<'s>(
    lang: Language,
    (tok, tok_stem, tok_shape): (&text::Tok, &dyn Fn() -> &'s str, &Shape),
    (word, word_stem, word_shape): (&str, &str, &Shape),
) -> bool {
    if tok.canon == word || tok.surface == word {
        return true;
    }
    if tok.kind != text::Kind::Word {
        return false;
    }
    (word.len() >= 4
        && tok.canon.len() >= 4
        && may_stem_to(lang, &tok.canon, word_stem)
        && tok_stem() == word_stem)
        // Codes (IBAN, postcode, order numbers) are written glued: a part counts.
        || (word.len() >= 3 && (word_shape.digit || tok_shape.digit) && tok.surface.contains(word))
        // Compounds: "kantoorstoel" shows "stoel", "demonstratieruimte" shows "demonstratie".
        || (word.len() >= 4 && tok.canon.ends_with(word))
        || (word.len() >= 5 && tok.canon.starts_with(word))
        || is_typo(lang, (&tok.surface, tok_shape), (word, word_shape))
}

/// `lexicon::is_typo_in(token, word, ...)` with the shapes made beforehand:
/// the same answer, but the length and letter-count bounds that rule out
/// nearly every pair cost no pass over the text.
fn is_typo(lang: Language, (token, ts): (&str, &Shape), (word, ws): (&str, &Shape)) -> bool {
    if token == word {
        return false;
    }
    typo_bounds(ts, ws)
        && strsim::osa_distance(token, word) <= lexicon::max_edits(ws.chars)
        && !(lang.is_word())(token)
}

/// The length and letter-count bounds of [`is_typo`]: `false` when a token of
/// shape `ts` cannot be a typo of a word of shape `ws`.
fn typo_bounds(ts: &Shape, ws: &Shape) -> bool {
    let (a, b) = (ts.chars, ws.chars);
    let budget = lexicon::max_edits(b);
    if budget == 0 || a.abs_diff(b) > budget || a < 4 {
        return false;
    }
    if ts.ascii && ws.ascii {
        let bag = ts
            .counts
            .iter()
            .zip(&ws.counts)
            .map(|(x, y)| u32::from(x.abs_diff(*y)))
            .sum::<u32>() as usize;
        if bag.div_ceil(2) > budget {
            return false;
        }
    }
    true
}

/// The tokens `range` of the reply as local regexes see them: canonical
/// words, but money as typed. Offsets are per token of the range.
fn plain_text(an: &text::Analysis, range: std::ops::Range<usize>) -> (String, Vec<(usize, usize)>) {
    let mut s = String::with_capacity(an.canon.len() + 16);
    let mut offs = Vec::with_capacity(range.len());
    for t in &an.toks[range] {
        if !s.is_empty() {
            s.push(' ');
        }
        let from = s.len();
        match t.kind {
            text::Kind::Money | text::Kind::Url | text::Kind::Email | text::Kind::Emoji => {
                s.push_str(&t.surface)
            }
            _ => s.push_str(&t.canon),
        }
        offs.push((from, s.len()));
    }
    (s, offs)
}

/// The grammar words of `lang`. It lives here, above both languages, so that
/// the Dutch catalogue and the English one need not import each other.
pub(crate) fn grammar(lang: Language) -> &'static catalogue::Grammar {
    match lang {
        Language::Nl => &catalogue::DUTCH,
        Language::En => &english::GRAMMAR,
    }
}

#[cfg(test)]
mod typo_tests {
    use super::*;

    #[test]
    fn the_typo_check_with_shapes_agrees_with_the_reference_check() {
        let words = [
            "medewerkers",
            "medewerkrs",
            "mederwerkers",
            "budget",
            "budgte",
            "bugdet",
            "koffie",
            "kofie",
            "storing",
            "storingen",
            "sotring",
            "ideeen",
            "ideeën",
            "café",
            "cafe",
            "hoeveel",
            "hoevel",
            "hoeveeel",
            "prijs",
            "prins",
            "12345",
            "1234",
            "a1b2c3",
            "verhuizing",
            "verhuzing",
            "aaaa",
            "aaab",
            "abcd",
            "bacd",
            "ergonomisch",
            "ergonomich",
            "people",
            "peopel",
            "employees",
            "employes",
            "x",
        ];
        for lang in [Language::Nl, Language::En] {
            for t in words {
                for w in words {
                    let fast = is_typo(lang, (t, &Shape::of(t)), (w, &Shape::of(w)));
                    let reference = lexicon::is_typo_in(t, w, lang.is_word());
                    assert_eq!(fast, reference, "{t} / {w} ({lang:?})");
                }
            }
        }
    }
}

#[cfg(test)]
mod line_cache_tests {
    use super::*;

    #[test]
    fn a_customer_line_read_again_is_built_on_as_the_first_time() {
        let m = Matcher::new();
        let line = "De koffieautomaat lekt de hele tijd.";
        let reply = "Wat doet u nu met die koffieautomaat?";
        let first = m.detect_after(line, reply, &[]);
        assert!(first.has("doorvragen"), "{first:?}");
        assert!(!m.detect(reply).has("doorvragen"));
        // More lines than are kept, so that the first one is read anew.
        for i in 0..=LineCache::KEPT {
            let other = format!("We hebben {i} vestigingen.");
            assert!(!m.detect_after(&other, reply, &[]).has("doorvragen"));
        }
        assert_eq!(m.detect_after(line, reply, &[]), first);
        assert_eq!(m.clone().detect_after(line, reply, &[]), first);
    }
}

#[cfg(test)]
mod keyword_index_tests {
    use super::*;

    #[test]
    fn stemmers_keep_the_first_letters() {
        // `stem_prefix` lets a token skip stemming when no keyword stem starts
        // like it; that holds only if a stem keeps those letters. (Checked
        // once on the whole OpenTaal and SCOWL word lists: no exception.)
        // Endings that undouble, shorten or respell, and the English
        // exceptions ("dying" -> "die" keeps only the "d").
        let tricky = [
            "maan",
            "manen",
            "bedden",
            "odden",
            "heden",
            "mogelijkheden",
            "yoghurt",
            "ijsje",
            "koffie",
            "baadde",
            "waarheden",
            "waarheid",
            "dying",
            "lying",
            "ties",
            "cries",
            "aged",
            "early",
            "skies",
            "generously",
            "yearly",
            "eing",
        ];
        for lang in [Language::Nl, Language::En] {
            let stemmer = lang.stemmer();
            let words = catalogue::vocabulary(grammar(lang));
            assert!(words.len() > 100, "a vocabulary to check");
            let mut checked = 0;
            for w in words.iter().map(String::as_str).chain(tricky) {
                let Some(p) = (w.len() >= 4).then(|| stem_prefix(lang, w)).flatten() else {
                    continue;
                };
                let stem = stemmer.stem(w);
                assert!(stem.as_bytes().starts_with(p), "{lang:?} {w} -> {stem}");
                assert!(may_stem_to(lang, w, &stem), "{lang:?} {w} -> {stem}");
                checked += 1;
            }
            assert!(checked > 100, "{lang:?}: {checked} words checked");
        }
        // A token whose stem cannot start like the keyword's, or is no
        // Dutch stem of it, is not stemmed.
        assert!(!may_stem_to(Language::Nl, "medewerkers", "kantor"));
        assert!(!may_stem_to(Language::Nl, "medewerkers", "medisch"));
        assert!(!may_stem_to(Language::Nl, "mede", "medewerker"));
        assert!(may_stem_to(Language::Nl, "medewerkers", "medewerker"));
        assert!(may_stem_to(Language::Nl, "maan", "man"));
        assert!(may_stem_to(Language::En, "mediums", "medisch"));
        // Not plain letters: no shortcut.
        assert_eq!(stem_prefix(Language::Nl, "één"), None);
        assert_eq!(stem_prefix(Language::En, "'tis"), None);
    }

    fn rule(id: &str, keywords: &[&str]) -> LocalRule {
        LocalRule::compile(&LocalRuleSpec {
            id: id.to_string(),
            keywords: Some(keywords.iter().map(|k| k.to_string()).collect()),
            ..LocalRuleSpec::default()
        })
        .expect("rule compiles")
    }

    #[test]
    fn the_keyword_index_finds_exactly_what_the_full_scan_finds() {
        // Every way a keyword matches: the same word, a stem, a compound's
        // end or start, a typo, a part of a code, a phrase, a negation; and
        // a regex rule between keyword rules.
        let rules = vec![
            rule(
                "medewerkers",
                &["medewerkers", "hoeveel mensen", "personeel"],
            ),
            rule("stoel", &["stoel", "demonstratie"]),
            rule("budget", &["budget", "wat mag het kosten"]),
            LocalRule::compile(&LocalRuleSpec {
                id: "verhuizing".to_string(),
                regex: Some(r"\bverhui\w*".to_string()),
                ..LocalRuleSpec::default()
            })
            .expect("regex compiles"),
            rule("order", &["26-0318", "ordernummer"]),
            rule("storing", &["storing", "foutmelding", "melksysteem"]),
            rule("people", &["how many people", "staff", "employees"]),
        ];
        let refs: Vec<&LocalRule> = rules.iter().collect();
        let index = KeywordIndex::new(&rules);
        let m = Matcher::new();
        let replies = [
            (Language::Nl, "Hoeveel medewerkrs hebben jullie nu?"),
            (
                Language::Nl,
                "Hoeveel mensen werken er, en wat is het budgte?",
            ),
            (
                Language::Nl,
                "Gaat het om de kantoorstoel of de demonstratieruimte?",
            ),
            (Language::Nl, "Heeft u geen budget? Wat mag het kosten dan?"),
            (Language::Nl, "Is het order 26-0318 of ordernr 260318?"),
            (
                Language::Nl,
                "hoe vaak staat dat ding in sotring, en het melksysteem?",
            ),
            (
                Language::Nl,
                "Wanneer verhuizen jullie naar het nieuwe personeelsgebouw?",
            ),
            (Language::Nl, "ok"),
            (
                Language::En,
                "How many people work there, and how many employes?",
            ),
            (Language::En, "Do you have staff in the new office?"),
        ];
        let mut hits = 0;
        for (lang, text) in replies {
            let reading = m.read(lang, text);
            let to = text.chars().count();
            for from in [0, to / 3] {
                let scan = reading.local_in(from, to, &refs);
                let indexed = reading.local_in_indexed(from, to, &refs, &index);
                assert_eq!(indexed, scan, "{text} from {from}");
                hits += scan.behaviours.len();
            }
        }
        assert!(hits >= 12, "the replies must hit the rules: {hits}");
    }

    #[test]
    fn an_index_made_for_other_rules_is_not_used() {
        let rules = [rule("stoel", &["stoel"])];
        let other = KeywordIndex::new(&[rule("a", &["tafel"]), rule("b", &["kast"])]);
        let m = Matcher::new();
        let reading = m.read(Language::Nl, "Wat kost de stoel?");
        let refs: Vec<&LocalRule> = rules.iter().collect();
        assert!(reading.local_in_indexed(0, 18, &refs, &other).has("stoel"));
    }
}

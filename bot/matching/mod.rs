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

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
    Keywords(Vec<String>),
    Regex(regex::Regex),
    Amount {
        expected: Decimal,
        // Read by the real matcher; the placeholder does not judge amounts.
        #[allow(dead_code)]
        tolerance: Decimal,
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
            LocalKind::Keywords(words)
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
}

/// The compiled catalogue. Build once, share between threads.
#[derive(Debug, Clone, Default)]
pub struct Matcher {}

impl Matcher {
    /// Compiles the full catalogue.
    pub fn new() -> Matcher {
        Matcher {}
    }

    /// Judges a reply against the core catalogue.
    pub fn detect(&self, text: &str) -> Detection {
        self.detect_with(text, &[])
    }

    /// Judges a reply against the core catalogue plus dialogue-local rules.
    // PLACEHOLDER: a naive implementation so that other modules can be built
    // against the contract; the matcher issue replaces the internals.
    pub fn detect_with(&self, text: &str, local: &[&LocalRule]) -> Detection {
        let lower = text.to_lowercase();
        let mut det = Detection::default();
        let mut push = |id: &str, rule: &str, needle: &str| {
            if let Some(byte) = lower.find(needle) {
                let start = lower[..byte].chars().count();
                let end = start + needle.chars().count();
                let matched: String = text.chars().skip(start).take(end - start).collect();
                det.behaviours.push(id.to_string());
                det.evidence.push(Evidence {
                    behaviour: id.to_string(),
                    rule: rule.to_string(),
                    start,
                    end,
                    matched,
                    negated: false,
                });
            }
        };
        for (id, needle) in [
            ("groet", "goede"),
            ("excuses", "excuses"),
            ("bedanken", "bedankt"),
            ("open-vraag", "wat "),
            ("u-vorm", " u "),
        ] {
            push(id, "placeholder", needle);
        }
        for rule in local {
            match &rule.kind {
                LocalKind::Keywords(words) => {
                    for w in words {
                        if lower.contains(w.as_str()) {
                            push(&rule.id, "keywords", w);
                            break;
                        }
                    }
                }
                LocalKind::Regex(re) => {
                    if let Some(m) = re.find(&lower) {
                        let needle = m.as_str().to_string();
                        push(&rule.id, "regex", &needle);
                    }
                }
                LocalKind::Amount { .. } => {}
            }
        }
        det
    }
}

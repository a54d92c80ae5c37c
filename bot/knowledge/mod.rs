//! What the customer knows and hears: finds which knowledge topics a reply
//! asks about, which question sentences ask about nothing the customer knows,
//! and what the customer may remember of the student (name, company, amount,
//! day and time). Pure: text and the matcher's detection in, plain data out.
//! `docs/dialogue-format.md`, "The customer listens", is the contract.
//!
//! Topic keywords and patterns are compiled as local rules, so they are typo
//! tolerant exactly like a dialogue's `[[rules]]`; they are run over each
//! question sentence on its own, which is what keeps statements ("u heeft
//! dertig medewerkers, dus ...") from being taken for questions.

pub mod lines;
pub mod memory;
pub mod smalltalk;

use crate::matching::{
    Detection, KeywordIndex, Language, LocalRule, LocalRuleSpec, Matcher, Reading, RuleError,
};
use serde::{Deserialize, Serialize};

pub use lines::{fill, placeholders};
pub use memory::{Memory, amounts_in, quoted_amounts};

/// Catalogue behaviours that make a closed question a proposal rather than a
/// request for information: "zal ik dinsdag langskomen?" asks for a visit,
/// not about the customers who "komen langs". Such a sentence asks no topic.
/// Checks and closing questions ("klopt het dat u gaat verhuizen?", "wilt u
/// vandaag al tekenen?") still may: the customer answers them with a fact.
const MOVES: &[&str] = &["vervolgafspraak"];

/// A question of at most this many words ("klopt dat?", "toch?", "right?")
/// is a tag on the sentence before it and shows what that sentence shows.
const TAG_WORDS: usize = 3;

/// Catalogue behaviours whose evidence makes a sentence a question.
const QUESTION_BEHAVIOURS: &[&str] = &["open-vraag", "gesloten-vraag", "doorvragen"];

/// Catalogue behaviours that are no conversational move of their own: a
/// question showing only these is an information question. `doorvragen` is
/// not among them: "kunt u daar meer over vertellen?" asks the customer to go
/// on, which the script does.
pub const PLAIN_BEHAVIOURS: &[&str] = &[
    "open-vraag",
    "gesloten-vraag",
    "u-vorm",
    "je-vorm",
    "onprofessioneel",
    "vraagt-persoonsgegevens",
];

/// Words that make a question ask for a quantity: "hoeveel mensen werken
/// er?", "how much do you spend?". Typo tolerant like keywords.
const QUANTITY: &[&str] = &["hoeveel", "hoe veel", "how many", "how much"];

/// Number words that state a quantity in an answer ("acht jaar oud", "a
/// couple of minutes"), besides digits.
const NUMBER_WORDS: &[&str] = &[
    "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
    "twintig", "dertig", "veertig", "vijftig", "zestig", "honderd", "duizend", "half", "halfuur",
    "paar", "niets", "geen", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "couple", "few", "nothing",
    "none", "dozen",
];

/// At most this many topics are answered in one customer message.
pub const MAX_ANSWERS: usize = 2;

const UNKNOWN_NL: &[&str] = &[
    "Dat weet ik niet uit mijn hoofd.",
    "Daar ga ik niet over, eerlijk gezegd.",
    "Geen idee, dat zou ik echt niet weten.",
];
const UNKNOWN_EN: &[&str] = &[
    "I wouldn't know that offhand.",
    "That's not really my department.",
    "No idea, to be honest.",
];

/// The built-in lines for a question about something the customer does not
/// know, for files that give no `unknown` of their own.
pub fn unknown_lines(language: Language) -> &'static [&'static str] {
    match language {
        Language::Nl => UNKNOWN_NL,
        Language::En => UNKNOWN_EN,
    }
}

/// Put before an answer the customer gave before, when every variant was
/// said.
pub fn again(language: Language) -> &'static str {
    match language {
        Language::Nl => "Zoals ik al zei:",
        Language::En => "As I said:",
    }
}

/// One thing the customer knows: how a student may ask about it and what the
/// customer answers (docs/dialogue-format.md, "The customer listens").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    /// Short label for the scorecard and the teacher's view.
    pub about: String,
    /// Words or phrases that ask about it inside a question (typo tolerant).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regular expressions on the normalised question sentence.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Catalogue behaviours that ask about it by themselves.
    #[serde(default)]
    pub behaviours: Vec<String>,
    /// The customer's answer; one variant is chosen.
    pub answer: Vec<String>,
    /// Replies that must ask about this topic.
    #[serde(default, rename = "match")]
    pub must_match: Vec<String>,
    /// Replies that must not.
    #[serde(default, rename = "no_match")]
    pub must_not_match: Vec<String>,
}

/// The compiled knowledge of one customer.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    topics: Vec<CompiledTopic>,
    /// Every topic's rules in one list, made at compile time: each question
    /// sentence is judged against all of them at once.
    rules: Vec<LocalRule>,
    /// The keywords of `rules` by first word, so that each token of a
    /// question is compared only with the keywords it could match.
    /// (Boxed: a dialogue is moved around whole.)
    index: Box<KeywordIndex>,
    /// Finds a question for a quantity (`QUANTITY`).
    quantity: Option<LocalRule>,
    /// The dialogue's language: question sentences are read in it, like the
    /// reply itself.
    language: Language,
}

#[derive(Debug, Clone)]
struct CompiledTopic {
    id: String,
    behaviours: Vec<String>,
    /// Keywords as written (lower case): a hit that is exactly one of them
    /// beats a near or partial hit of another topic at the same place.
    keywords: Vec<String>,
    /// Whether an answer states a quantity (a digit or a number word), so
    /// that it can answer "hoeveel ...?".
    counts: bool,
}

/// One sentence of a reply that asks something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Character range in the reply.
    pub start: usize,
    pub end: usize,
    /// The sentence as the student wrote it (trimmed).
    pub text: String,
    /// Indices (file order) of the topics it asks about.
    pub topics: Vec<usize>,
    /// Catalogue and rule behaviours whose evidence lies in this sentence.
    pub behaviours: Vec<String>,
    /// Small talk ("alles goed?"), told once here for the engine's credit
    /// and the customer's answer (`smalltalk::is_small_talk`).
    pub small_talk: bool,
    /// An offer of help ("kan ik nog iets voor u doen?"), never an unknown
    /// question (`smalltalk::is_offer_of_help`).
    pub offers_help: bool,
}

impl Question {
    /// A closed question that proposes or checks ("zal ik dinsdag
    /// langskomen?", "..., klopt dat?"). An open one asks for information
    /// even when it names a move: "hoe laat is de afspraak morgen?".
    fn is_proposal(&self) -> bool {
        self.behaviours.iter().any(|b| MOVES.contains(&b.as_str()))
            && !self.behaviours.iter().any(|b| b == "open-vraag")
    }
}

/// What the customer heard in one reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heard {
    /// Topic indices asked about, file order, no duplicates.
    pub asked: Vec<usize>,
    /// For each asked topic, the student's words that asked it.
    pub quotes: Vec<String>,
    /// Every question sentence of the reply.
    pub questions: Vec<Question>,
}

impl Knowledge {
    /// Compiles the topics. Full validation (with positions) is the loader's
    /// job; this only fails on keywords or patterns that cannot be compiled.
    pub fn compile(topics: &[Topic], language: Language) -> Result<Knowledge, RuleError> {
        let mut compiled = Vec::with_capacity(topics.len());
        // One rule for a topic's keywords, one per pattern (all with the
        // topic's id).
        let mut rules = Vec::new();
        for t in topics {
            if !t.keywords.is_empty() {
                rules.push(LocalRule::compile(&LocalRuleSpec {
                    id: t.id.clone(),
                    keywords: Some(t.keywords.clone()),
                    ..LocalRuleSpec::default()
                })?);
            }
            for p in &t.patterns {
                rules.push(LocalRule::compile(&LocalRuleSpec {
                    id: t.id.clone(),
                    regex: Some(p.clone()),
                    ..LocalRuleSpec::default()
                })?);
            }
            compiled.push(CompiledTopic {
                id: t.id.clone(),
                behaviours: t.behaviours.clone(),
                keywords: t.keywords.iter().map(|k| normal(k)).collect(),
                counts: t.answer.iter().any(|a| states_quantity(a)) || asks_quantity(t),
            });
        }
        let quantity = LocalRule::compile(&LocalRuleSpec {
            id: "hoeveel".to_string(),
            keywords: Some(QUANTITY.iter().map(|w| w.to_string()).collect()),
            ..LocalRuleSpec::default()
        })?;
        Ok(Knowledge {
            topics: compiled,
            index: Box::new(KeywordIndex::new(&rules)),
            rules,
            quantity: Some(quantity),
            language,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The topic's id by index.
    pub fn id(&self, index: usize) -> Option<&str> {
        self.topics.get(index).map(|t| t.id.as_str())
    }

    /// The index of a topic id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// Which topics `text` asks about, given the matcher's verdict on it.
    pub fn hear(&self, m: &Matcher, text: &str, detection: &Detection) -> Heard {
        if self.topics.is_empty() {
            return Heard {
                questions: questions(text, detection, self.language),
                ..Heard::default()
            };
        }
        self.hear_read(&m.read(self.language, text), text, detection)
    }

    /// [`Knowledge::hear`] on the reply as the matcher already read it for
    /// `detection` (one analysis of the reply for both).
    pub fn hear_read(&self, reading: &Reading, text: &str, detection: &Detection) -> Heard {
        let mut heard = Heard {
            questions: questions(text, detection, self.language),
            ..Heard::default()
        };
        if !self.rules.is_empty() {
            let rules: Vec<&LocalRule> = self.rules.iter().collect();
            for q in &mut heard.questions {
                if q.is_proposal() {
                    continue;
                }
                let found = reading.local_in_indexed(q.start, q.end, &rules, &self.index);
                // (Asked only when it matters: a topic is named that states
                // no quantity.)
                let quantity = || {
                    self.quantity
                        .as_ref()
                        .is_some_and(|r| reading.local_in(q.start, q.end, &[r]).has(&r.id))
                };
                // One topic per question: the one named first. "Wie beslist
                // over het nieuwe kantoor?" asks who decides, not about the
                // move; the words right after the question word carry it.
                // A question for a quantity is answered only by a topic that
                // states one: "how many people work at Liffey?" is not
                // answered with what Liffey makes because it names Liffey
                // first. Nor by the next topic named: the customer says
                // "don't know" rather than a fact nobody asked for.
                let first = self
                    .named(&found)
                    .first()
                    .map(|&(_, _, i)| i)
                    .filter(|&i| self.topics[i].counts || !quantity());
                q.topics.extend(first);
            }
        }
        for (i, t) in self.topics.iter().enumerate() {
            let by_question = heard.questions.iter().find(|q| q.topics.contains(&i));
            let quote = match by_question {
                Some(q) => Some(q.text.clone()),
                // A behaviour asks by itself, unless its sentence is a
                // question that already asks another topic ("wat is het adres
                // van het nieuwe kantoor?" is about the office, not a request
                // for personal data).
                None => {
                    t.behaviours
                        .iter()
                        .find_map(|b| detection.evidence_for(b))
                        .filter(|e| {
                            !heard.questions.iter().any(|q| {
                                e.start >= q.start && e.start < q.end && !q.topics.is_empty()
                            })
                        })
                        .map(|e| sentence_around(text, e.start))
                }
            };
            if let Some(quote) = quote {
                heard.asked.push(i);
                heard.quotes.push(quote);
            }
        }
        heard
    }
}

impl Knowledge {
    /// The topics `found` names, first named first: (character where it is
    /// named, 0 for a hit that is exactly a keyword and 1 for a near or
    /// partial one, index), sorted: at the same place an exact keyword beats
    /// a partial one ("rayonomzet" is the topic `rayonomzet`, not "omzet"
    /// inside it).
    fn named(&self, found: &Detection) -> Vec<(usize, u8, usize)> {
        let mut named: Vec<(usize, u8, usize)> = self
            .topics
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                found
                    .evidence
                    .iter()
                    .filter(|e| e.behaviour == t.id)
                    .map(|e| {
                        let exact = t.keywords.contains(&normal(&e.matched));
                        (e.start, u8::from(!exact), i)
                    })
                    .min()
            })
            .collect();
        named.sort_unstable();
        named
    }
}

/// Lower case with single spaces.
fn normal(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the teacher wrote the topic to answer a question for a quantity:
/// a keyword, pattern or `match` sample has a quantity word ("hoeveel mag het
/// kosten?" asks the budget, which the customer answers without a figure).
fn asks_quantity(t: &Topic) -> bool {
    t.keywords
        .iter()
        .chain(&t.patterns)
        .chain(&t.must_match)
        .map(|w| w.to_lowercase())
        .any(|w| QUANTITY.iter().any(|q| w.contains(q)))
}

/// Whether an answer states a quantity: a digit or a number word.
fn states_quantity(answer: &str) -> bool {
    answer.chars().any(|c| c.is_ascii_digit())
        || answer
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .any(|w| {
                NUMBER_WORDS
                    .iter()
                    .any(|n| w == *n || (n.len() >= 5 && w.starts_with(n)))
            })
}

/// The question sentences of `text`: sentences ending in `?` or holding the
/// matcher's evidence of a question.
pub fn questions(text: &str, detection: &Detection, language: Language) -> Vec<Question> {
    let mut out = Vec::new();
    let mut before: Option<(usize, usize)> = None;
    // Byte offsets of the characters (sentences are ranges of characters).
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    for (start, end) in sentences(text) {
        let (Some(&from), Some(&to)) = (bytes.get(start), bytes.get(end)) else {
            continue;
        };
        let trimmed = text[from..to].trim();
        if trimmed.is_empty() {
            continue;
        }
        let previous = before.replace((start, end));
        let inside = |e: &&crate::matching::Evidence, (from, to): (usize, usize)| {
            !e.negated && e.start >= from && e.start < to
        };
        let asks = trimmed.ends_with('?')
            || opens_with_quantity_question(trimmed)
            || detection
                .evidence
                .iter()
                .filter(|e| inside(e, (start, end)))
                .any(|e| QUESTION_BEHAVIOURS.contains(&e.behaviour.as_str()));
        if !asks {
            continue;
        }
        // A tag question checks the sentence before it, so it shows what that
        // sentence shows (a summary followed by "Klopt dat?").
        let tag = trimmed.split_whitespace().count() <= TAG_WORDS;
        let ranges = [Some((start, end)), previous.filter(|_| tag)];
        let mut behaviours: Vec<String> = Vec::new();
        for e in detection
            .evidence
            .iter()
            .filter(|e| ranges.iter().flatten().any(|&r| inside(e, r)))
        {
            if !behaviours.contains(&e.behaviour) {
                behaviours.push(e.behaviour.clone());
            }
        }
        out.push(Question {
            start,
            end,
            text: trimmed.to_string(),
            topics: Vec::new(),
            behaviours,
            small_talk: smalltalk::is_small_talk(trimmed, language),
            offers_help: smalltalk::is_offer_of_help(trimmed, language),
        });
    }
    out
}

/// Prepositions a quantity question may open with ("na hoeveel dagen",
/// "with how many people").
const QUESTION_PREPOSITIONS: &[&str] = &[
    "na", "met", "voor", "in", "op", "over", "binnen", "tot", "vanaf", "bij", "after", "with",
    "for", "in", "within", "by", "at",
];

/// Whether a sentence opens with a quantity question word, maybe after a
/// preposition: "na hoeveel dagen betalen ze de factuur" asks without a
/// question mark, and the matcher's question behaviours do not see a
/// question word behind a preposition.
fn opens_with_quantity_question(sentence: &str) -> bool {
    let words: Vec<String> = sentence
        .split_whitespace()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let opens = |from: usize| {
        QUANTITY.iter().any(|q| {
            let q: Vec<&str> = q.split(' ').collect();
            words.len() >= from + q.len()
                && words[from..from + q.len()]
                    .iter()
                    .zip(&q)
                    .all(|(w, q)| w == q)
        })
    };
    opens(0)
        || (words
            .first()
            .is_some_and(|w| QUESTION_PREPOSITIONS.contains(&w.as_str()))
            && opens(1))
}

/// Sentence ranges in characters: a sentence ends after `?`, `!`, a line
/// break, or a `.` followed by white space or the end (not inside "8.603,10"
/// or "10.30 uur").
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let ends = match c {
            '?' | '!' | '\n' => true,
            '.' => chars.get(i + 1).is_none_or(|n| n.is_whitespace()),
            _ => false,
        };
        if ends {
            // Keep runs like "?!" or "..." in the same sentence.
            while i + 1 < chars.len() && matches!(chars[i + 1], '?' | '!' | '.') {
                i += 1;
            }
            out.push((start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

/// The trimmed sentence of `text` that contains character `at`.
pub fn sentence_around(text: &str, at: usize) -> String {
    let (start, end) = sentences(text)
        .into_iter()
        .find(|&(s, e)| at >= s && at < e)
        .unwrap_or((0, text.chars().count()));
    let s: String = text.chars().skip(start).take(end - start).collect();
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, keywords: &[&str]) -> Topic {
        Topic {
            id: id.into(),
            about: id.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            patterns: Vec::new(),
            behaviours: Vec::new(),
            answer: vec!["We zijn met 30.".into()],
            must_match: Vec::new(),
            must_not_match: Vec::new(),
        }
    }

    fn asked(k: &Knowledge, m: &Matcher, text: &str) -> Vec<String> {
        let d = m.detect(text);
        let h = k.hear(m, text, &d);
        h.asked
            .iter()
            .filter_map(|i| k.id(*i).map(str::to_string))
            .collect()
    }

    #[test]
    fn a_question_with_a_topic_keyword_asks_it_and_a_statement_does_not() {
        let m = Matcher::new();
        let k = Knowledge::compile(
            &[
                topic("medewerkers", &["medewerkers", "hoeveel mensen"]),
                topic("budget", &["budget"]),
            ],
            Language::Nl,
        )
        .unwrap();
        assert_eq!(asked(&k, &m, "Hoeveel mensen werken er?"), ["medewerkers"]);
        assert_eq!(
            asked(&k, &m, "hoeveel medewerkers hebben jullie"),
            ["medewerkers"]
        );
        assert!(asked(&k, &m, "U heeft dertig medewerkers, dus dat past.").is_empty());
        assert_eq!(asked(&k, &m, "Fijn. En heeft u al een budget?"), ["budget"]);
    }

    #[test]
    fn a_quantity_question_behind_a_preposition_asks_without_a_question_mark() {
        let m = Matcher::new();
        let k = Knowledge::compile(
            &[topic("betaaltermijn", &["factuur", "betalen"])],
            Language::Nl,
        )
        .unwrap();
        assert_eq!(
            asked(&k, &m, "na hoeveel dagen betalen ze de factuur"),
            ["betaaltermijn"]
        );
        // A statement with the same words asks nothing.
        assert!(asked(&k, &m, "Ze betalen de factuur na dertig dagen.").is_empty());
        assert!(asked(&k, &m, "Na de factuur betalen ze binnen een week.").is_empty());
    }

    #[test]
    fn an_english_quantity_question_behind_a_preposition_asks_without_a_question_mark() {
        let m = Matcher::new();
        let k = Knowledge::compile(&[topic("invoice", &["invoice", "pay"])], Language::En).unwrap();
        let text = "within how many days do they pay the invoice";
        let d = m.detect_in(Language::En, text, &[]);
        let h = k.hear(&m, text, &d);
        assert_eq!(h.questions.len(), 1);
        assert!(!h.asked.is_empty());
        let statement = "They pay the invoice within thirty days.";
        let d = m.detect_in(Language::En, statement, &[]);
        assert!(k.hear(&m, statement, &d).asked.is_empty());
    }

    #[test]
    fn a_typo_in_a_keyword_still_asks_the_topic() {
        let m = Matcher::new();
        let k =
            Knowledge::compile(&[topic("medewerkers", &["medewerkers"])], Language::Nl).unwrap();
        assert_eq!(
            asked(&k, &m, "hoeveel medewerkrs zijn er?"),
            ["medewerkers"]
        );
    }

    #[test]
    fn a_question_for_a_quantity_is_not_answered_by_a_topic_that_states_none() {
        let m = Matcher::new();
        let mut bedrijf = topic("bedrijf", &["hendriks"]);
        bedrijf.answer = vec!["We zijn een bouwbedrijf.".into()];
        let k = Knowledge::compile(
            &[bedrijf, topic("medewerkers", &["medewerkers"])],
            Language::Nl,
        )
        .unwrap();
        assert!(asked(&k, &m, "Hoeveel bureaus heeft Hendriks?").is_empty());
        assert_eq!(asked(&k, &m, "Wat doet Hendriks precies?"), ["bedrijf"]);
        assert_eq!(
            asked(&k, &m, "Hoeveel medewerkers heeft Hendriks?"),
            ["medewerkers"]
        );
    }

    #[test]
    fn an_exact_keyword_beats_a_partial_one_at_the_same_place() {
        let m = Matcher::new();
        let k = Knowledge::compile(
            &[
                topic("omzet-koster", &["omzet in 2025"]),
                topic("rayonomzet", &["rayonomzet"]),
            ],
            Language::Nl,
        )
        .unwrap();
        assert_eq!(
            asked(&k, &m, "Wat was de rayonomzet in 2025?"),
            ["rayonomzet"]
        );
        assert_eq!(asked(&k, &m, "Wat was de omzet in 2025?"), ["omzet-koster"]);
    }

    #[test]
    fn sentences_do_not_split_inside_amounts_or_times() {
        let s = sentences("Dat is € 8.603,10. Om 10.30 uur? Ja!");
        assert_eq!(s.len(), 3);
    }
}

//! Meaning checks of what the customer knows and how it reacts:
//! `[[knowledge]]`, `unknown`, `[[reactions]]`, `steps.tells`, `steps.known`,
//! `steps.reactions`, placeholders in every customer line and the examples'
//! `answered` (docs/dialogue-format.md, "Validation").

use std::collections::{HashMap, HashSet};

use super::{Ctx, I, K, Seg, known_behaviours, valid_id};
use crate::dialogue::Reaction;
use crate::dialogue::problem::did_you_mean;
use crate::knowledge::{Knowledge, lines::PLACEHOLDERS, placeholders};
use crate::matching::{LocalRule, LocalRuleSpec, RuleError};

pub const MAX_TOPICS: usize = 100;
pub const MAX_KEYWORDS: usize = 60;
pub const MAX_PATTERNS: usize = 20;
/// Characters of one pattern: a topic pattern is a short phrase, never a program.
pub const MAX_PATTERN_CHARS: usize = 300;
pub const MAX_REACTIONS: usize = 50;

/// Checks everything about knowledge and reactions; returns the compiled
/// knowledge when every topic compiled.
pub(super) fn check(c: &mut Ctx<'_, '_, '_, '_>) -> Option<Knowledge> {
    let d = c.d;
    if d.knowledge.len() > MAX_TOPICS {
        c.error(
            &[K("knowledge"), I(MAX_TOPICS)],
            format!(
                "te veel onderwerpen in knowledge: {} (maximaal {MAX_TOPICS})",
                d.knowledge.len()
            ),
        )
        .hint("voeg verwante feiten samen in één onderwerp");
    }
    c.duplicates(
        d.knowledge.iter().map(|t| t.id.as_str()),
        |i| vec![K("knowledge"), I(i), K("id")],
        "onderwerp",
    );
    let known = known_behaviours(d);
    let topic_ids: Vec<&str> = d.knowledge.iter().map(|t| t.id.as_str()).collect();
    let mut ok = true;
    let mut keyword_owner: HashMap<String, &str> = HashMap::new();
    for (i, t) in d.knowledge.iter().enumerate().take(MAX_TOPICS) {
        let at = |key| vec![K("knowledge"), I(i), K(key)];
        if !valid_id(&t.id) {
            c.error(&at("id"), format!("ongeldige onderwerp-id '{}'", t.id))
                .hint("gebruik alleen kleine letters, cijfers en streepjes, bijv. \"budget\"");
        }
        c.text(&at("about"), &t.about, "about");
        c.texts(&at("answer"), &t.answer, "answer", false);
        lines(c, &at("answer"), &t.answer);
        c.texts(&at("keywords"), &t.keywords, "keywords", true);
        c.texts(&at("patterns"), &t.patterns, "patterns", true);
        c.texts(&at("match"), &t.must_match, "match", true);
        c.texts(&at("no_match"), &t.must_not_match, "no_match", true);
        if t.keywords.is_empty() && t.patterns.is_empty() && t.behaviours.is_empty() {
            c.error(
                &[K("knowledge"), I(i)],
                format!(
                    "onderwerp '{}' heeft geen keywords, patterns of behaviours: niemand kan ernaar vragen",
                    t.id
                ),
            )
            .hint("geef woorden waarmee een student ernaar vraagt: keywords = [\"budget\", \"kosten\"]");
        }
        if t.keywords.len() > MAX_KEYWORDS {
            c.error(
                &[K("knowledge"), I(i), K("keywords"), I(MAX_KEYWORDS)],
                format!(
                    "onderwerp '{}' heeft te veel keywords: {} (maximaal {MAX_KEYWORDS})",
                    t.id,
                    t.keywords.len()
                ),
            )
            .hint("splits het onderwerp, of gebruik een patroon");
        }
        if t.patterns.len() > MAX_PATTERNS {
            c.error(
                &[K("knowledge"), I(i), K("patterns"), I(MAX_PATTERNS)],
                format!(
                    "onderwerp '{}' heeft te veel patterns: {} (maximaal {MAX_PATTERNS})",
                    t.id,
                    t.patterns.len()
                ),
            );
        }
        for (n, b) in t.behaviours.iter().enumerate() {
            if !known.contains(&b.as_str()) {
                c.error(
                    &[K("knowledge"), I(i), K("behaviours"), I(n)],
                    format!(
                        "onbekend gedrag '{b}' in behaviours van onderwerp '{}'",
                        t.id
                    ),
                )
                .hint_with(|| did_you_mean(b, known.iter().copied()));
            }
        }
        for (n, kw) in t.keywords.iter().enumerate() {
            let norm = kw.trim().to_lowercase();
            if norm.is_empty() {
                continue;
            }
            match keyword_owner.get(&norm) {
                Some(other) if *other != t.id => {
                    let other = other.to_string();
                    c.warning(
                        &[K("knowledge"), I(i), K("keywords"), I(n)],
                        format!(
                            "overlappende onderwerpen: '{kw}' staat ook bij onderwerp '{other}'"
                        ),
                    )
                    .hint("een vraag met dit woord krijgt dan beide antwoorden; kies één onderwerp of een specifieker woord");
                }
                _ => {
                    keyword_owner.insert(norm, &t.id);
                }
            }
        }
        if !t.keywords.iter().all(|k| k.trim().is_empty()) {
            let spec = LocalRuleSpec {
                id: t.id.clone(),
                keywords: Some(t.keywords.clone()),
                ..LocalRuleSpec::default()
            };
            if let Err(e) = LocalRule::compile(&spec) {
                ok = false;
                c.error(&at("keywords"), e.to_string());
            }
        }
        for (n, p) in t.patterns.iter().enumerate() {
            let path = [K("knowledge"), I(i), K("patterns"), I(n)];
            let chars = p.chars().count();
            if chars > MAX_PATTERN_CHARS {
                ok = false;
                c.error(
                    &path,
                    format!("patroon is te lang: {chars} tekens (maximaal {MAX_PATTERN_CHARS})"),
                )
                .hint(
                    "gebruik keywords voor losse woorden; een patroon is voor een korte vaste vorm",
                );
                continue;
            }
            let spec = LocalRuleSpec {
                id: t.id.clone(),
                regex: Some(p.clone()),
                ..LocalRuleSpec::default()
            };
            if let Err(e) = LocalRule::compile(&spec) {
                ok = false;
                let detail = match &e {
                    RuleError::BadRegex { reason, .. } => reason
                        .lines()
                        .rev()
                        .map(str::trim)
                        .find(|l| !l.is_empty())
                        .unwrap_or_default()
                        .to_string(),
                    other => other.to_string(),
                };
                c.error(&path, format!("ongeldig patroon in onderwerp '{}': {detail}", t.id))
                    .hint("zet het patroon tussen enkele aanhalingstekens '...' en controleer haakjes en \\");
            }
        }
        numbers(c, i);
    }
    c.texts(&[K("unknown")], &d.unknown, "unknown", true);
    lines(c, &[K("unknown")], &d.unknown);
    steps(c, &topic_ids);
    reactions(c);
    for (i, ex) in d.examples.iter().enumerate() {
        for (n, id) in ex.answered.iter().enumerate() {
            topic_ref(
                c,
                &[K("examples"), I(i), K("answered"), I(n)],
                id,
                &topic_ids,
            );
        }
    }
    if !ok {
        return None;
    }
    Knowledge::compile(&d.knowledge).ok()
}

fn topic_ref(c: &mut Ctx<'_, '_, '_, '_>, path: &[Seg<'_>], id: &str, topics: &[&str]) {
    if !topics.contains(&id) {
        c.error(path, format!("onbekend onderwerp '{id}'"))
            .hint_with(|| match did_you_mean(id, topics.iter().copied()) {
                h if h.is_empty() => "noem een id uit [[knowledge]]".to_string(),
                h => h,
            });
    }
}

fn steps(c: &mut Ctx<'_, '_, '_, '_>, topics: &[&str]) {
    let d = c.d;
    let step_ids: HashSet<&str> = d.steps.iter().map(|s| s.id.as_str()).collect();
    for (i, s) in d.steps.iter().enumerate() {
        lines(c, &[K("steps"), I(i), K("customer")], &s.customer);
        lines(c, &[K("steps"), I(i), K("retry")], &s.retry);
        for (n, id) in s.tells.iter().enumerate() {
            topic_ref(c, &[K("steps"), I(i), K("tells"), I(n)], id, topics);
        }
        for (j, k) in s.known.iter().enumerate() {
            let at = |key| vec![K("steps"), I(i), K("known"), I(j), K(key)];
            if k.topics.is_empty() {
                c.error(&at("topics"), "topics is een lege lijst".into())
                    .hint("noem de onderwerpen die al bekend moeten zijn");
            }
            for (n, id) in k.topics.iter().enumerate() {
                topic_ref(
                    c,
                    &[K("steps"), I(i), K("known"), I(j), K("topics"), I(n)],
                    id,
                    topics,
                );
            }
            match (&k.goto, k.customer.is_empty()) {
                (Some(_), false) => {
                    c.error(
                        &at("goto"),
                        "[[steps.known]] heeft zowel customer als goto".into(),
                    )
                    .hint("kies één: andere tekst (customer) of de stap overslaan (goto)");
                }
                (None, true) => {
                    c.error(
                        &[K("steps"), I(i), K("known"), I(j)],
                        "[[steps.known]] heeft geen customer en geen goto".into(),
                    )
                    .hint("geef customer = [\"...\"] of goto = \"stap\"");
                }
                _ => {}
            }
            c.texts(&at("customer"), &k.customer, "customer", true);
            lines(c, &at("customer"), &k.customer);
            if let Some(goto) = &k.goto
                && !step_ids.contains(goto.as_str())
            {
                c.error(
                    &at("goto"),
                    format!("goto naar een stap die niet bestaat: '{goto}'"),
                )
                .hint_with(|| did_you_mean(goto, d.steps.iter().map(|s| s.id.as_str())));
            }
        }
    }
}

fn reactions(c: &mut Ctx<'_, '_, '_, '_>) {
    let d = c.d;
    if d.reactions.len() > MAX_REACTIONS {
        c.error(
            &[K("reactions"), I(MAX_REACTIONS)],
            format!(
                "te veel reactions: {} (maximaal {MAX_REACTIONS})",
                d.reactions.len()
            ),
        );
    }
    c.duplicates(
        d.reactions.iter().map(|r| r.id.as_str()),
        |i| vec![K("reactions"), I(i), K("id")],
        "reactie",
    );
    for (i, r) in d.reactions.iter().enumerate().take(MAX_REACTIONS) {
        let base = vec![K("reactions"), I(i)];
        if r.off {
            c.error(
                &[K("reactions"), I(i), K("off")],
                "off = true hoort bij een reactie in een stap, niet bovenaan".into(),
            )
            .hint("verwijder de reactie, of zet off = true in [[steps.reactions]] van de stap waar ze niet moet komen");
        }
        reaction(c, &base, r, true);
    }
    for (i, s) in d.steps.iter().enumerate() {
        for (j, r) in s.reactions.iter().enumerate() {
            let base = vec![K("steps"), I(i), K("reactions"), I(j)];
            let overrides = d.reactions.iter().any(|g| g.id == r.id);
            reaction(c, &base, r, !overrides && !r.off);
        }
    }
}

/// One reaction; `complete`: it must have its own lines and condition.
fn reaction(c: &mut Ctx<'_, '_, '_, '_>, base: &[Seg<'static>], r: &Reaction, complete: bool) {
    let d = c.d;
    let at = |key: &'static str| {
        let mut p = base.to_vec();
        p.push(K(key));
        p
    };
    if !valid_id(&r.id) {
        c.error(&at("id"), format!("ongeldige reactie-id '{}'", r.id))
            .hint("gebruik alleen kleine letters, cijfers en streepjes, bijv. \"prijs-te-vroeg\"");
    }
    if complete {
        if r.customer.is_empty() {
            c.error(
                base,
                format!(
                    "reactie '{}' heeft geen customer: de klant zegt niets",
                    r.id
                ),
            )
            .hint("geef customer = [\"...\"] met wat de klant dan zegt");
        }
        if r.when.is_empty() && r.when_any.is_empty() {
            c.error(
                base,
                format!(
                    "reactie '{}' heeft geen when of when_any: wanneer reageert de klant?",
                    r.id
                ),
            )
            .hint("noem het gedrag waarop de klant reageert, bijv. when = [\"noemt-prijs\"]");
        }
    }
    c.texts(&at("customer"), &r.customer, "customer", true);
    lines(c, &at("customer"), &r.customer);
    let known = known_behaviours(d);
    for (key, ids) in [
        ("when", &r.when),
        ("when_any", &r.when_any),
        ("unless", &r.unless),
    ] {
        for (n, id) in ids.iter().enumerate() {
            if !known.contains(&id.as_str()) {
                let mut p = at(key);
                p.push(I(n));
                c.error(&p, format!("onbekend gedrag '{id}'"))
                    .hint_with(|| did_you_mean(id, known.iter().copied()));
            }
        }
    }
    for (n, id) in r.before.iter().enumerate() {
        if !d.steps.iter().any(|s| &s.id == id) {
            let mut p = at("before");
            p.push(I(n));
            c.error(&p, format!("onbekende stap '{id}' in before"))
                .hint_with(|| did_you_mean(id, d.steps.iter().map(|s| s.id.as_str())));
        }
    }
}

/// Placeholders in a list of customer lines: known names, and one variant
/// without any (said while nothing is remembered yet).
fn lines(c: &mut Ctx<'_, '_, '_, '_>, path: &[Seg<'_>], variants: &[String]) {
    let mut any = false;
    let mut plain = false;
    for (n, line) in variants.iter().enumerate() {
        let names = placeholders(line);
        plain |= names.is_empty();
        any |= !names.is_empty();
        for (_, name) in names {
            if !PLACEHOLDERS.contains(&name) {
                let mut p = path.to_vec();
                p.push(I(n));
                c.error(&p, format!("onbekende plaatsaanduiding '{{{name}}}'"))
                    .hint(format!(
                        "gebruik een van {}",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
            }
        }
    }
    if any && !plain {
        c.error(
            path,
            "elke variant gebruikt een plaatsaanduiding; als de klant die nog niet weet, is er niets te zeggen".into(),
        )
        .hint("voeg een variant zonder {…} toe");
    }
}

/// Units too general to compare ("8 jaar oud" and "nog 2 jaar contract").
const GENERAL_UNITS: &[&str] = &[
    "jaar", "jaren", "maand", "maanden", "week", "weken", "dag", "dagen", "uur", "minuten", "keer",
    "per", "procent", "euro", "stuks", "stuk", "en", "of", "tot", "a", "x", "years", "months",
    "days", "weeks", "hours", "times",
];

/// Warns about a number in a topic's answers whose unit word occurs in the
/// briefing, persona or a customer line with one other number only.
fn numbers(c: &mut Ctx<'_, '_, '_, '_>, i: usize) {
    let d = c.d;
    let mut reference: Vec<&str> = vec![
        &d.briefing.role,
        &d.briefing.company,
        &d.briefing.goal,
        &d.persona.role,
        &d.persona.company,
        &d.persona.mood,
    ];
    reference.extend(d.briefing.facts.iter().map(String::as_str));
    reference.extend(
        d.steps
            .iter()
            .flat_map(|s| s.customer.iter().map(String::as_str)),
    );
    let mut seen: HashMap<String, HashSet<u64>> = HashMap::new();
    for text in reference {
        for (n, unit) in counted(text) {
            seen.entry(unit).or_default().insert(n);
        }
    }
    let t = &d.knowledge[i];
    for (v, answer) in t.answer.iter().enumerate() {
        for (n, unit) in counted(answer) {
            if let Some(numbers) = seen.get(&unit)
                && numbers.len() == 1
                && !numbers.contains(&n)
            {
                let other = numbers.iter().next().copied().unwrap_or_default();
                c.warning(
                    &[K("knowledge"), I(i), K("answer"), I(v)],
                    format!(
                        "dit antwoord noemt {n} {unit}, maar elders in het bestand staat {other} {unit}"
                    ),
                )
                .hint("zorg dat de klant overal dezelfde feiten noemt als de briefing en de stappen");
            }
        }
    }
}

const NUMBER_WORDS: &[(&str, u64)] = &[
    ("twee", 2),
    ("drie", 3),
    ("vier", 4),
    ("vijf", 5),
    ("zes", 6),
    ("zeven", 7),
    ("acht", 8),
    ("negen", 9),
    ("tien", 10),
    ("elf", 11),
    ("twaalf", 12),
    ("vijftien", 15),
    ("twintig", 20),
    ("dertig", 30),
    ("veertig", 40),
    ("vijftig", 50),
    ("zestig", 60),
    ("honderd", 100),
];

/// Whole numbers followed by a unit word: "30 medewerkers", "dertig mensen".
fn counted(text: &str) -> Vec<(u64, String)> {
    let words: Vec<String> = text
        .split(|ch: char| ch.is_whitespace() || ",;:()!?\"".contains(ch))
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let n = pair[0].parse::<u64>().ok().or_else(|| {
            NUMBER_WORDS
                .iter()
                .find(|(w, _)| *w == pair[0])
                .map(|(_, n)| *n)
        });
        let unit = &pair[1];
        if let Some(n) = n
            && unit.chars().count() >= 4
            && unit.chars().all(char::is_alphabetic)
            && !GENERAL_UNITS.contains(&unit.as_str())
        {
            out.push((n, unit.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counted_numbers_read_digits_and_words_with_their_unit() {
        assert_eq!(
            counted("We zijn met dertig mensen en 2 vestigingen, 8 jaar oud."),
            vec![(30, "mensen".to_string()), (2, "vestigingen".to_string())]
        );
    }
}

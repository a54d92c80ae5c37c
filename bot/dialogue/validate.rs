//! The meaning checks of one dialogue, after its shape is known to be right:
//! references (behaviours, criteria, werkprocessen, Gedrag lines, steps),
//! duplicates, empty texts, rules that cannot compile, the step graph (start,
//! reachability, every path can end, branch order) and the examples' sanity.
//! Each problem points at the offending value in the file.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::catalogue::Catalogue;
use super::model::{Dialogue, RuleDef, Step};
use super::problem::{Reporter, did_you_mean};
use crate::matching::{self, LocalRule, RuleError, amount};

/// One step of a path into the parsed TOML tree.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    K(&'a str),
    I(usize),
}
use Seg::{I, K};

pub(crate) mod calculation;
pub(crate) mod knowledge;
use calculation::{Asking, Shown};

/// The span of the value at `path`, or of the deepest existing ancestor.
pub(crate) fn span_at(root: &Spanned<DeTable<'_>>, path: &[Seg<'_>]) -> Range<usize> {
    let mut span = root.span();
    let mut current: Option<&Spanned<DeValue<'_>>> = None;
    for (depth, seg) in path.iter().enumerate() {
        let next = match (depth, seg) {
            (0, K(k)) => root.get_ref().get(*k),
            (0, I(_)) => None,
            (_, K(k)) => current.and_then(|v| v.get_ref().get(*k)),
            (_, I(i)) => current.and_then(|v| v.get_ref().get(*i)),
        };
        match next {
            Some(v) => {
                span = v.span();
                current = Some(v);
            }
            None => break,
        }
    }
    span
}

struct Ctx<'r, 's, 't, 'a> {
    r: &'r mut Reporter<'s>,
    root: &'a Spanned<DeTable<'t>>,
    d: &'a Dialogue,
}

impl Ctx<'_, '_, '_, '_> {
    fn at(&self, path: &[Seg<'_>]) -> Range<usize> {
        span_at(self.root, path)
    }

    fn error(&mut self, path: &[Seg<'_>], message: String) -> super::problem::Hint<'_> {
        let span = self.at(path);
        self.r.error(span, message)
    }

    fn warning(&mut self, path: &[Seg<'_>], message: String) -> super::problem::Hint<'_> {
        let span = self.at(path);
        self.r.warning(span, message)
    }

    /// Reports an empty (or blank) text.
    fn text(&mut self, path: &[Seg<'_>], value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(path, format!("{what} is leeg"))
                .hint("vul een tekst in of verwijder het veld als het niet verplicht is");
        }
    }

    /// Reports an empty list and every empty text in it.
    fn texts(&mut self, path: &[Seg<'_>], values: &[String], what: &str, may_be_empty: bool) {
        if values.is_empty() && !may_be_empty {
            self.error(path, format!("{what} is een lege lijst"))
                .hint("zet er minstens één tekst in: [\"...\"]");
        }
        for (i, v) in values.iter().enumerate() {
            let mut p = path.to_vec();
            p.push(I(i));
            self.text(&p, v, &format!("tekst {} van {what}", i + 1));
        }
    }

    fn duplicates<'v>(
        &mut self,
        ids: impl Iterator<Item = &'v str>,
        path_of: impl Fn(usize) -> Vec<Seg<'static>>,
        what: &str,
    ) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                self.error(&path_of(i), format!("{what} '{id}' komt twee keer voor"))
                    .hint("geef elk een eigen naam");
            }
        }
    }
}

/// Runs every meaning check; problems go to `r`. Returns the compiled local
/// rules and knowledge when all of them compiled.
pub(crate) fn validate(
    r: &mut Reporter<'_>,
    root: &Spanned<DeTable<'_>>,
    d: &Dialogue,
    catalogue: &Catalogue,
) -> Option<(Vec<LocalRule>, crate::knowledge::Knowledge)> {
    let mut c = Ctx { r, root, d };
    limits(&mut c);
    metadata(&mut c, catalogue);
    criteria(&mut c, catalogue);
    let rules = rules(&mut c);
    steps(&mut c);
    calculation_tips(&mut c);
    let compiled = knowledge::check(&mut c);
    graph(&mut c);
    examples(&mut c);
    rules.zip(compiled)
}

/// Most lists a dialogue may have. Real dialogues have at most 15 steps, 9
/// rules and 5 examples; the caps keep what one (uploaded) file can make the
/// bot do small, whatever fits in [`super::MAX_FILE_BYTES`].
pub const MAX_STEPS: usize = 100;
pub const MAX_RULES: usize = 100;
pub const MAX_EXAMPLES: usize = 50;
/// `match` plus `no_match` samples of one rule.
pub const MAX_SAMPLES: usize = 50;

/// Reports lists longer than the caps, at the first item over the cap.
fn limits(c: &mut Ctx<'_, '_, '_, '_>) {
    let d = c.d;
    let lists = [
        ("steps", d.steps.len(), MAX_STEPS, "stappen"),
        ("rules", d.rules.len(), MAX_RULES, "regels"),
        (
            "examples",
            d.examples.len(),
            MAX_EXAMPLES,
            "voorbeeldgesprekken",
        ),
    ];
    for (key, len, max, what) in lists {
        if len > max {
            c.error(
                &[K(key), I(max)],
                format!("te veel {what}: {len} (maximaal {max})"),
            )
            .hint("splits het gesprek op in meerdere dialogen");
        }
    }
    for (i, rule) in d.rules.iter().enumerate().take(MAX_RULES) {
        let samples = rule.must_match.len() + rule.must_not_match.len();
        if samples > MAX_SAMPLES {
            c.error(
                &[K("rules"), I(i), K("id")],
                format!(
                    "regel '{}' heeft te veel voorbeelden in match en no_match: {samples} (maximaal {MAX_SAMPLES})",
                    rule.id
                ),
            )
            .hint("een paar typische antwoorden per regel is genoeg");
        }
    }
}

fn metadata(c: &mut Ctx<'_, '_, '_, '_>, catalogue: &Catalogue) {
    let d = c.d;
    if !valid_id(&d.id) {
        c.error(&[K("id")], format!("ongeldige id '{}'", d.id))
            .hint("gebruik alleen kleine letters, cijfers en streepjes, bijv. \"klacht-levering\"");
    }
    c.text(&[K("title")], &d.title, "de titel");
    if d.werkprocessen.is_empty() {
        c.error(
            &[K("werkprocessen")],
            "werkprocessen is een lege lijst".into(),
        )
        .hint("noem minstens één werkprocescode, bijv. [\"P4-K2-W3\"]");
    }
    for (i, code) in d.werkprocessen.iter().enumerate() {
        if catalogue.werkproces(code).is_none() {
            c.error(
                &[K("werkprocessen"), I(i)],
                format!("onbekende werkprocescode '{code}'"),
            )
            .hint_with(|| {
                did_you_mean(
                    code,
                    catalogue.werkprocessen.iter().map(|w| w.code.as_str()),
                )
            });
        }
    }
    c.duplicates(
        d.werkprocessen.iter().map(String::as_str),
        |i| vec![K("werkprocessen"), I(i)],
        "werkproces",
    );
    let b = &d.briefing;
    c.text(&[K("briefing"), K("role")], &b.role, "briefing.role");
    c.text(
        &[K("briefing"), K("company")],
        &b.company,
        "briefing.company",
    );
    c.text(&[K("briefing"), K("goal")], &b.goal, "briefing.goal");
    c.texts(
        &[K("briefing"), K("facts")],
        &b.facts,
        "briefing.facts",
        true,
    );
    let p = &d.persona;
    c.text(&[K("persona"), K("name")], &p.name, "persona.name");
    c.text(&[K("persona"), K("role")], &p.role, "persona.role");
    c.text(&[K("persona"), K("company")], &p.company, "persona.company");
    c.text(&[K("persona"), K("mood")], &p.mood, "persona.mood");
}

/// The Gedrag line of `w` closest to `wrong`.
fn gedrag_hint(wrong: &str, w: &super::catalogue::Werkproces) -> String {
    // Edit distance is quadratic; a real Gedrag line is a sentence.
    let wrong: String = wrong.chars().take(400).collect::<String>().to_lowercase();
    let best = w
        .gedrag
        .iter()
        .map(|g| (strsim::normalized_levenshtein(&wrong, &g.to_lowercase()), g))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, g)) => format!("bedoel je: \"{g}\"?"),
        None => format!(
            "werkproces {} heeft geen Gedrag-regels in de catalogus; kies een ander werkproces",
            w.code
        ),
    }
}

/// Ids are used in file names and commands: keep them simple.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())
        })
}

fn criteria(c: &mut Ctx<'_, '_, '_, '_>, catalogue: &Catalogue) {
    let d = c.d;
    if d.criteria.is_empty() {
        c.error(&[K("criteria")], "criteria is een lege lijst".into())
            .hint("elk gesprek wordt beoordeeld op minstens één Gedrag-regel: voeg een [[criteria]] toe");
    }
    c.duplicates(
        d.criteria.iter().map(|k| k.id.as_str()),
        |i| vec![K("criteria"), I(i), K("id")],
        "criterium",
    );
    for (i, k) in d.criteria.iter().enumerate() {
        let at = |key| [K("criteria"), I(i), K(key)];
        c.text(&at("id"), &k.id, "de id van het criterium");
        c.text(&at("label"), &k.label, "label");
        c.text(&at("tip"), &k.tip, "tip");
        if !d.werkprocessen.contains(&k.werkproces) {
            c.error(
                &at("werkproces"),
                format!(
                    "criterium '{}' hoort bij werkproces '{}', maar dat staat niet in werkprocessen van deze dialoog",
                    k.id, k.werkproces
                ),
            )
            .hint_with(|| {
                format!(
                    "kies uit {} of voeg '{}' toe aan werkprocessen",
                    d.werkprocessen.join(", "),
                    k.werkproces
                )
            });
            continue;
        }
        let Some(w) = catalogue.werkproces(&k.werkproces) else {
            // Already reported as an unknown code in `werkprocessen`.
            continue;
        };
        if w.gedrag_line(&k.gedrag).is_none() {
            c.error(
                &at("gedrag"),
                format!(
                    "\"{}\" is geen Gedrag-regel van {} ({})",
                    k.gedrag, w.code, w.title
                ),
            )
            .hint_with(|| gedrag_hint(&k.gedrag, w));
        }
        let used = d.steps.iter().any(|s| {
            s.expect.iter().any(|e| e.criterion == k.id)
                || s.avoid.iter().any(|a| a.criterion == k.id)
        });
        if !used {
            c.warning(
                &at("id"),
                format!("criterium '{}' wordt in geen enkele stap gebruikt", k.id),
            )
            .hint(
                "verwijs ernaar met criterion = \"...\" in een [[steps.expect]] of verwijder het",
            );
        }
    }
}

fn rules(c: &mut Ctx<'_, '_, '_, '_>) -> Option<Vec<LocalRule>> {
    let d = c.d;
    c.duplicates(
        d.rules.iter().map(|r| r.id.as_str()),
        |i| vec![K("rules"), I(i), K("id")],
        "regel",
    );
    let mut compiled = Vec::new();
    let mut all_ok = true;
    for (i, rule) in d.rules.iter().enumerate() {
        let at = |key| [K("rules"), I(i), K(key)];
        if !valid_id(&rule.id) {
            c.error(&at("id"), format!("ongeldige regel-id '{}'", rule.id))
                .hint("gebruik alleen kleine letters, cijfers en streepjes, bijv. \"noemt-demo\"");
        }
        if matching::behaviour(&rule.id).is_some() {
            c.error(
                &at("id"),
                format!("regel-id '{}' is al een gedrag uit de catalogus", rule.id),
            )
            .hint(format!(
                "gebruik het catalogusgedrag zonder eigen regel, of kies een andere naam, bijv. \"{}-hier\"",
                rule.id
            ));
        }
        c.text(&at("description"), &rule.description, "description");
        if let Some(words) = &rule.keywords {
            c.texts(&at("keywords"), words, "keywords", false);
        }
        if rule.tolerance.is_some() && rule.amount.is_none() {
            c.error(
                &at("tolerance"),
                format!("regel '{}' heeft een tolerance maar geen amount", rule.id),
            )
            .hint("tolerance hoort alleen bij een bedrag (amount)");
        }
        c.texts(&at("match"), &rule.must_match, "match", true);
        c.texts(&at("no_match"), &rule.must_not_match, "no_match", true);
        match LocalRule::compile(&rule.spec()) {
            Ok(compiled_rule) => compiled.push(compiled_rule),
            Err(e) => {
                all_ok = false;
                rule_error(c, i, rule, &e);
            }
        }
    }
    all_ok.then_some(compiled)
}

fn rule_error(c: &mut Ctx<'_, '_, '_, '_>, i: usize, rule: &RuleDef, e: &RuleError) {
    let at = |key| vec![K("rules"), I(i), K(key)];
    match e {
        RuleError::NoKind { id } => {
            c.error(
                &[K("rules"), I(i)],
                format!("regel '{id}' heeft geen keywords, regex of amount"),
            )
            .hint("geef precies één van: keywords = [\"...\"], regex = '...' of amount = \"...\"");
        }
        RuleError::SeveralKinds { id } => {
            let second = if rule.amount.is_some() {
                "amount"
            } else {
                "regex"
            };
            c.error(
                &at(second),
                format!("regel '{id}' heeft meer dan één van keywords, regex en amount"),
            )
            .hint("maak er twee regels van, elk met één soort");
        }
        RuleError::EmptyKeywords { .. } => {
            // Reported per item by the empty-text check.
            if rule.keywords.as_ref().is_some_and(|k| !k.is_empty()) {
                c.error(&at("keywords"), "keywords bevat alleen lege teksten".into());
            }
        }
        RuleError::BadRegex { id, reason } => {
            let detail = reason
                .lines()
                .rev()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or_default()
                .to_string();
            c.error(
                &at("regex"),
                format!("ongeldige reguliere expressie in regel '{id}': {detail}"),
            )
            .hint("zet de regex tussen enkele aanhalingstekens '...' en controleer haakjes en \\; of gebruik keywords");
        }
        RuleError::BadAmount { id, reason } => {
            let key = match rule.amount.as_deref().map(amount::evaluate) {
                Some(Err(_)) | None => "amount",
                Some(Ok(_)) => "tolerance",
            };
            c.error(
                &at(key),
                format!("ongeldige berekening in {key} van regel '{id}': {reason}"),
            )
            .hint("gebruik alleen getallen, + - * / en haakjes, bijv. \"20 * 395 * (1 - 0.10) * 1.21\"");
        }
    }
}

fn known_behaviours(d: &Dialogue) -> Vec<&str> {
    matching::BEHAVIOURS
        .iter()
        .map(|b| b.id)
        .chain(d.rules.iter().map(|r| r.id.as_str()))
        .chain(
            d.max_discount
                .map(|_| crate::dialogue::model::ABOVE_MANDATE),
        )
        .collect()
}

fn steps(c: &mut Ctx<'_, '_, '_, '_>) {
    let d = c.d;
    if d.steps.is_empty() {
        c.error(&[K("steps")], "de dialoog heeft geen stappen".into())
            .hint("voeg minstens een beginstap en een eindstap toe met [[steps]]");
        return;
    }
    c.duplicates(
        d.steps.iter().map(|s| s.id.as_str()),
        |i| vec![K("steps"), I(i), K("id")],
        "stap",
    );
    // Ordered lists for suggestions, sets for lookups: hostile files may
    // have thousands of ids.
    let known = known_behaviours(d);
    let known_set: HashSet<&str> = known.iter().copied().collect();
    let step_ids: Vec<&str> = d.steps.iter().map(|s| s.id.as_str()).collect();
    let step_set: HashSet<&str> = step_ids.iter().copied().collect();
    let criterion_ids: Vec<&str> = d.criteria.iter().map(|k| k.id.as_str()).collect();
    let criterion_set: HashSet<&str> = criterion_ids.iter().copied().collect();
    for (i, s) in d.steps.iter().enumerate() {
        let at = |key| vec![K("steps"), I(i), K(key)];
        c.text(&at("id"), &s.id, "de id van de stap");
        c.texts(&at("customer"), &s.customer, "customer", false);
        c.texts(&at("retry"), &s.retry, "retry", true);
        if let Some(hint) = &s.hint {
            c.text(&at("hint"), hint, "hint");
        }
        let behaviour_ref = |c: &mut Ctx<'_, '_, '_, '_>, path: &[Seg<'_>], id: &str| {
            if !known_set.contains(id) {
                c.error(path, format!("onbekend gedrag '{id}'"))
                    .hint_with(|| did_you_mean(id, known.iter().copied()));
            } else if !d.language.has_behaviour(id) {
                c.warning(
                    path,
                    format!("'{id}' bestaat niet in het Engels: een Engels antwoord laat het nooit zien"),
                )
                .hint("Engels heeft maar één 'you'; verwijder deze verwachting of maak er een eigen regel van");
            }
        };
        let criterion_ref = |c: &mut Ctx<'_, '_, '_, '_>, path: &[Seg<'_>], id: &str| {
            if !criterion_set.contains(id) {
                c.error(path, format!("onbekend criterium '{id}'"))
                    .hint_with(|| did_you_mean(id, criterion_ids.iter().copied()));
            }
        };
        for (j, e) in s.expect.iter().enumerate() {
            let at = |key| [K("steps"), I(i), K("expect"), I(j), K(key)];
            behaviour_ref(c, &at("behaviour"), &e.behaviour);
            criterion_ref(c, &at("criterion"), &e.criterion);
            c.text(&at("hit"), &e.hit, "hit");
            c.text(&at("miss"), &e.miss, "miss");
        }
        for (j, a) in s.avoid.iter().enumerate() {
            let at = |key| [K("steps"), I(i), K("avoid"), I(j), K(key)];
            behaviour_ref(c, &at("behaviour"), &a.behaviour);
            criterion_ref(c, &at("criterion"), &a.criterion);
            c.text(&at("feedback"), &a.feedback, "feedback");
        }
        for (j, b) in s.next.iter().enumerate() {
            let at = |key| [K("steps"), I(i), K("next"), I(j), K(key)];
            for (key, ids) in [
                ("when", &b.when),
                ("when_any", &b.when_any),
                ("unless", &b.unless),
            ] {
                for (n, id) in ids.iter().enumerate() {
                    let path = [K("steps"), I(i), K("next"), I(j), K(key), I(n)];
                    behaviour_ref(c, &path, id);
                }
            }
            if !step_set.contains(b.goto.as_str()) {
                c.error(
                    &at("goto"),
                    format!("goto naar een stap die niet bestaat: '{}'", b.goto),
                )
                .hint_with(|| did_you_mean(&b.goto, step_ids.iter().copied()));
            }
            if b.is_default() && j + 1 < s.next.len() {
                c.error(
                    &[K("steps"), I(i), K("next"), I(j)],
                    format!(
                        "de standaardtak (zonder voorwaarde) van stap '{}' staat niet als laatste",
                        s.id
                    ),
                )
                .hint("de takken erna worden nooit gekozen: zet de tak met alleen goto onderaan");
            }
        }
        branch_ends(c, i, s);
        retries(c, i, s);
    }
}

/// A hint or tip that states the result of a calculation the step asks for
/// does the student's calculation for them (`calculation`).
fn calculation_tips(c: &mut Ctx<'_, '_, '_, '_>) {
    let d = c.d;
    let mut asking = Vec::new();
    for (i, s) in d.steps.iter().enumerate() {
        let step = &s.id;
        let mut texts = Vec::new();
        if let Some(hint) = &s.hint {
            texts.push(Shown {
                path: vec![K("steps"), I(i), K("hint")],
                what: format!("de hint van stap '{step}'"),
                text: hint,
            });
        }
        for (n, line) in s.retry.iter().enumerate() {
            texts.push(Shown {
                path: vec![K("steps"), I(i), K("retry"), I(n)],
                what: format!("retry-tekst {} van stap '{step}'", n + 1),
                text: line,
            });
        }
        for (j, e) in s.expect.iter().enumerate() {
            texts.push(Shown {
                path: vec![K("steps"), I(i), K("expect"), I(j), K("miss")],
                what: format!("de miss-tip voor '{}' in stap '{step}'", e.behaviour),
                text: &e.miss,
            });
        }
        for (j, a) in s.avoid.iter().enumerate() {
            texts.push(Shown {
                path: vec![K("steps"), I(i), K("avoid"), I(j), K("feedback")],
                what: format!("de feedback op '{}' in stap '{step}'", a.behaviour),
                text: &a.feedback,
            });
        }
        asking.push(Asking {
            behaviours: s.expect.iter().map(|e| e.behaviour.as_str()).collect(),
            texts,
        });
    }
    asking.extend(calculation::criterion_tips(
        &d.criteria,
        d.steps.iter().flat_map(|s| &s.expect),
    ));
    for (path, message) in calculation::given_away(&d.rules, &asking) {
        c.warning(&path, message).hint(calculation::HINT);
    }
}

/// Retry settings that can never take effect are almost always a mistake.
fn retries(c: &mut Ctx<'_, '_, '_, '_>, i: usize, s: &Step) {
    if s.end {
        return;
    }
    let at = |key| vec![K("steps"), I(i), K(key)];
    let required = s.expect.iter().any(|e| e.required);
    if !s.retry.is_empty() && !required {
        c.warning(
            &at("retry"),
            format!("stap '{}' heeft retry-teksten, maar geen verplicht gedrag (required = true): de klant vraagt het nooit opnieuw", s.id),
        )
        .hint("zet required = true bij het gedrag waarop de klant moet doorvragen, of verwijder retry");
    }
    // The retry line is the customer's answer to what the reply did not show.
    // With two required expectations the one line would ask for both, also
    // for what the student just said: the customer contradicts the student.
    let required_count = s.expect.iter().filter(|e| e.required).count();
    if !s.retry.is_empty() && required_count > 1 {
        let second = s
            .expect
            .iter()
            .enumerate()
            .filter(|(_, e)| e.required)
            .nth(1)
            .map_or(0, |(j, _)| j);
        c.error(
            &[K("steps"), I(i), K("expect"), I(second), K("required")],
            format!(
                "stap '{}' heeft {required_count} verplichte verwachtingen maar één set retry-teksten: de klant vraagt dan ook naar wat de student al liet zien",
                s.id
            ),
        )
        .hint("maak één verwachting verplicht (required = true), of splits de stap in twee stappen, elk met een eigen retry");
    }
    if s.retry.is_empty() && required && s.max_retries > 1 {
        c.warning(
            &at("max_retries"),
            format!(
                "max_retries heeft in stap '{}' geen effect zonder retry-teksten",
                s.id
            ),
        )
        .hint("voeg retry = [\"...\"] toe met wat de klant dan zegt");
    }
}

/// A step either ends the conversation or always has somewhere to go.
fn branch_ends(c: &mut Ctx<'_, '_, '_, '_>, i: usize, s: &Step) {
    let at = |key| vec![K("steps"), I(i), K(key)];
    if s.end {
        if !s.next.is_empty() {
            c.error(
                &at("next"),
                format!("eindstap '{}' heeft ook next-takken", s.id),
            )
            .hint("een stap met end = true sluit het gesprek af: verwijder de [[steps.next]] of end = true");
        }
        if !s.expect.is_empty() || !s.avoid.is_empty() {
            c.warning(
                &at("end"),
                format!("eindstap '{}' heeft expect/avoid, maar na een eindstap antwoordt de student niet meer", s.id),
            )
            .hint("zet verwachtingen in de stap ervoor");
        }
        return;
    }
    match s.next.last() {
        None => {
            c.error(
                &at("id"),
                format!(
                    "stap '{}' heeft geen next en is geen eindstap: hier loopt het gesprek vast",
                    s.id
                ),
            )
            .hint("voeg [[steps.next]] met goto = \"...\" toe, of zet end = true");
        }
        Some(last) if !last.is_default() && !s.next.iter().any(|b| b.is_default()) => {
            c.error(
                &[K("steps"), I(i), K("next"), I(s.next.len() - 1)],
                format!("stap '{}' heeft geen standaardtak: als geen voorwaarde klopt, loopt het gesprek vast", s.id),
            )
            .hint("voeg als laatste een [[steps.next]] toe met alleen goto = \"...\"");
        }
        Some(_) => {}
    }
}

/// The start step: `start` or the first step.
fn start_index(d: &Dialogue) -> Option<usize> {
    match &d.start {
        Some(id) => d.steps.iter().position(|s| &s.id == id),
        None => (!d.steps.is_empty()).then_some(0),
    }
}

fn graph(c: &mut Ctx<'_, '_, '_, '_>) {
    let d = c.d;
    if d.steps.is_empty() {
        return;
    }
    let index: HashMap<&str, usize> = d
        .steps
        .iter()
        .enumerate()
        .rev()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let Some(start) = start_index(d) else {
        let id = d.start.clone().unwrap_or_default();
        c.error(&[K("start")], format!("de startstap '{id}' bestaat niet"))
            .hint_with(|| did_you_mean(&id, d.steps.iter().map(|s| s.id.as_str())));
        return;
    };
    let edges: Vec<Vec<usize>> = d
        .steps
        .iter()
        .map(|s| {
            s.next
                .iter()
                .map(|b| b.goto.as_str())
                .chain(s.known.iter().filter_map(|k| k.goto.as_deref()))
                .filter_map(|goto| index.get(goto).copied())
                .collect()
        })
        .collect();
    let reached = bfs([start], |i| edges[i].clone(), d.steps.len());
    for (i, s) in d.steps.iter().enumerate() {
        if !reached[i] && index.get(s.id.as_str()) == Some(&i) {
            // An error, not a warning: a step nobody can reach is almost
            // always a typo in a goto, and its texts would never be tested.
            c.error(
                &[K("steps"), I(i), K("id")],
                format!(
                    "stap '{}' is onbereikbaar: geen enkele goto gaat erheen",
                    s.id
                ),
            )
            .hint("verwijs ernaar met goto vanuit een andere stap, of verwijder de stap");
        }
    }
    let dangling = d.steps.iter().any(|s| {
        s.next.iter().any(|b| !index.contains_key(b.goto.as_str()))
            || s.known
                .iter()
                .filter_map(|k| k.goto.as_deref())
                .any(|g| !index.contains_key(g))
    });
    if dangling {
        // A goto to a missing step is already reported; every step before it
        // would also "never end", which only buries the real mistake.
        return;
    }
    let ends: Vec<usize> = (0..d.steps.len()).filter(|&i| d.steps[i].end).collect();
    if ends.is_empty() {
        c.error(
            &[K("steps")],
            "de dialoog heeft geen eindstap: het gesprek kan nooit eindigen".into(),
        )
        .hint("zet end = true in de stap waarmee de klant het gesprek afsluit");
        return;
    }
    let mut reverse = vec![Vec::new(); d.steps.len()];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            reverse[to].push(from);
        }
    }
    let can_end = bfs(ends, |i| reverse[i].clone(), d.steps.len());
    for (i, s) in d.steps.iter().enumerate() {
        if reached[i] && !can_end[i] && !s.next.is_empty() {
            c.error(
                &[K("steps"), I(i), K("id")],
                format!("vanuit stap '{}' kan het gesprek nooit eindigen", s.id),
            )
            .hint("zorg dat een van de takken (via andere stappen) uitkomt bij een stap met end = true");
        }
    }
}

fn bfs(
    from: impl IntoIterator<Item = usize>,
    next: impl Fn(usize) -> Vec<usize>,
    n: usize,
) -> Vec<bool> {
    let mut seen = vec![false; n];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for i in from {
        if !seen[i] {
            seen[i] = true;
            queue.push_back(i);
        }
    }
    while let Some(i) = queue.pop_front() {
        for j in next(i) {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    seen
}

fn examples(c: &mut Ctx<'_, '_, '_, '_>) {
    let d = c.d;
    c.duplicates(
        d.examples.iter().map(|e| e.name.as_str()),
        |i| vec![K("examples"), I(i), K("name")],
        "voorbeeldgesprek",
    );
    let by_id: HashMap<&str, &Step> = d.steps.iter().rev().map(|s| (s.id.as_str(), s)).collect();
    let step = |id: &str| by_id.get(id).copied();
    let criterion_ids: Vec<&str> = d.criteria.iter().map(|k| k.id.as_str()).collect();
    let start = start_index(d).map(|i| d.steps[i].id.as_str());
    for (i, ex) in d.examples.iter().enumerate() {
        let at = |key| vec![K("examples"), I(i), K(key)];
        c.text(&at("name"), &ex.name, "de naam van het voorbeeldgesprek");
        c.texts(&at("replies"), &ex.replies, "replies", false);
        if ex.path.is_empty() {
            c.error(&at("path"), "path is een lege lijst".into())
                .hint("noem de stappen die het gesprek doorloopt, van start tot einde");
        }
        let mut path_ok = true;
        for (n, id) in ex.path.iter().enumerate() {
            if step(id).is_none() {
                path_ok = false;
                let path = [K("examples"), I(i), K("path"), I(n)];
                c.error(&path, format!("onbekende stap '{id}' in path"))
                    .hint_with(|| did_you_mean(id, d.steps.iter().map(|s| s.id.as_str())));
            }
        }
        if path_ok && !ex.path.is_empty() {
            if let Some(start) = start
                && ex.path[0] != start
            {
                c.error(
                    &[K("examples"), I(i), K("path"), I(0)],
                    format!(
                        "path begint bij '{}', maar de dialoog begint bij '{start}'",
                        ex.path[0]
                    ),
                );
            }
            for (n, pair) in ex.path.windows(2).enumerate() {
                let from = step(&pair[0]);
                // A step skipped because its topics are known leads on to
                // its `known` goto: those count as followed gotos too.
                let ok = from.is_some_and(|s| {
                    let mut targets: Vec<&str> = s.next.iter().map(|b| b.goto.as_str()).collect();
                    let mut n = 0;
                    while n < targets.len() && targets.len() <= d.steps.len() {
                        if let Some(t) = step(targets[n]) {
                            for g in t.known.iter().filter_map(|k| k.goto.as_deref()) {
                                if !targets.contains(&g) {
                                    targets.push(g);
                                }
                            }
                        }
                        n += 1;
                    }
                    targets.contains(&pair[1].as_str())
                });
                if !ok {
                    let targets: Vec<&str> = from
                        .map(|s| s.next.iter().map(|b| b.goto.as_str()).collect())
                        .unwrap_or_default();
                    c.error(
                        &[K("examples"), I(i), K("path"), I(n + 1)],
                        format!(
                            "in path volgt '{}' op '{}', maar daar gaat geen goto heen",
                            pair[1], pair[0]
                        ),
                    )
                    .hint(if targets.is_empty() {
                        format!("'{}' heeft geen next-takken", pair[0])
                    } else {
                        format!(
                            "vanuit '{}' kan het gesprek naar: {}",
                            pair[0],
                            targets.join(", ")
                        )
                    });
                }
            }
            let last = &ex.path[ex.path.len() - 1];
            if step(last).is_some_and(|s| !s.end) {
                c.error(
                    &[K("examples"), I(i), K("path"), I(ex.path.len() - 1)],
                    format!("path eindigt bij '{last}', maar dat is geen eindstap"),
                )
                .hint("een voorbeeldgesprek loopt door tot een stap met end = true");
            }
            if ex.replies.len() + 1 < ex.path.len() {
                c.error(
                    &at("replies"),
                    format!(
                        "te weinig antwoorden: path heeft {} stappen, dus minstens {} antwoorden nodig, maar er zijn er {}",
                        ex.path.len(),
                        ex.path.len() - 1,
                        ex.replies.len()
                    ),
                );
            }
        }
        for key in ["met", "not_met"] {
            let ids = if key == "met" { &ex.met } else { &ex.not_met };
            for (n, id) in ids.iter().enumerate() {
                if !criterion_ids.contains(&id.as_str()) {
                    c.error(
                        &[K("examples"), I(i), K(key), I(n)],
                        format!("onbekend criterium '{id}' in {key}"),
                    )
                    .hint_with(|| did_you_mean(id, criterion_ids.iter().copied()));
                } else if key == "not_met" && ex.met.contains(id) {
                    c.error(
                        &[K("examples"), I(i), K(key), I(n)],
                        format!("criterium '{id}' staat zowel in met als in not_met"),
                    );
                }
            }
        }
    }
}

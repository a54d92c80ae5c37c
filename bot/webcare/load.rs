//! Loading and checking webcare scenario files: the shape (every key and type,
//! all problems at once with line and column, like dialogue files) and the
//! meaning (references to behaviours, criteria, messages; the schedule; the
//! example shifts). The dialogue loader dispatches `type = "webcare"` files
//! here, so `check` and `test` treat both kinds alike.

use std::collections::HashSet;

use toml::Spanned;
use toml::de::DeTable;

use super::PreparedScenario;
use super::model::Scenario;
use super::score::WEBCARE;
use crate::dialogue::Catalogue;
use crate::dialogue::problem::{Hint, Problem, Reporter, did_you_mean};
use crate::dialogue::schema::{self, Field, Kind};
use crate::dialogue::source;
use crate::dialogue::validate::calculation::{self, Asking, Shown};
use crate::dialogue::validate::{Seg, span_at, valid_id};
use crate::matching::{self, LocalRule};

/// The value of `type` in a file that declares one, with the byte span of
/// the value. `None` for files without it (dialogues) or that do not parse.
pub fn declared_type(text: &str) -> Option<(String, std::ops::Range<usize>)> {
    let root = DeTable::parse(text).ok()?;
    let value = root.get_ref().get("type")?;
    Some((value.get_ref().as_str()?.to_string(), value.span()))
}

const fn field(name: &'static str, kind: Kind, required: bool) -> Field {
    Field {
        name,
        kind,
        required,
    }
}

const SECONDS: Kind = Kind::Int {
    min: 0,
    max: 86_400,
};
const LEVELS: Kind = Kind::OneOf(&["laag", "midden", "hoog"]);

const SCENARIO: &[Field] = &[
    field("type", Kind::OneOf(&["webcare"]), true),
    field("id", Kind::Str, true),
    field("title", Kind::Str, true),
    field("werkprocessen", Kind::StrList, true),
    field("language", Kind::OneOf(&["nl", "en"]), true),
    field("level", Kind::Int { min: 1, max: 3 }, true),
    field("minutes", Kind::Int { min: 1, max: 240 }, true),
    field(
        "duration",
        Kind::Int {
            min: 60,
            max: 86_400,
        },
        true,
    ),
    field("company", Kind::Table(COMPANY), true),
    field("criteria", Kind::TableList(schema::CRITERION), true),
    field("rules", Kind::TableList(schema::RULE), false),
    field("messages", Kind::TableList(MESSAGE), true),
    field("unknown", Kind::StrList, false),
    field("examples", Kind::TableList(TRANSCRIPT), false),
];

const COMPANY: &[Field] = &[
    field("name", Kind::Str, true),
    field("about", Kind::Str, true),
    field("role", Kind::Str, true),
    field("register", Kind::OneOf(&["u", "je"]), true),
    field("signature", Kind::Str, true),
    field("emoji", Kind::OneOf(&["geen", "spaarzaam", "vrij"]), true),
    field("guidelines", Kind::StrList, false),
    field("may_decide", Kind::StrList, true),
    field("must_escalate", Kind::StrList, true),
    field("privacy_rules", Kind::StrList, false),
    field("private_channel_rules", Kind::StrList, false),
    field("escalation_rules", Kind::StrList, false),
];

const MESSAGE: &[Field] = &[
    field("id", Kind::Str, true),
    field(
        "channel",
        Kind::OneOf(&["post", "reactie", "review", "dm"]),
        true,
    ),
    field("platform", Kind::Str, true),
    field("author", Kind::Str, true),
    field("text", Kind::Str, true),
    field("at", SECONDS, false),
    field("impact", LEVELS, true),
    field("urgency", LEVELS, true),
    field(
        "target",
        Kind::Int {
            min: 1,
            max: 86_400,
        },
        true,
    ),
    field("escalate", Kind::Bool, false),
    field("hint", Kind::Str, false),
    field("expect", Kind::TableList(schema::EXPECTATION), false),
    field("avoid", Kind::TableList(schema::AVOIDANCE), false),
    field("next", Kind::TableList(FOLLOW_UP), false),
    field("knowledge", Kind::TableList(schema::TOPIC), false),
    field("tells", Kind::StrList, false),
];

const FOLLOW_UP: &[Field] = &[
    field("when", Kind::StrList, false),
    field("when_any", Kind::StrList, false),
    field("unless", Kind::StrList, false),
    field("late", Kind::Bool, false),
    field("send", Kind::Str, true),
    field("after", SECONDS, false),
];

const TRANSCRIPT: &[Field] = &[
    field("name", Kind::Str, true),
    field("actions", Kind::TableList(ACTION), true),
    field("stop_at", SECONDS, false),
    field("score", Kind::Int { min: 0, max: 100 }, true),
    field("arrived", Kind::StrList, false),
    field("triage", Kind::Int { min: 0, max: 100 }, false),
    field("tone", Kind::Int { min: 0, max: 100 }, false),
    field("outcomes", Kind::TableList(OUTCOME), false),
    field("answered", Kind::StrList, false),
];

const ACTION: &[Field] = &[
    field("at", SECONDS, true),
    field("message", Kind::Str, true),
    field("text", Kind::Str, false),
    field("escalate", Kind::Bool, false),
];

const OUTCOME: &[Field] = &[
    field("message", Kind::Str, true),
    field("score", Kind::Int { min: 0, max: 100 }, false),
    field("on_time", Kind::Bool, false),
    field("escalation_ok", Kind::Bool, false),
    field("privacy_ok", Kind::Bool, false),
    field("met", Kind::StrList, false),
    field("missed", Kind::StrList, false),
];

/// Checks one scenario file's text. Returns the prepared scenario when there
/// are no errors, every problem in file order, and the 1-based position of
/// the `id` value (for problems that involve other files).
pub fn check_scenario_source(
    name: &str,
    text: &str,
    catalogue: &Catalogue,
) -> (Option<PreparedScenario>, Vec<Problem>, (usize, usize)) {
    let mut r = Reporter::new(name, text);
    let Some((scenario, root)) = source::parse::<Scenario>(&mut r, text, SCENARIO) else {
        return (None, r.finish(), (1, 1));
    };
    let id_at = r.position(span_at(&root, &[Seg::K("id")]).start);
    let rules = {
        let mut c = Ctx {
            r: &mut r,
            root: &root,
            sc: &scenario,
        };
        metadata(&mut c, catalogue, name);
        let rules = rules(&mut c);
        messages(&mut c);
        calculation_tips(&mut c);
        knowledge(&mut c);
        examples(&mut c);
        rules
    };
    let ok = !r.has_errors();
    let problems = r.finish();
    match rules {
        Some(rules) if ok => match super::thread_knowledge(&scenario) {
            Ok(knowledge) => (
                Some(PreparedScenario {
                    scenario,
                    rules,
                    knowledge,
                }),
                problems,
                id_at,
            ),
            Err(_) => (None, problems, id_at),
        },
        _ => (None, problems, id_at),
    }
}

struct Ctx<'r, 's, 't, 'a> {
    r: &'r mut Reporter<'s>,
    root: &'a Spanned<DeTable<'t>>,
    sc: &'a Scenario,
}

use Seg::{I, K};

impl Ctx<'_, '_, '_, '_> {
    fn error(&mut self, path: &[Seg<'_>], message: String) -> Hint<'_> {
        let span = span_at(self.root, path);
        self.r.error(span, message)
    }

    fn warning(&mut self, path: &[Seg<'_>], message: String) -> Hint<'_> {
        let span = span_at(self.root, path);
        self.r.warning(span, message)
    }

    fn text(&mut self, path: &[Seg<'_>], value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(path, format!("{what} is leeg"))
                .hint("vul een tekst in");
        }
    }

    fn id(&mut self, path: &[Seg<'_>], id: &str, what: &str) {
        if !valid_id(id) {
            self.error(path, format!("ongeldige {what} '{id}'"))
                .hint("gebruik alleen kleine letters, cijfers en streepjes, bijv. \"m1-boos\"");
        }
    }

    fn duplicates<'v>(
        &mut self,
        ids: impl Iterator<Item = &'v str>,
        path: impl Fn(usize) -> Vec<Seg<'static>>,
        what: &str,
    ) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id) {
                self.error(&path(i), format!("{what} '{id}' komt twee keer voor"))
                    .hint("geef elk een eigen id");
            }
        }
    }

    fn known_behaviours(&self) -> Vec<&'_ str> {
        matching::BEHAVIOURS
            .iter()
            .map(|b| b.id)
            .chain(self.sc.rules.iter().map(|r| r.id.as_str()))
            .collect()
    }

    fn behaviour(&mut self, path: &[Seg<'_>], id: &str) {
        let known: Vec<String> = self
            .known_behaviours()
            .iter()
            .map(|s| s.to_string())
            .collect();
        if !known.iter().any(|k| k == id) {
            self.error(path, format!("onbekend gedrag '{id}'"))
                .hint(did_you_mean(id, known.iter().map(String::as_str)));
        }
    }

    fn rule_ref(&mut self, path: &[Seg<'_>], id: &str) {
        let rules: Vec<String> = self.sc.rules.iter().map(|r| r.id.clone()).collect();
        if !rules.iter().any(|r| r == id) {
            self.error(path, format!("onbekende regel '{id}'"))
                .hint(did_you_mean(id, rules.iter().map(String::as_str)));
        }
    }

    fn message_ref(&mut self, path: &[Seg<'_>], id: &str) {
        let ids: Vec<String> = self.sc.messages.iter().map(|m| m.id.clone()).collect();
        if !ids.iter().any(|m| m == id) {
            self.error(path, format!("onbekend bericht '{id}'"))
                .hint(did_you_mean(id, ids.iter().map(String::as_str)));
        }
    }
}

fn metadata(c: &mut Ctx<'_, '_, '_, '_>, catalogue: &Catalogue, name: &str) {
    let sc = c.sc;
    c.id(&[K("id")], &sc.id, "id");
    c.text(&[K("title")], &sc.title, "de titel");
    if let Some(stem) = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        && stem != sc.id
        && valid_id(&sc.id)
    {
        c.warning(
            &[K("id")],
            format!("de bestandsnaam '{stem}' is anders dan de id '{}'", sc.id),
        )
        .hint(format!("noem het bestand {}.toml", sc.id));
    }
    for (i, code) in sc.werkprocessen.iter().enumerate() {
        if catalogue.werkproces(code).is_none() {
            let hint = did_you_mean(
                code,
                catalogue.werkprocessen.iter().map(|w| w.code.as_str()),
            );
            c.error(
                &[K("werkprocessen"), I(i)],
                format!("onbekende werkprocescode '{code}'"),
            )
            .hint(hint);
        }
    }
    if !sc.werkprocessen.iter().any(|w| w == WEBCARE) {
        c.error(
            &[K("werkprocessen")],
            format!("een webcaredienst hoort bij {WEBCARE} (Voert webcare uit)"),
        )
        .hint(format!("zet \"{WEBCARE}\" in werkprocessen"));
    }
    let co = &sc.company;
    for (key, value) in [("name", &co.name), ("about", &co.about), ("role", &co.role)] {
        c.text(&[K("company"), K(key)], value, &format!("company.{key}"));
    }
    if co.may_decide.is_empty() {
        c.error(
            &[K("company"), K("may_decide")],
            "may_decide is een lege lijst".into(),
        )
        .hint("schrijf op wat de student zelf mag beslissen, bijv. \"een kortingscode van 10%\"");
    }
    if co.must_escalate.is_empty() {
        c.error(
            &[K("company"), K("must_escalate")],
            "must_escalate is een lege lijst".into(),
        )
        .hint("schrijf op wat naar een collega moet, bijv. \"veiligheidsklachten\"");
    }
    for key in ["privacy_rules", "private_channel_rules", "escalation_rules"] {
        let ids = match key {
            "privacy_rules" => &co.privacy_rules,
            "private_channel_rules" => &co.private_channel_rules,
            _ => &co.escalation_rules,
        };
        for (i, id) in ids.iter().enumerate() {
            c.rule_ref(&[K("company"), K(key), I(i)], id);
        }
    }
    // Criteria: Gedrag lines of their werkproces.
    c.duplicates(
        sc.criteria.iter().map(|k| k.id.as_str()),
        |i| vec![K("criteria"), I(i), K("id")],
        "criterium",
    );
    for (i, k) in sc.criteria.iter().enumerate() {
        let at = |key| [K("criteria"), I(i), K(key)];
        c.text(&at("label"), &k.label, "label");
        c.text(&at("tip"), &k.tip, "tip");
        if !sc.werkprocessen.contains(&k.werkproces) {
            c.error(
                &at("werkproces"),
                format!(
                    "criterium '{}' hoort bij '{}', maar dat staat niet in werkprocessen",
                    k.id, k.werkproces
                ),
            );
            continue;
        }
        let Some(w) = catalogue.werkproces(&k.werkproces) else {
            continue;
        };
        if w.gedrag_line(&k.gedrag).is_none() {
            let best = crate::dialogue::closest(&k.gedrag, w.gedrag.iter().map(String::as_str))
                .map(|g| format!("bedoel je: \"{g}\"?"))
                .unwrap_or_else(|| {
                    format!(
                        "kies een Gedrag-regel van {} uit werkprocessen.toml",
                        w.code
                    )
                });
            c.error(
                &at("gedrag"),
                format!("\"{}\" is geen Gedrag-regel van {}", k.gedrag, w.code),
            )
            .hint(best);
        }
    }
}

fn rules(c: &mut Ctx<'_, '_, '_, '_>) -> Option<Vec<LocalRule>> {
    let sc = c.sc;
    c.duplicates(
        sc.rules.iter().map(|r| r.id.as_str()),
        |i| vec![K("rules"), I(i), K("id")],
        "regel",
    );
    let mut compiled = Vec::new();
    let mut ok = true;
    for (i, rule) in sc.rules.iter().enumerate() {
        c.id(&[K("rules"), I(i), K("id")], &rule.id, "regel-id");
        if matching::behaviour(&rule.id).is_some() {
            c.error(
                &[K("rules"), I(i), K("id")],
                format!("regel-id '{}' is al een gedrag uit de catalogus", rule.id),
            )
            .hint("gebruik het catalogusgedrag zonder eigen regel, of kies een andere naam");
        }
        match LocalRule::compile(&rule.spec()) {
            Ok(r) => compiled.push(r),
            Err(e) => {
                ok = false;
                c.error(&[K("rules"), I(i)], e.to_string()).hint(
                    "geef precies één van: keywords = [\"...\"], regex = '...' of amount = \"...\"",
                );
            }
        }
    }
    ok.then_some(compiled)
}

/// A hint or tip that states the result of a calculation the message asks
/// for does the student's calculation for them, as in a dialogue.
fn calculation_tips(c: &mut Ctx<'_, '_, '_, '_>) {
    let sc = c.sc;
    let mut asking = Vec::new();
    for (i, m) in sc.messages.iter().enumerate() {
        let message = &m.id;
        let mut texts = Vec::new();
        if let Some(hint) = &m.hint {
            texts.push(Shown {
                path: vec![K("messages"), I(i), K("hint")],
                what: format!("de hint van bericht '{message}'"),
                text: hint,
            });
        }
        for (j, e) in m.expect.iter().enumerate() {
            texts.push(Shown {
                path: vec![K("messages"), I(i), K("expect"), I(j), K("miss")],
                what: format!("de miss-tip voor '{}' bij bericht '{message}'", e.behaviour),
                text: &e.miss,
            });
        }
        for (j, a) in m.avoid.iter().enumerate() {
            texts.push(Shown {
                path: vec![K("messages"), I(i), K("avoid"), I(j), K("feedback")],
                what: format!("de feedback op '{}' bij bericht '{message}'", a.behaviour),
                text: &a.feedback,
            });
        }
        asking.push(Asking {
            behaviours: m.expect.iter().map(|e| e.behaviour.as_str()).collect(),
            texts,
        });
    }
    asking.extend(calculation::criterion_tips(
        &sc.criteria,
        sc.messages.iter().flat_map(|m| &m.expect),
    ));
    for (path, message) in calculation::given_away(&sc.rules, &asking) {
        c.warning(&path, message).hint(calculation::HINT);
    }
}

fn messages(c: &mut Ctx<'_, '_, '_, '_>) {
    let sc = c.sc;
    if sc.messages.is_empty() {
        c.error(&[K("messages")], "de dienst heeft geen berichten".into())
            .hint("voeg berichten toe met [[messages]]");
        return;
    }
    c.duplicates(
        sc.messages.iter().map(|m| m.id.as_str()),
        |i| vec![K("messages"), I(i), K("id")],
        "bericht",
    );
    let criteria: Vec<String> = sc.criteria.iter().map(|k| k.id.clone()).collect();
    let sent: HashSet<&str> = sc
        .messages
        .iter()
        .flat_map(|m| m.next.iter().map(|b| b.send.as_str()))
        .collect();
    if !sc.messages.iter().any(|m| m.at.is_some()) {
        c.error(
            &[K("messages")],
            "geen enkel bericht heeft een aankomsttijd (at)".into(),
        )
        .hint("geef minstens het eerste bericht at = 0");
    }
    for (i, m) in sc.messages.iter().enumerate() {
        let at = |key| vec![K("messages"), I(i), K(key)];
        c.id(&at("id"), &m.id, "bericht-id");
        c.text(&at("platform"), &m.platform, "platform");
        c.text(&at("author"), &m.author, "author");
        c.text(&at("text"), &m.text, "text");
        match m.at {
            Some(t) if t >= sc.duration => {
                c.error(
                    &at("at"),
                    format!(
                        "bericht '{}' komt pas na het einde van de dienst ({} s)",
                        m.id, sc.duration
                    ),
                )
                .hint("kies een tijd kleiner dan duration");
            }
            None if !sent.contains(m.id.as_str()) => {
                c.error(&at("id"), format!("bericht '{}' heeft geen at en is geen vervolg van een ander bericht", m.id))
                    .hint("geef een aankomsttijd (at = seconden na de start) of stuur het met send = \"...\" in een [[messages.next]]");
            }
            Some(_) if sent.contains(m.id.as_str()) => {
                c.warning(&at("at"), format!("bericht '{}' heeft een at maar is ook een vervolgbericht; het komt maar één keer", m.id));
            }
            _ => {}
        }
        if m.expect.is_empty() && m.avoid.is_empty() {
            c.warning(
                &at("id"),
                format!(
                    "bericht '{}' heeft geen expect of avoid: het telt niet mee in de inhoud",
                    m.id
                ),
            );
        }
        for (j, e) in m.expect.iter().enumerate() {
            let p = |key| [K("messages"), I(i), K("expect"), I(j), K(key)];
            c.behaviour(&p("behaviour"), &e.behaviour);
            if !criteria.contains(&e.criterion) {
                c.error(
                    &p("criterion"),
                    format!("onbekend criterium '{}'", e.criterion),
                )
                .hint(did_you_mean(
                    &e.criterion,
                    criteria.iter().map(String::as_str),
                ));
            }
            c.text(&p("hit"), &e.hit, "hit");
            c.text(&p("miss"), &e.miss, "miss");
        }
        for (j, a) in m.avoid.iter().enumerate() {
            let p = |key| [K("messages"), I(i), K("avoid"), I(j), K(key)];
            c.behaviour(&p("behaviour"), &a.behaviour);
            if !criteria.contains(&a.criterion) {
                c.error(
                    &p("criterion"),
                    format!("onbekend criterium '{}'", a.criterion),
                )
                .hint(did_you_mean(
                    &a.criterion,
                    criteria.iter().map(String::as_str),
                ));
            }
            c.text(&p("feedback"), &a.feedback, "feedback");
        }
        for (j, b) in m.next.iter().enumerate() {
            let p = |key| vec![K("messages"), I(i), K("next"), I(j), K(key)];
            c.message_ref(&p("send"), &b.send);
            if b.send == m.id {
                c.error(
                    &p("send"),
                    format!("bericht '{}' stuurt zichzelf als vervolg", m.id),
                );
            }
            for (key, ids) in [
                ("when", &b.when),
                ("when_any", &b.when_any),
                ("unless", &b.unless),
            ] {
                for (n, id) in ids.iter().enumerate() {
                    let mut path = p(key);
                    path.push(I(n));
                    c.behaviour(&path, id);
                }
            }
        }
    }
}

/// What the customers know: every topic checked like a dialogue's
/// (docs/webcare-format.md and dialogue-format.md, "The customer listens").
fn knowledge(c: &mut Ctx<'_, '_, '_, '_>) {
    use crate::dialogue::validate::knowledge::{
        MAX_KEYWORDS, MAX_PATTERN_CHARS, MAX_PATTERNS, MAX_TOPICS,
    };
    let sc = c.sc;
    for (i, m) in sc.messages.iter().enumerate() {
        if m.knowledge.len() > MAX_TOPICS {
            c.error(
                &[K("messages"), I(i), K("knowledge"), I(MAX_TOPICS)],
                format!(
                    "te veel onderwerpen in knowledge van bericht '{}': {} (maximaal {MAX_TOPICS})",
                    m.id,
                    m.knowledge.len()
                ),
            )
            .hint("voeg verwante feiten samen in één onderwerp");
        }
        c.duplicates(
            m.knowledge.iter().map(|t| t.id.as_str()),
            |j| vec![K("messages"), I(i), K("knowledge"), I(j), K("id")],
            "onderwerp",
        );
        for (j, t) in m.knowledge.iter().enumerate().take(MAX_TOPICS) {
            let at = |key| vec![K("messages"), I(i), K("knowledge"), I(j), K(key)];
            c.id(&at("id"), &t.id, "onderwerp-id");
            c.text(&at("about"), &t.about, "about");
            if t.answer.is_empty() {
                c.error(
                    &at("answer"),
                    format!("onderwerp '{}' heeft geen answer", t.id),
                )
                .hint("geef minstens één antwoord van de klant: answer = [\"...\"]");
            }
            for (n, a) in t.answer.iter().enumerate() {
                let mut path = at("answer");
                path.push(I(n));
                c.text(&path, a, "answer");
                if let Some((_, name)) = crate::knowledge::placeholders(a).first() {
                    c.error(
                        &path,
                        format!("plaatshouder {{{name}}} werkt niet in een webcaredienst"),
                    )
                    .hint("schrijf het antwoord zonder {...}: webcareklanten onthouden geen naam of bedrag");
                }
            }
            if t.keywords.is_empty() && t.patterns.is_empty() && t.behaviours.is_empty() {
                c.error(
                    &[K("messages"), I(i), K("knowledge"), I(j)],
                    format!(
                        "onderwerp '{}' heeft geen keywords, patterns of behaviours: niemand kan ernaar vragen",
                        t.id
                    ),
                )
                .hint("geef woorden waarmee een student ernaar vraagt: keywords = [\"ordernummer\"]");
            }
            if t.keywords.len() > MAX_KEYWORDS {
                c.error(
                    &at("keywords"),
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
                    &at("patterns"),
                    format!(
                        "onderwerp '{}' heeft te veel patterns: {} (maximaal {MAX_PATTERNS})",
                        t.id,
                        t.patterns.len()
                    ),
                );
            }
            for (n, b) in t.behaviours.iter().enumerate() {
                let mut path = at("behaviours");
                path.push(I(n));
                c.behaviour(&path, b);
            }
            if !t.keywords.iter().all(|k| k.trim().is_empty()) {
                let spec = matching::LocalRuleSpec {
                    id: t.id.clone(),
                    keywords: Some(t.keywords.clone()),
                    ..matching::LocalRuleSpec::default()
                };
                if let Err(e) = LocalRule::compile(&spec) {
                    c.error(&at("keywords"), e.to_string());
                }
            }
            for (n, p) in t.patterns.iter().enumerate() {
                let mut path = at("patterns");
                path.push(I(n));
                let chars = p.chars().count();
                if chars > MAX_PATTERN_CHARS {
                    c.error(
                        &path,
                        format!("patroon is te lang: {chars} tekens (maximaal {MAX_PATTERN_CHARS})"),
                    )
                    .hint("gebruik keywords voor losse woorden; een patroon is voor een korte vaste vorm");
                    continue;
                }
                let spec = matching::LocalRuleSpec {
                    id: t.id.clone(),
                    regex: Some(p.clone()),
                    ..matching::LocalRuleSpec::default()
                };
                if LocalRule::compile(&spec).is_err() {
                    c.error(&path, format!("ongeldig patroon in onderwerp '{}'", t.id))
                        .hint("zet het patroon tussen enkele aanhalingstekens '...' en controleer haakjes en \\");
                }
            }
        }
    }
    for (n, line) in sc.unknown.iter().enumerate() {
        c.text(&[K("unknown"), I(n)], line, "unknown");
    }
    let topics: Vec<&str> = sc
        .messages
        .iter()
        .flat_map(|m| m.knowledge.iter().map(|t| t.id.as_str()))
        .collect();
    for (i, m) in sc.messages.iter().enumerate() {
        for (n, id) in m.tells.iter().enumerate() {
            if !topics.contains(&id.as_str()) {
                c.error(
                    &[K("messages"), I(i), K("tells"), I(n)],
                    format!("onbekend onderwerp '{id}' in tells van bericht '{}'", m.id),
                )
                .hint(did_you_mean(id, topics.iter().copied()));
            }
        }
    }
    for (i, ex) in sc.examples.iter().enumerate() {
        for (n, id) in ex.answered.iter().enumerate() {
            if !topics.contains(&id.as_str()) {
                c.error(
                    &[K("examples"), I(i), K("answered"), I(n)],
                    format!("onbekend onderwerp '{id}' in answered"),
                )
                .hint(did_you_mean(id, topics.iter().copied()));
            }
        }
    }
}

fn examples(c: &mut Ctx<'_, '_, '_, '_>) {
    let sc = c.sc;
    c.duplicates(
        sc.examples.iter().map(|e| e.name.as_str()),
        |i| vec![K("examples"), I(i), K("name")],
        "voorbeelddienst",
    );
    for (i, ex) in sc.examples.iter().enumerate() {
        c.text(
            &[K("examples"), I(i), K("name")],
            &ex.name,
            "de naam van de voorbeelddienst",
        );
        let mut last = 0;
        for (j, a) in ex.actions.iter().enumerate() {
            let p = |key| [K("examples"), I(i), K("actions"), I(j), K(key)];
            c.message_ref(&p("message"), &a.message);
            if a.at < last {
                c.error(
                    &p("at"),
                    format!(
                        "actie {} is om {} s, eerder dan de actie ervoor ({} s)",
                        j + 1,
                        a.at,
                        last
                    ),
                )
                .hint("zet de acties op volgorde van tijd");
            }
            last = last.max(a.at);
            if a.text.is_none() && !a.escalate {
                c.error(
                    &[K("examples"), I(i), K("actions"), I(j)],
                    "een actie heeft een text, escalate = true of allebei".into(),
                );
            }
            if let Some(text) = &a.text {
                c.text(&p("text"), text, "text");
            }
        }
        for (j, id) in ex.arrived.iter().enumerate() {
            c.message_ref(&[K("examples"), I(i), K("arrived"), I(j)], id);
        }
        for (j, o) in ex.outcomes.iter().enumerate() {
            let p = |key| vec![K("examples"), I(i), K("outcomes"), I(j), K(key)];
            c.message_ref(&p("message"), &o.message);
            for (key, ids) in [("met", &o.met), ("missed", &o.missed)] {
                for (n, id) in ids.iter().enumerate() {
                    let mut path = p(key);
                    path.push(I(n));
                    c.behaviour(&path, id);
                }
            }
        }
    }
}

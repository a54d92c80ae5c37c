//! The shape of dialogue and catalogue files (which keys, which types), checked
//! on the parsed TOML tree before serde sees it.
//!
//! serde stops at the first unknown field or wrong type; teachers need every
//! problem at once, each at its own line and column, in Dutch. This walker
//! reports all of them. The field lists mirror `model.rs` and `catalogue.rs`;
//! a test deserialises a file that uses every field, so drift is caught.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::problem::{Reporter, did_you_mean};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Str,
    StrList,
    /// An integer in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    OneOf(&'static [&'static str]),
    Table(&'static [Field]),
    TableList(&'static [Field]),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

const COUNT: Kind = Kind::Int {
    min: 0,
    max: u32::MAX as i64,
};

pub(crate) const DIALOGUE: &[Field] = &[
    req("id", Kind::Str),
    req("title", Kind::Str),
    req("werkprocessen", Kind::StrList),
    req("language", Kind::OneOf(&["nl", "en"])),
    req("level", Kind::Int { min: 1, max: 3 }),
    req("minutes", Kind::Int { min: 1, max: 240 }),
    opt("start", Kind::Str),
    req("briefing", Kind::Table(BRIEFING)),
    req("persona", Kind::Table(PERSONA)),
    req("criteria", Kind::TableList(CRITERION)),
    opt("rules", Kind::TableList(RULE)),
    req("steps", Kind::TableList(STEP)),
    opt("examples", Kind::TableList(TRANSCRIPT)),
    opt("knowledge", Kind::TableList(TOPIC)),
    opt("unknown", Kind::StrList),
    opt("reactions", Kind::TableList(REACTION)),
    opt("max_discount", Kind::Int { min: 0, max: 100 }),
];

pub(crate) const TOPIC: &[Field] = &[
    req("id", Kind::Str),
    req("about", Kind::Str),
    opt("keywords", Kind::StrList),
    opt("patterns", Kind::StrList),
    opt("behaviours", Kind::StrList),
    req("answer", Kind::StrList),
    opt("match", Kind::StrList),
    opt("no_match", Kind::StrList),
];

pub(crate) const REACTION: &[Field] = &[
    req("id", Kind::Str),
    opt("when", Kind::StrList),
    opt("when_any", Kind::StrList),
    opt("unless", Kind::StrList),
    opt("before", Kind::StrList),
    opt("customer", Kind::StrList),
    opt("off", Kind::Bool),
];

const KNOWN: &[Field] = &[
    req("topics", Kind::StrList),
    opt("customer", Kind::StrList),
    opt("goto", Kind::Str),
];

const BRIEFING: &[Field] = &[
    req("role", Kind::Str),
    req("company", Kind::Str),
    req("goal", Kind::Str),
    opt("facts", Kind::StrList),
];

const PERSONA: &[Field] = &[
    req("name", Kind::Str),
    req("role", Kind::Str),
    req("company", Kind::Str),
    req("mood", Kind::Str),
    req("register", Kind::OneOf(&["u", "je"])),
];

pub(crate) const CRITERION: &[Field] = &[
    req("id", Kind::Str),
    req("werkproces", Kind::Str),
    req("gedrag", Kind::Str),
    req("label", Kind::Str),
    req("tip", Kind::Str),
];

pub(crate) const RULE: &[Field] = &[
    req("id", Kind::Str),
    opt("keywords", Kind::StrList),
    opt("regex", Kind::Str),
    opt("amount", Kind::Str),
    opt("tolerance", Kind::Str),
    req("description", Kind::Str),
    opt("match", Kind::StrList),
    opt("no_match", Kind::StrList),
];

const STEP: &[Field] = &[
    req("id", Kind::Str),
    req("customer", Kind::StrList),
    opt("end", Kind::Bool),
    opt("hint", Kind::Str),
    opt("retry", Kind::StrList),
    opt("max_retries", Kind::Int { min: 0, max: 10 }),
    opt("expect", Kind::TableList(EXPECTATION)),
    opt("avoid", Kind::TableList(AVOIDANCE)),
    opt("next", Kind::TableList(BRANCH)),
    opt("tells", Kind::StrList),
    opt("known", Kind::TableList(KNOWN)),
    opt("reactions", Kind::TableList(REACTION)),
];

pub(crate) const EXPECTATION: &[Field] = &[
    req("behaviour", Kind::Str),
    opt("required", Kind::Bool),
    opt("weight", Kind::Int { min: 1, max: 100 }),
    req("criterion", Kind::Str),
    req("hit", Kind::Str),
    req("miss", Kind::Str),
];

pub(crate) const AVOIDANCE: &[Field] = &[
    req("behaviour", Kind::Str),
    req("criterion", Kind::Str),
    req("feedback", Kind::Str),
    opt("weight", Kind::Int { min: 1, max: 100 }),
];

const BRANCH: &[Field] = &[
    opt("when", Kind::StrList),
    opt("when_any", Kind::StrList),
    opt("unless", Kind::StrList),
    req("goto", Kind::Str),
];

const TRANSCRIPT: &[Field] = &[
    req("name", Kind::Str),
    opt("seed", COUNT),
    req("replies", Kind::StrList),
    req("path", Kind::StrList),
    req("score", Kind::Int { min: 0, max: 100 }),
    opt("met", Kind::StrList),
    opt("not_met", Kind::StrList),
    opt("answered", Kind::StrList),
];

pub(crate) const CATALOGUE: &[Field] = &[
    req("kerntaak", Kind::TableList(KERNTAAK)),
    req("werkproces", Kind::TableList(WERKPROCES)),
];

const KERNTAAK: &[Field] = &[
    req("code", Kind::Str),
    req("title", Kind::Str),
    req("part", Kind::Str),
];

const WERKPROCES: &[Field] = &[
    req("code", Kind::Str),
    req("kerntaak", Kind::Str),
    req("title", Kind::Str),
    req("gedrag", Kind::StrList),
];

/// Checks `table` (at `span`, called `context` in messages, e.g. `[[steps]]`)
/// against `fields`, recursively; reports every deviation. Unknown keys are
/// removed after being reported, so that the rest of the file can still be
/// checked for meaning; returns false when any other (fatal) problem was found.
pub(crate) fn check_table(
    r: &mut Reporter<'_>,
    table: &mut DeTable<'_>,
    span: Range<usize>,
    context: &str,
    fields: &[Field],
) -> bool {
    let names = fields.iter().map(|f| f.name);
    let mut ok = true;
    let mut unknown = Vec::new();
    for (key, value) in table.iter_mut() {
        let name: &str = key.get_ref();
        match fields.iter().find(|f| f.name == name) {
            Some(field) => {
                let span = value.span();
                ok &= check_value(r, value.get_mut(), span, context, field);
            }
            None => {
                r.error(key.span(), format!("onbekend veld '{name}' in {context}"))
                    .hint_with(|| did_you_mean(name, names.clone()));
                unknown.push(name.to_string());
            }
        }
    }
    for name in unknown {
        table.remove(name.as_str());
    }
    for field in fields.iter().filter(|f| f.required) {
        if table.get(field.name).is_none() {
            ok = false;
            r.error(
                span.clone(),
                format!("verplicht veld '{}' ontbreekt in {context}", field.name),
            )
            .hint(format!("voeg '{} = ...' toe", field.name));
        }
    }
    ok
}

fn check_value(
    r: &mut Reporter<'_>,
    value: &mut DeValue<'_>,
    span: Range<usize>,
    context: &str,
    field: &Field,
) -> bool {
    let name = field.name;
    match field.kind {
        Kind::Str => {
            if !value.is_str() {
                return wrong_type(r, span, name, "tekst tussen aanhalingstekens", value);
            }
        }
        Kind::StrList => match value.as_array() {
            Some(items) => {
                let mut ok = true;
                for item in items.iter() {
                    if !item.get_ref().is_str() {
                        ok = false;
                        r.error(
                            item.span(),
                            format!(
                                "'{name}' mag alleen teksten bevatten, maar dit is {}",
                                type_name(item.get_ref())
                            ),
                        )
                        .hint("zet elke tekst tussen aanhalingstekens: [\"...\", \"...\"]");
                    }
                }
                return ok;
            }
            None => {
                return wrong_type(
                    r,
                    span,
                    name,
                    "een lijst teksten: [\"...\", \"...\"]",
                    value,
                );
            }
        },
        Kind::Int { min, max } => match value.as_integer() {
            Some(int) => {
                let n = i64::from_str_radix(int.as_str(), int.radix()).ok();
                if !n.is_some_and(|n| (min..=max).contains(&n)) {
                    r.error(
                        span,
                        format!("'{name}' moet tussen {min} en {max} liggen, maar is {int}"),
                    );
                    return false;
                }
            }
            None => return wrong_type(r, span, name, "een geheel getal", value),
        },
        Kind::Bool => {
            if !value.is_bool() {
                return wrong_type(r, span, name, "true of false", value);
            }
        }
        Kind::OneOf(allowed) => match value.as_str() {
            Some(s) if allowed.contains(&s) => {}
            Some(s) => {
                r.error(
                    span,
                    format!(
                        "'{name}' moet een van {} zijn, maar is '{s}'",
                        quoted(allowed)
                    ),
                )
                .hint_with(|| did_you_mean(s, allowed.iter().copied()));
                return false;
            }
            None => {
                return wrong_type(
                    r,
                    span,
                    name,
                    &format!("een van {}", quoted(allowed)),
                    value,
                );
            }
        },
        Kind::Table(fields) => {
            if !value.is_table() {
                return wrong_type(r, span, name, &format!("een tabel [{name}]"), value);
            }
            if let DeValue::Table(table) = value {
                return check_table(r, table, span, &format!("[{name}]"), fields);
            }
        }
        Kind::TableList(fields) => {
            let inner = if context.starts_with("[[") {
                format!("[[{}.{name}]]", context.trim_matches(['[', ']']))
            } else {
                format!("[[{name}]]")
            };
            let DeValue::Array(items) = value else {
                return wrong_type(r, span, name, &format!("een lijst tabellen {inner}"), value);
            };
            let mut ok = true;
            for item in items.iter_mut() {
                let item_span = item.span();
                match item.get_mut() {
                    DeValue::Table(table) => {
                        ok &= check_table(r, table, item_span, &inner, fields);
                    }
                    other => {
                        ok = false;
                        r.error(
                            item_span,
                            format!(
                                "elk element van '{name}' moet een tabel zijn, maar dit is {}",
                                type_name(other)
                            ),
                        )
                        .hint(format!(
                            "schrijf elk element als een blok dat begint met {inner}"
                        ));
                    }
                }
            }
            return ok;
        }
    }
    true
}

fn wrong_type(
    r: &mut Reporter<'_>,
    span: Range<usize>,
    name: &str,
    want: &str,
    got: &DeValue<'_>,
) -> bool {
    r.error(
        span,
        format!("'{name}' moet {want} zijn, maar is {}", type_name(got)),
    );
    false
}

fn quoted(values: &[&str]) -> String {
    let v: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    v.join(", ")
}

/// Dutch name of a TOML value's type.
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "tekst",
        DeValue::Integer(_) => "een geheel getal",
        DeValue::Float(_) => "een kommagetal",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "een datum/tijd",
        DeValue::Array(_) => "een lijst",
        DeValue::Table(_) => "een tabel",
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::*;
    use super::super::problem::Reporter;
    use super::*;

    /// A dialogue with every optional field set and every list non-empty.
    fn everything() -> Dialogue {
        let s = |t: &str| t.to_string();
        Dialogue {
            id: s("d"),
            title: s("t"),
            werkprocessen: vec![s("P4-K2-W3")],
            language: Language::En,
            level: 2,
            minutes: 5,
            start: Some(s("a")),
            briefing: Briefing {
                role: s("r"),
                company: s("c"),
                goal: s("g"),
                facts: vec![s("f")],
            },
            persona: Persona {
                name: s("n"),
                role: s("r"),
                company: s("c"),
                mood: s("m"),
                register: Register::Je,
            },
            criteria: vec![Criterion {
                id: s("k"),
                werkproces: s("P4-K2-W3"),
                gedrag: s("g"),
                label: s("l"),
                tip: s("t"),
            }],
            rules: vec![RuleDef {
                id: s("r"),
                keywords: Some(vec![s("w")]),
                regex: Some(s("x")),
                amount: Some(s("1")),
                tolerance: Some(s("0.1")),
                description: s("d"),
                must_match: vec![s("m")],
                must_not_match: vec![s("n")],
            }],
            steps: vec![Step {
                id: s("a"),
                customer: vec![s("c")],
                end: true,
                hint: Some(s("h")),
                retry: vec![s("r")],
                max_retries: 2,
                expect: vec![Expectation {
                    behaviour: s("groet"),
                    required: true,
                    weight: 2,
                    criterion: s("k"),
                    hit: s("h"),
                    miss: s("m"),
                }],
                avoid: vec![Avoidance {
                    behaviour: s("onprofessioneel"),
                    criterion: s("k"),
                    feedback: s("f"),
                    weight: 3,
                }],
                next: vec![Branch {
                    when: vec![s("groet")],
                    when_any: vec![s("groet")],
                    unless: vec![s("groet")],
                    goto: s("a"),
                }],
                tells: vec![s("t")],
                known: vec![KnownCase {
                    topics: vec![s("t")],
                    customer: vec![s("c")],
                    goto: Some(s("a")),
                }],
                reactions: vec![reaction()],
            }],
            examples: vec![Transcript {
                name: s("e"),
                seed: 7,
                replies: vec![s("r")],
                path: vec![s("a")],
                score: 50,
                met: vec![s("k")],
                not_met: vec![s("k")],
                answered: vec![s("t")],
            }],
            knowledge: vec![Topic {
                id: s("t"),
                about: s("a"),
                keywords: vec![s("k")],
                patterns: vec![s("p")],
                behaviours: vec![s("groet")],
                answer: vec![s("a")],
                must_match: vec![s("m")],
                must_not_match: vec![s("n")],
            }],
            unknown: vec![s("u")],
            reactions: vec![reaction()],
            max_discount: Some(10),
        }
    }

    fn reaction() -> Reaction {
        let s = |t: &str| t.to_string();
        Reaction {
            id: s("r"),
            when: vec![s("groet")],
            when_any: vec![s("groet")],
            unless: vec![s("groet")],
            before: vec![s("a")],
            customer: vec![s("c")],
            off: true,
        }
    }

    fn shape_problems(text: &str, fields: &[Field]) -> Vec<String> {
        let (mut root, errors) = DeTable::parse_recoverable(text);
        assert!(errors.is_empty(), "{errors:?}");
        let mut r = Reporter::new("x", text);
        let span = root.span();
        check_table(&mut r, root.get_mut(), span, "het bestand", fields);
        r.finish().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_schema_knows_every_field_of_the_dialogue_model() {
        let text = toml::to_string(&everything()).unwrap();
        assert_eq!(shape_problems(&text, DIALOGUE), Vec::<String>::new());
        // And the other way round: what the schema accepts, serde reads back.
        let back: Dialogue = toml::from_str(&text).unwrap();
        assert_eq!(back, everything());
    }

    #[test]
    fn the_schema_knows_every_field_of_the_catalogue_model() {
        let catalogue = crate::dialogue::Catalogue {
            kerntaken: vec![crate::dialogue::Kerntaak {
                code: "K".into(),
                title: "t".into(),
                part: "p".into(),
            }],
            werkprocessen: vec![crate::dialogue::Werkproces {
                code: "W".into(),
                kerntaak: "K".into(),
                title: "t".into(),
                gedrag: vec!["g".into()],
            }],
        };
        let text = toml::to_string(&catalogue).unwrap();
        assert_eq!(shape_problems(&text, CATALOGUE), Vec::<String>::new());
    }

    #[test]
    fn every_required_schema_field_is_required_by_the_model_too() {
        // Dropping a field the schema calls required must make serde fail,
        // otherwise the schema is stricter than the documented format.
        let full = toml::to_string(&everything()).unwrap();
        for field in DIALOGUE.iter().filter(|f| f.required) {
            let mut table: toml::Table = toml::from_str(&full).unwrap();
            table.remove(field.name);
            let text = toml::to_string(&table).unwrap();
            assert!(
                toml::from_str::<Dialogue>(&text).is_err(),
                "'{}' is required in the schema but optional in the model",
                field.name
            );
        }
    }
}

//! Hints and tips that give away the result of a calculation the student is
//! asked to make. A teacher explains how to calculate ("aantal × prijs, dan
//! de korting eraf"); a hint that states the result leaves nothing to
//! practise, and one read just before the customer asks again hands the
//! student the answer. Shared by dialogues and webcare shifts.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Seg;
use crate::dialogue::model::{Criterion, Expectation, RuleDef};
use crate::matching::amount;

/// How to fix a text that gives a result away (Dutch: teachers read it).
pub(crate) const HINT: &str = "noem de rekenstappen in woorden (bijv. \"aantal × prijs per stuk, dan de korting eraf, dan de btw erbij\"), niet de uitkomst of een tussenuitkomst";

/// A text the student reads, and where it is in the file.
pub(crate) struct Shown<'t> {
    pub path: Vec<Seg<'static>>,
    /// How the warning names it, e.g. "de hint van stap 'prijs'".
    pub what: String,
    pub text: &'t str,
}

/// A place that asks for behaviours (a step, a message, a criterion) and
/// the texts it shows while the student works on them.
pub(crate) struct Asking<'t> {
    pub behaviours: Vec<&'t str>,
    pub texts: Vec<Shown<'t>>,
}

/// The result of an amount rule, as the matcher accepts it in a reply.
struct Calculated<'t> {
    rule: &'t str,
    value: Decimal,
    tolerance: Decimal,
    percent: bool,
}

/// Each criterion's tip, asking for the behaviours that count towards it: the
/// tip is read on the scorecard, and the student may practise again.
pub(crate) fn criterion_tips<'t>(
    criteria: &'t [Criterion],
    expectations: impl Iterator<Item = &'t Expectation> + Clone,
) -> Vec<Asking<'t>> {
    criteria
        .iter()
        .enumerate()
        .map(|(k, criterion)| Asking {
            behaviours: expectations
                .clone()
                .filter(|e| e.criterion == criterion.id)
                .map(|e| e.behaviour.as_str())
                .collect(),
            texts: vec![Shown {
                path: vec![Seg::K("criteria"), Seg::I(k), Seg::K("tip")],
                what: format!("de tip van criterium '{}'", criterion.id),
                text: &criterion.tip,
            }],
        })
        .collect()
}

/// Every text that states the result of an amount rule its place asks for,
/// or works out a step of it: the path and the warning (Dutch), in the order
/// given.
pub(crate) fn given_away(
    rules: &[RuleDef],
    asking: &[Asking<'_>],
) -> Vec<(Vec<Seg<'static>>, String)> {
    let results: HashMap<&str, Calculated<'_>> = rules
        .iter()
        .filter_map(|r| Some((r.id.as_str(), calculated(r)?)))
        .collect();
    let mut out = Vec::new();
    if results.is_empty() {
        return out;
    }
    for place in asking {
        let asked: Vec<&Calculated<'_>> = place
            .behaviours
            .iter()
            .filter_map(|b| results.get(b))
            .collect();
        if asked.is_empty() {
            continue;
        }
        for shown in &place.texts {
            let hit = amount::stated_numbers(shown.text)
                .into_iter()
                .find_map(|n| {
                    asked
                        .iter()
                        .find(|r| {
                            r.percent == n.percent
                                && n.readings
                                    .iter()
                                    .any(|v| (*v - r.value).abs() <= r.tolerance)
                        })
                        .map(|r| (n.text, r.rule))
                });
            if let Some((number, rule)) = hit {
                out.push((
                    shown.path.clone(),
                    format!(
                        "{} noemt de uitkomst van regel '{rule}' ({number}): dan hoeft de student niet meer zelf te rekenen",
                        shown.what
                    ),
                ));
            } else if let Some(worked) = worked_out(shown.text) {
                out.push((
                    shown.path.clone(),
                    format!(
                        "{} rekent een stap al voor (\"{worked}\"): dan hoeft de student niet meer zelf te rekenen",
                        shown.what
                    ),
                ));
            }
        }
    }
    out
}

/// A step worked out in the text: "= 34", "= € 222" (an `=` followed by a
/// number that is not the start of a formula, as in "= 84.000 / 600.000").
/// Catches intermediate results, which no rule states.
fn worked_out(text: &str) -> Option<String> {
    text.match_indices('=').find_map(|(at, _)| {
        let rest = &text[at + 1..];
        let number_at = rest.len() - rest.trim_start_matches([' ', '€', '\u{a0}']).len();
        let number = &rest[number_at..];
        let digits = number
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(number.len());
        if digits == 0 || !number.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let after = number[digits..].trim_start();
        let formula = after.starts_with(['×', 'x', '*', '/', '÷', '−', '-', '+']);
        let value = number[..digits].trim_end_matches(['.', ',']);
        let euro = if rest[..number_at].contains('€') {
            "€ "
        } else {
            ""
        };
        (!formula).then(|| format!("= {euro}{value}"))
    })
}

/// The rule's result and tolerance, read as `LocalRule::compile` reads them;
/// `None` for a rule without (a valid) `amount`, reported elsewhere.
fn calculated(rule: &RuleDef) -> Option<Calculated<'_>> {
    let expr = rule.amount.as_deref()?;
    let (expr, percent) = match expr.trim_end().strip_suffix('%') {
        Some(calculation) => (calculation, true),
        None => (expr, false),
    };
    let tolerance = match &rule.tolerance {
        Some(t) => amount::evaluate(t).ok()?,
        None => Decimal::new(1, 2),
    };
    Some(Calculated {
        rule: &rule.id,
        value: amount::evaluate(expr).ok()?,
        tolerance,
        percent,
    })
}

//! Score and criteria of a session (docs/dialogue-format.md, "Score" and
//! "Criterion met").

use super::{Basis, CriterionResult, CriterionStatus, Scorecard, Session, Shown, Visit};
use crate::dialogue::{Criterion, Expectation, Prepared, Step};

/// The scorecard of `s` as it stands. Only visits the student replied to are
/// assessed (the end step takes no reply). After `/stop` (or a broken
/// dialogue) the rest of the conversation counts as not shown: the score is
/// divided by what was assessed plus the expectation weight of the steps a
/// student who shows everything would still have had ([`weight_from`]), so
/// stopping early never scores higher than going on (docs/dialogue-format.md,
/// "Score").
pub fn scorecard(d: &Prepared, s: &Session) -> Scorecard {
    let assessed: Vec<(&Visit, &Step)> = s
        .visits
        .iter()
        .filter(|v| v.replies > 0 || v.carried)
        .filter_map(|v| d.step(&v.step).map(|step| (v, step)))
        .filter(|(_, step)| !step.end)
        .collect();

    let mut total = 0u64;
    let mut gained = 0i64;
    for (visit, step) in &assessed {
        // A step passed with the credit of the reply before it counts only
        // what that reply showed: the student was never asked for the rest.
        for e in step
            .expect
            .iter()
            .filter(|e| !visit.carried || visit.shows(&e.behaviour))
        {
            total += u64::from(e.weight);
            if visit.shows(&e.behaviour) {
                gained += i64::from(e.weight);
            }
        }
        for a in &step.avoid {
            if visit.shows(&a.behaviour) {
                gained -= i64::from(a.weight);
            }
        }
        // The warnings the engine gives where the step's author did not
        // (docs/dialogue-format.md, "Warnings everywhere") cost points too.
        if super::unprofessional_warning(d, step, *visit).is_some() {
            gained -= 1;
        }
        if visit.shows(crate::dialogue::ABOVE_MANDATE) && super::unwarned(step, *visit) {
            gained -= 2;
        }
    }

    let ended_early = s.finished && d.step(&s.current_step).is_none_or(|st| !st.end);
    if ended_early {
        total += rest_weight(d, s);
    } else if s.finished {
        // The customer ended it before some criteria came up at all (he
        // walked off, or took the deal too early): as a teacher, a criterion
        // never reached is not shown. Its weight on the path of a student who
        // shows everything counts in what the score is divided by.
        total += unreached_weight(d, &assessed);
    }

    let criteria = d
        .dialogue
        .criteria
        .iter()
        .map(|c| {
            let mut tally = Tally::default();
            for (visit, step) in &assessed {
                for e in step
                    .expect
                    .iter()
                    .filter(|e| e.criterion == c.id)
                    .filter(|e| !visit.carried || visit.shows(&e.behaviour))
                {
                    let quote = visit.quote(&e.behaviour);
                    tally.expectation(e, quote.is_some(), quote);
                }
                tally.avoid_fired |= step
                    .avoid
                    .iter()
                    .any(|a| a.criterion == c.id && visit.shows(&a.behaviour));
            }
            tally.result(c)
        })
        .collect();

    Scorecard {
        dialogue_id: d.dialogue.id.clone(),
        title: d.dialogue.title.clone(),
        score: percentage(gained, total),
        points: gained,
        of: total,
        werkprocessen: d.dialogue.werkprocessen.clone(),
        criteria,
        path: s.path(),
        stopped: s.stopped,
        hints: s.hints,
        answered: s.answered.clone(),
        language: d.dialogue.language,
    }
}

/// The expectation weight still ahead of a conversation that stopped: the
/// current step when it got no reply yet, then the steps a student who shows
/// everything would go through to an end step.
fn rest_weight(d: &Prepared, s: &Session) -> u64 {
    let Some(step) = d.step(&s.current_step) else {
        return 0;
    };
    let answered = s
        .visits
        .last()
        .is_some_and(|v| v.step == step.id && (v.replies > 0 || v.carried));
    let seen: Vec<String> = if answered {
        vec![step.id.clone()]
    } else {
        Vec::new()
    };
    let from = if answered {
        ideal_next(step)
    } else {
        Some(step.id.clone())
    };
    weight_from(d, from, seen)
}

/// The weight, on the path of a student who shows everything, of the
/// criteria that no assessed step had an expectation for.
fn unreached_weight(d: &Prepared, assessed: &[(&Visit, &Step)]) -> u64 {
    let reached = |c: &str| {
        assessed.iter().any(|(_, st)| {
            st.expect.iter().any(|e| e.criterion == c) || st.avoid.iter().any(|a| a.criterion == c)
        })
    };
    let dialogue = &d.dialogue;
    let mut id = dialogue
        .start
        .clone()
        .or_else(|| dialogue.steps.first().map(|s| s.id.clone()));
    let mut seen: Vec<String> = Vec::new();
    let mut weight = 0u64;
    while let Some(step) = id.as_deref().and_then(|i| d.step(i)) {
        if step.end || seen.contains(&step.id) {
            break;
        }
        seen.push(step.id.clone());
        weight += step
            .expect
            .iter()
            .filter(|e| !reached(&e.criterion))
            .map(|e| u64::from(e.weight))
            .sum::<u64>();
        id = ideal_next(step);
    }
    weight
}

/// The expectation weight along the path of a student who shows every
/// expectation of every step (and nothing to avoid), from step `id` to an end
/// step; a loop back to a step in `seen` or already on the path ends it.
pub(crate) fn weight_from(d: &Prepared, mut id: Option<String>, mut seen: Vec<String>) -> u64 {
    let mut weight = 0u64;
    while let Some(step) = id.as_deref().and_then(|i| d.step(i)) {
        if step.end || seen.contains(&step.id) {
            break;
        }
        seen.push(step.id.clone());
        weight += step.expect.iter().map(|e| u64::from(e.weight)).sum::<u64>();
        id = ideal_next(step);
    }
    weight
}

/// The step a reply that shows every expectation of `step` leads to.
fn ideal_next(step: &Step) -> Option<String> {
    let ideal = Visit {
        step: step.id.clone(),
        replies: 1,
        retries: 0,
        questions: 0,
        carried: false,
        shown: step
            .expect
            .iter()
            .map(|e| Shown {
                behaviour: e.behaviour.clone(),
                quote: String::new(),
            })
            .collect(),
    };
    super::choose_branch(step, &ideal).map(str::to_string)
}

/// What one criterion gathered over the assessed parts of an attempt (steps
/// of a dialogue, messages of a webcare shift); [`Tally::result`] applies the
/// "Criterion met" rule of docs/dialogue-format.md.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    visited: bool,
    required_missing: bool,
    pub(crate) avoid_fired: bool,
    weight: u64,
    shown: u64,
    quote: Option<String>,
    /// Weight of the expectation the quote comes from: the heaviest shown
    /// expectation gives the quote, so it is evidence of the criterion itself
    /// rather than of a greeting that also counts towards it.
    quote_weight: u64,
}

impl Tally {
    /// Counts one assessed expectation for the criterion.
    pub(crate) fn expectation(&mut self, e: &Expectation, shown: bool, quote: Option<&str>) {
        self.visited = true;
        self.weight += u64::from(e.weight);
        if shown {
            self.shown += u64::from(e.weight);
            // A greeting, thanks or the form of address says little about a
            // criterion such as "stuurt aan op akkoord": any other shown
            // expectation quotes first.
            let generic = matches!(
                e.behaviour.as_str(),
                "groet" | "u-vorm" | "je-vorm" | "bedanken"
            );
            let weight =
                u64::from(!generic) * 1000 + u64::from(e.weight) * 2 + u64::from(e.required);
            if let Some(q) = quote.filter(|_| self.quote.is_none() || weight > self.quote_weight) {
                self.quote = Some(q.to_string());
                self.quote_weight = weight;
            }
        } else if e.required {
            self.required_missing = true;
        }
    }

    pub(crate) fn result(self, c: &Criterion) -> CriterionResult {
        let status = if self.avoid_fired {
            CriterionStatus::NotMet
        } else if !self.visited {
            CriterionStatus::NotAssessed
        } else if !self.required_missing && 2 * self.shown >= self.weight {
            CriterionStatus::Met
        } else {
            CriterionStatus::NotMet
        };
        CriterionResult {
            id: c.id.clone(),
            label: c.label.clone(),
            gedrag: c.gedrag.clone(),
            werkproces: c.werkproces.clone(),
            status,
            quote: self.quote,
            tip: c.tip.clone(),
            basis: Some(Basis {
                shown: self.shown,
                of: self.weight,
                required_missing: self.required_missing,
                warned: self.avoid_fired,
            }),
        }
    }
}

/// round(100 × gained / total), half up, clamped to 0-100; 100 when nothing
/// was assessed.
fn percentage(gained: i64, total: u64) -> u32 {
    if total == 0 {
        return 100;
    }
    if gained <= 0 {
        return 0;
    }
    let (gained, total) = (gained as u64, total);
    let rounded = (200 * gained + total) / (2 * total);
    rounded.min(100) as u32
}

#[cfg(test)]
mod tests {
    use super::percentage;

    #[test]
    fn percentages_round_half_up_and_clamp() {
        assert_eq!(percentage(1, 3), 33);
        assert_eq!(percentage(2, 3), 67);
        assert_eq!(percentage(1, 8), 13);
        assert_eq!(percentage(-2, 3), 0);
        assert_eq!(percentage(5, 3), 100);
        assert_eq!(percentage(0, 0), 100);
    }
}

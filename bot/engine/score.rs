//! Score and criteria of a session (docs/dialogue-format.md, "Score" and
//! "Criterion met").

use super::{CriterionResult, CriterionStatus, Scorecard, Session, Visit};
use crate::dialogue::{Criterion, Expectation, Prepared, Step};

/// The scorecard of `s` as it stands. Only visits the student replied to are
/// assessed: the end step takes no reply, and after `/stop` the unanswered
/// current step does not count against the student.
pub fn scorecard(d: &Prepared, s: &Session) -> Scorecard {
    let assessed: Vec<(&Visit, &Step)> = s
        .visits
        .iter()
        .filter(|v| v.replies > 0)
        .filter_map(|v| d.step(&v.step).map(|step| (v, step)))
        .filter(|(_, step)| !step.end)
        .collect();

    let mut total = 0u64;
    let mut gained = 0i64;
    for (visit, step) in &assessed {
        for e in &step.expect {
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
    }

    let criteria = d
        .dialogue
        .criteria
        .iter()
        .map(|c| {
            let mut tally = Tally::default();
            for (visit, step) in &assessed {
                for e in step.expect.iter().filter(|e| e.criterion == c.id) {
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
        werkprocessen: d.dialogue.werkprocessen.clone(),
        criteria,
        path: s.path(),
        stopped: s.stopped,
        hints: s.hints,
        answered: s.answered.clone(),
        language: d.dialogue.language,
    }
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
}

impl Tally {
    /// Counts one assessed expectation for the criterion.
    pub(crate) fn expectation(&mut self, e: &Expectation, shown: bool, quote: Option<&str>) {
        self.visited = true;
        self.weight += u64::from(e.weight);
        if shown {
            self.shown += u64::from(e.weight);
            if let Some(q) = quote {
                self.quote.get_or_insert_with(|| q.to_string());
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

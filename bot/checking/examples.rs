//! A dialogue file's own examples, all of them: the samples (`dialogue`)
//! and the example transcripts through the engine, and the verdict on one
//! uploaded file (check and test together).

use crate::dialogue::{Catalogue, ExampleOutcome, Prepared, Problem, check_source, run_samples};
use crate::matching::Matcher;

/// Runs every sample and every example transcript of `p`.
pub fn run_examples(p: &Prepared, m: &Matcher) -> Vec<ExampleOutcome> {
    let mut outcomes = run_samples(p, m);
    outcomes.extend(super::transcripts::run_transcripts(p, m));
    outcomes
}

/// The verdict on an uploaded (or any single) dialogue file: `check` and
/// `test` together, exactly as the command line does them.
#[derive(Debug)]
pub struct Verified {
    /// The dialogue, when it has no errors.
    pub prepared: Option<Prepared>,
    /// Every problem `check` found (errors and warnings).
    pub problems: Vec<Problem>,
    /// Every sample and example transcript `test` ran (empty with errors).
    pub outcomes: Vec<ExampleOutcome>,
}

impl Verified {
    /// True when the file has no errors and every example passed.
    pub fn accepted(&self) -> bool {
        self.prepared.is_some()
            && !self.problems.iter().any(Problem::is_error)
            && self.outcomes.iter().all(ExampleOutcome::passed)
    }
}

/// Checks a file's bytes and, when it has no errors, runs its examples.
pub fn verify(name: &str, bytes: &[u8], catalogue: &Catalogue, matcher: &Matcher) -> Verified {
    let (prepared, problems) = check_source(name, bytes, catalogue);
    let outcomes = prepared
        .as_ref()
        .map(|p| run_examples(p, matcher))
        .unwrap_or_default();
    Verified {
        prepared,
        problems,
        outcomes,
    }
}

//! A dialogue file's own examples, all of them: the samples (`dialogue`)
//! and the example transcripts through the engine, and the verdict on one
//! uploaded file (check and test together).

use crate::dialogue::{Catalogue, ExampleOutcome, Prepared, Problem, check_source, run_samples};
use crate::matching::Matcher;
use crate::webcare::PreparedScenario;

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

/// The verdict on an uploaded webcare scenario file: `check` and `test`
/// together, as for a dialogue ([`verify`]).
#[derive(Debug)]
pub struct VerifiedScenario {
    /// The scenario, when it has no errors.
    pub prepared: Option<PreparedScenario>,
    /// Every problem `check` found (errors and warnings).
    pub problems: Vec<Problem>,
    /// Every rule and topic sample and example shift `test` ran (empty with
    /// errors).
    pub outcomes: Vec<ExampleOutcome>,
}

impl VerifiedScenario {
    /// True when the file has no errors and every example passed.
    pub fn accepted(&self) -> bool {
        self.prepared.is_some()
            && !self.problems.iter().any(Problem::is_error)
            && self.outcomes.iter().all(ExampleOutcome::passed)
    }
}

/// Checks a webcare file's bytes and, when it has no errors, runs its rule
/// samples and example shifts (`webcare::transcripts::run_examples`).
pub fn verify_scenario(
    name: &str,
    bytes: &[u8],
    catalogue: &Catalogue,
    matcher: &Matcher,
) -> VerifiedScenario {
    let text = match crate::dialogue::source::decode(name, bytes) {
        Ok(text) => text,
        Err(problem) => {
            return VerifiedScenario {
                prepared: None,
                problems: vec![problem],
                outcomes: Vec::new(),
            };
        }
    };
    let (prepared, problems, _) = crate::webcare::check_scenario_source(name, text, catalogue);
    let outcomes = prepared
        .as_ref()
        .map(|p| crate::webcare::transcripts::run_examples(p, matcher))
        .unwrap_or_default();
    VerifiedScenario {
        prepared,
        problems,
        outcomes,
    }
}

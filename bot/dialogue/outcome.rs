//! What running a sample or an example transcript gives, and the evidence
//! in words: shared by the samples ([`super::examples`]) and the example
//! transcripts ([`super::transcripts`]), so neither imports the other for it.

use std::fmt;

use crate::matching::Detection;

/// The result of one sample or one example transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleOutcome {
    /// The dialogue's id.
    pub dialogue: String,
    /// What was tested, e.g. `regel 'noemt-demo', match "Zal ik ..."`.
    pub name: String,
    /// Empty when it passed; otherwise one line per mismatch, with evidence.
    pub failures: Vec<String>,
}

impl ExampleOutcome {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for ExampleOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.passed() { "geslaagd" } else { "MISLUKT" };
        write!(f, "{verdict}: {} — {}", self.dialogue, self.name)?;
        for line in &self.failures {
            write!(f, "\n    {line}")?;
        }
        Ok(())
    }
}

/// The evidence of a detection in words: `'woord' (via regel, ontkend)`.
/// With `only`, just the evidence for that behaviour.
pub fn evidence_text(det: &Detection, only: Option<&str>) -> String {
    let items: Vec<String> = det
        .evidence
        .iter()
        .filter(|e| only.is_none_or(|id| e.behaviour == id))
        .map(|e| {
            let negated = if e.negated {
                ", ontkend: telt niet"
            } else {
                ""
            };
            format!("{} = '{}' ({}{negated})", e.behaviour, e.matched, e.rule)
        })
        .collect();
    items.join(", ")
}

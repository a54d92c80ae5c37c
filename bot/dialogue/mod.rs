//! Dialogue files: the format (serde + TOML), one file's validation, the
//! werkproces catalogue, and running a file's own rule and topic samples.
//!
//! Everything works on bytes first, so a teacher's upload is checked exactly
//! like a file in `dialogues/`, and no input makes it panic or work without
//! bound (size limit, nesting limit, capped problem lists, regex size limit):
//! - [`check_source`]: one file's bytes -> prepared dialogue (when there are
//!   no errors) plus every [`Problem`] with line and column, in Dutch.
//! - [`Catalogue`]: `werkprocessen.toml`, looked up by code.
//! - [`run_samples`]: a file's rule and knowledge samples.
//!
//! Folders, webcare scenarios among the files, example transcripts (which
//! need the engine) and the `check` and `test` commands are
//! `crate::checking`'s: this module depends on neither the engine nor
//! webcare.

pub mod catalogue;
mod examples;
mod load;
pub mod model;
mod outcome;
pub(crate) mod problem;
pub(crate) mod schema;
pub(crate) mod source;
pub(crate) mod validate;

pub use catalogue::{CATALOGUE_FILE, Catalogue, Kerntaak, Werkproces};
pub use examples::{
    ExampleOutcome, evidence_text, run_rule_samples, run_samples, run_topic_samples,
};
pub use load::check_source;
pub(crate) use load::check_source_at;
pub use model::*;
pub use problem::{MAX_PROBLEMS, Problem, Severity, closest};
pub use source::MAX_FILE_BYTES;

use crate::knowledge::Knowledge;
use crate::matching::{LocalRule, RuleError};

/// A dialogue ready for the engine: the file's data plus its compiled local rules.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub dialogue: Dialogue,
    /// Compiled `[[rules]]`, in file order.
    pub rules: Vec<LocalRule>,
    /// Compiled `[[knowledge]]`, in file order.
    pub knowledge: Knowledge,
}

impl Prepared {
    /// Compiles the local rules. Full validation (with positions) is the
    /// loader's job; this only fails on rules that cannot be compiled.
    pub fn new(dialogue: Dialogue) -> Result<Prepared, RuleError> {
        let rules = dialogue
            .rules
            .iter()
            .map(|r| LocalRule::compile(&r.spec()))
            .collect::<Result<Vec<_>, _>>()?;
        let knowledge = Knowledge::compile(&dialogue.knowledge, dialogue.language)?;
        Ok(Prepared {
            dialogue,
            rules,
            knowledge,
        })
    }

    /// The compiled local rule with this id.
    pub fn rule(&self, id: &str) -> Option<&LocalRule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The knowledge topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.dialogue.knowledge.iter().find(|t| t.id == id)
    }

    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.dialogue.steps.iter().find(|s| s.id == id)
    }
}

//! Dialogue files: the format (serde + TOML), loading and validation, the
//! werkproces catalogue, and running a file's own samples and transcripts.
//!
//! Everything works on bytes first, so a teacher's upload is checked exactly
//! like a file in `dialogues/`, and no input makes it panic or work without
//! bound (size limit, nesting limit, capped problem lists, regex size limit):
//! - [`check_source`]: one file's bytes -> prepared dialogue (when there are
//!   no errors) plus every [`Problem`] with line and column, in Dutch.
//! - [`load_dir`], [`check_dir`], [`check_path`], [`find_by_id`]: folders and
//!   files, with duplicate ids across files.
//! - [`Catalogue`]: `werkprocessen.toml`, looked up by code.
//! - [`run_examples`]: a file's rule samples and example transcripts
//!   ([`run_samples`], [`run_transcripts`]), for `gesprekscoach test`.
//! - [`verify`]: check and test one uploaded dialogue in one call (webcare
//!   scenarios have their own loader in `crate::webcare`).
//! - [`commands`]: the output of `gesprekscoach check` and `test`.

pub mod catalogue;
pub mod commands;
mod examples;
mod load;
pub mod model;
mod outcome;
pub(crate) mod problem;
pub(crate) mod schema;
pub(crate) mod source;
mod transcripts;
pub(crate) mod validate;

pub use catalogue::{CATALOGUE_FILE, Catalogue, Kerntaak, Werkproces};
pub use examples::{
    ExampleOutcome, Verified, evidence_text, run_examples, run_rule_samples, run_samples,
    run_topic_samples, verify,
};
pub use load::{FindError, Report, check_dir, check_path, check_source, find_by_id, load_dir};
pub use model::*;
pub use problem::{MAX_PROBLEMS, Problem, Severity, closest};
pub use source::MAX_FILE_BYTES;
pub use transcripts::run_transcripts;

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

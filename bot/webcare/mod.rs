//! Webcare practice (B1-K2-W3 "Voert webcare uit"): a shift in which messages
//! arrive on several channels at scheduled moments and the student answers,
//! escalates and triages them.
//!
//! Owns the scenario format ([`model`], loaded from `type = "webcare"` files
//! next to the dialogues by [`load`]), the pure shift engine ([`shift`]:
//! `(session, input, now) -> (session, outputs)`, time is always an input),
//! scoring ([`score`]), the Dutch texts ([`render`]) and running a scenario's
//! example shifts ([`transcripts`]). Front ends (terminal, Telegram) drive the
//! engine with their own clock; the store persists [`ShiftSession`] as JSON.

pub mod load;
pub mod model;
pub mod render;
pub mod score;
pub mod shift;
pub mod transcripts;

pub use load::{check_scenario_source, declared_type};
pub use model::*;
pub use score::{MessageResult, ShiftReport};
pub use shift::{Input, Output, ShiftNotice, ShiftSession};

use crate::matching::{LocalRule, RuleError};

/// A scenario ready for the shift engine: the file's data plus its compiled
/// local rules.
#[derive(Debug, Clone)]
pub struct PreparedScenario {
    pub scenario: Scenario,
    pub rules: Vec<LocalRule>,
}

impl PreparedScenario {
    /// Compiles the local rules (full validation is the loader's job).
    pub fn new(scenario: Scenario) -> Result<PreparedScenario, RuleError> {
        let rules = scenario
            .rules
            .iter()
            .map(|r| LocalRule::compile(&r.spec()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PreparedScenario { scenario, rules })
    }

    pub fn message(&self, id: &str) -> Option<&Message> {
        self.scenario.messages.iter().find(|m| m.id == id)
    }

    pub fn rule_refs(&self) -> Vec<&LocalRule> {
        self.rules.iter().collect()
    }
}

#[cfg(test)]
mod tests;

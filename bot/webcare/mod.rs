//! Webcare practice (B1-K2-W3 "Voert webcare uit"): a shift in which messages
//! arrive on several channels at scheduled moments and the student answers,
//! escalates and triages them.
//!
//! Owns the scenario format ([`model`], loaded from `type = "webcare"` files
//! next to the dialogues by [`load`]), the pure shift engine ([`shift`]:
//! `(session, input, now) -> (session, outputs)`, time is always an input),
//! the session as plain data ([`session`]), scoring ([`score`]), the texts
//! ([`render`]) and running a scenario's example shifts ([`transcripts`]). Front ends (terminal, Telegram) drive the
//! engine with their own clock; the store persists [`ShiftSession`] as JSON.

pub mod load;
pub mod model;
pub mod render;
pub mod score;
pub mod session;
pub mod shift;
pub mod transcripts;

pub use load::{check_scenario_source, declared_type};
pub use model::*;
pub use score::{MessageResult, ShiftReport};
pub use shift::{Input, Output, ShiftNotice, ShiftSession};

use std::collections::BTreeMap;

use crate::knowledge::{Knowledge, Topic};
use crate::matching::{LocalRule, RuleError};

/// A scenario ready for the shift engine: the file's data plus its compiled
/// local rules and what each message's author knows.
#[derive(Debug, Clone)]
pub struct PreparedScenario {
    pub scenario: Scenario,
    pub rules: Vec<LocalRule>,
    /// Per message id: the topics its author can answer (its own and those
    /// of every message that can send it), compiled. Messages without any
    /// are absent.
    pub knowledge: BTreeMap<String, ThreadKnowledge>,
}

/// What the author of one message knows.
#[derive(Debug, Clone)]
pub struct ThreadKnowledge {
    /// Own topics first, then inherited ones, each id once.
    pub topics: Vec<Topic>,
    pub compiled: Knowledge,
}

impl PreparedScenario {
    /// Compiles the local rules and knowledge (full validation is the
    /// loader's job).
    pub fn new(scenario: Scenario) -> Result<PreparedScenario, RuleError> {
        let rules = scenario
            .rules
            .iter()
            .map(|r| LocalRule::compile(&r.spec()))
            .collect::<Result<Vec<_>, _>>()?;
        let knowledge = thread_knowledge(&scenario)?;
        Ok(PreparedScenario {
            scenario,
            rules,
            knowledge,
        })
    }

    /// What the author of message `id` knows, if anything.
    pub fn knowledge_of(&self, id: &str) -> Option<&ThreadKnowledge> {
        self.knowledge.get(id)
    }

    pub fn message(&self, id: &str) -> Option<&Message> {
        self.scenario.messages.iter().find(|m| m.id == id)
    }

    pub fn rule_refs(&self) -> Vec<&LocalRule> {
        self.rules.iter().collect()
    }
}

/// A follow-up is written by the same customer as the message that sends
/// it, so it knows what that message's author knows: each message's topics
/// flow down every `next` chain (own topics first; a chain ends where a
/// message was already visited).
fn thread_knowledge(sc: &Scenario) -> Result<BTreeMap<String, ThreadKnowledge>, RuleError> {
    let mut topics: BTreeMap<String, Vec<Topic>> = BTreeMap::new();
    for m in sc.messages.iter().filter(|m| !m.knowledge.is_empty()) {
        let mut stack = vec![m.id.clone()];
        let mut seen = std::collections::HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let list = topics.entry(id.clone()).or_default();
            for t in &m.knowledge {
                if !list.iter().any(|x| x.id == t.id) {
                    list.push(t.clone());
                }
            }
            if let Some(msg) = sc.messages.iter().find(|x| x.id == id) {
                stack.extend(msg.next.iter().map(|b| b.send.clone()));
            }
        }
    }
    let mut out = BTreeMap::new();
    for (id, mut list) in topics {
        // Own topics come first so that, when a follow-up redefines an id,
        // its own answer wins.
        if let Some(own) = sc.messages.iter().find(|m| m.id == id) {
            let mut ordered: Vec<Topic> = own.knowledge.clone();
            list.retain(|t| !ordered.iter().any(|o| o.id == t.id));
            ordered.extend(list);
            list = ordered;
        }
        let compiled = Knowledge::compile(&list, sc.language)?;
        out.insert(
            id,
            ThreadKnowledge {
                topics: list,
                compiled,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests;

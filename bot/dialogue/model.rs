//! The dialogue file format as plain data: what a teacher writes in
//! `dialogues/*.toml`, deserialised with serde. `docs/dialogue-format.md`
//! specifies it field by field; `dialogues/README.md` is the Dutch guide.
//!
//! Every struct rejects unknown fields so that a typo in a key is reported
//! instead of silently ignored.

use serde::{Deserialize, Serialize};

use crate::matching::LocalRuleSpec;

/// One role-play dialogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dialogue {
    /// Unique id: lowercase letters, digits and hyphens (`acquisitie-koud-bellen`).
    pub id: String,
    pub title: String,
    /// Werkproces codes this dialogue trains, e.g. `["P4-K2-W2"]`.
    pub werkprocessen: Vec<String>,
    pub language: Language,
    /// 1 = basis, 2 = gevorderd, 3 = examenniveau.
    pub level: u8,
    /// Expected duration in minutes.
    pub minutes: u32,
    /// Id of the first step; default: the first step in the file.
    #[serde(default)]
    pub start: Option<String>,
    pub briefing: Briefing,
    pub persona: Persona,
    /// Scoring criteria, each named after a Gedrag line of the dossier.
    pub criteria: Vec<Criterion>,
    /// Dialogue-local rules, referred to by id from `steps.expect.behaviour`.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    pub steps: Vec<Step>,
    /// Whole example conversations that document and test the file.
    #[serde(default)]
    pub examples: Vec<Transcript>,
    /// What the customer knows and can answer at any step.
    #[serde(default)]
    pub knowledge: Vec<Topic>,
    /// Said to a question about something the customer does not know;
    /// empty: the built-in lines of the dialogue's language.
    #[serde(default)]
    pub unknown: Vec<String>,
    /// How the customer reacts, as a person, to what a reply showed.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// The most discount (in percent) the student may give; set, a reply
    /// that offers more shows `korting-boven-mandaat` at every step
    /// (docs/dialogue-format.md, "Discount mandate"). `0`: no discount may
    /// be promised at all.
    #[serde(default)]
    pub max_discount: Option<u32>,
}

/// The behaviour a reply shows when it offers more discount than the
/// dialogue's `max_discount`.
pub const ABOVE_MANDATE: &str = "korting-boven-mandaat";

pub use crate::knowledge::Topic;

/// A reaction of the customer to what one reply showed. At step level, a
/// reaction with the id of a dialogue-level one overrides it at that step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    pub id: String,
    /// All of these were shown in the reply.
    #[serde(default)]
    pub when: Vec<String>,
    /// At least one of these was shown in the reply.
    #[serde(default)]
    pub when_any: Vec<String>,
    /// None of these was shown in the reply.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Only while none of these steps has been entered.
    #[serde(default)]
    pub before: Vec<String>,
    /// What the customer says; one variant is chosen.
    #[serde(default)]
    pub customer: Vec<String>,
    /// Step level only: silences the dialogue-level reaction of this id here.
    #[serde(default)]
    pub off: bool,
}

/// What a step does when some topics are already known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownCase {
    /// All of these topics are known.
    pub topics: Vec<String>,
    /// Said instead of the step's `customer` lines.
    #[serde(default)]
    pub customer: Vec<String>,
    /// Or: the step is skipped and this one entered instead.
    #[serde(default)]
    pub goto: Option<String>,
}

/// The dialogue's language: the matcher reads replies in it.
pub use crate::matching::Language;

/// What the student reads before the conversation starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// The student's role ("Je bent junior accountmanager bij ...").
    pub role: String,
    /// The student's company.
    pub company: String,
    /// The goal of the conversation.
    pub goal: String,
    /// Product or service facts the student may use: prices, delivery times, USPs.
    #[serde(default)]
    pub facts: Vec<String>,
}

/// The customer the bot plays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub name: String,
    pub role: String,
    pub company: String,
    pub mood: String,
    /// How the student should address this customer.
    pub register: Register,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    U,
    Je,
}

/// A scoring criterion, named after one Gedrag line of a werkproces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    /// The werkproces whose Gedrag line this is (one of the dialogue's werkprocessen).
    pub werkproces: String,
    /// The Gedrag line, as in the catalogue (`dialogues/werkprocessen.toml`).
    pub gedrag: String,
    /// Short label for scorecards, e.g. "Brengt de behoefte in kaart".
    pub label: String,
    /// Advice shown when the criterion was not met.
    pub tip: String,
}

/// A dialogue-local rule plus its samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Rule id, unique in the dialogue and different from catalogue ids.
    pub id: String,
    /// Words or phrases of which any one must occur (typo tolerant).
    #[serde(default)]
    pub keywords: Option<Vec<String>>,
    /// A regular expression matched against the normalised reply.
    #[serde(default)]
    pub regex: Option<String>,
    /// A calculation whose result the reply must state, e.g. `20 * 395 * 0.9 * 1.21`.
    #[serde(default)]
    pub amount: Option<String>,
    /// Allowed difference for `amount` (default `0.01`).
    #[serde(default)]
    pub tolerance: Option<String>,
    /// What the rule checks, in words (shown in feedback).
    pub description: String,
    /// Replies that must match this rule.
    #[serde(default, rename = "match")]
    pub must_match: Vec<String>,
    /// Replies that must not match this rule.
    #[serde(default, rename = "no_match")]
    pub must_not_match: Vec<String>,
}

/// One turn of the customer and what the student's reply should show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    /// What the customer says; one variant is chosen (seeded random).
    pub customer: Vec<String>,
    /// A closing step: the customer's line ends the conversation.
    #[serde(default)]
    pub end: bool,
    /// Shown on `/hint`.
    #[serde(default)]
    pub hint: Option<String>,
    /// What the customer says when a required behaviour is missing and a retry is left.
    #[serde(default)]
    pub retry: Vec<String>,
    /// How many times the customer asks again before moving on (default 1).
    #[serde(default = "default_max_retries")]
    pub max_retries: u32,
    #[serde(default)]
    pub expect: Vec<Expectation>,
    /// Behaviours that must not appear (e.g. `onprofessioneel`).
    #[serde(default)]
    pub avoid: Vec<Avoidance>,
    /// Branches, tried in order; the first whose condition holds wins. One
    /// without a condition is the default and must come last.
    #[serde(default)]
    pub next: Vec<Branch>,
    /// Topics this step's customer line states.
    #[serde(default)]
    pub tells: Vec<String>,
    /// Other lines, or a skip, when topics are already known; first match wins.
    #[serde(default)]
    pub known: Vec<KnownCase>,
    /// Reactions of this step only, or overrides of dialogue-level ones.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
}

impl RuleDef {
    /// The matcher's view of this rule.
    pub fn spec(&self) -> LocalRuleSpec {
        LocalRuleSpec {
            id: self.id.clone(),
            keywords: self.keywords.clone(),
            regex: self.regex.clone(),
            amount: self.amount.clone(),
            tolerance: self.tolerance.clone(),
        }
    }
}

fn default_max_retries() -> u32 {
    1
}

/// A behaviour expected in the reply at a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Catalogue behaviour id or local rule id.
    pub behaviour: String,
    #[serde(default)]
    pub required: bool,
    /// Relative weight in the score (default 1).
    #[serde(default = "default_weight")]
    pub weight: u32,
    /// The criterion this counts towards.
    pub criterion: String,
    /// Feedback when shown.
    pub hit: String,
    /// Feedback when missing.
    pub miss: String,
}

fn default_weight() -> u32 {
    1
}

/// A behaviour that must not appear at a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Avoidance {
    pub behaviour: String,
    /// The criterion that is not met when it appears.
    pub criterion: String,
    /// Feedback when it appears.
    pub feedback: String,
    /// Weight deducted (default 1).
    #[serde(default = "default_weight")]
    pub weight: u32,
}

/// Where the conversation goes after a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// All of these behaviours/rules were shown at this step.
    #[serde(default)]
    pub when: Vec<String>,
    /// At least one of these was shown.
    #[serde(default)]
    pub when_any: Vec<String>,
    /// None of these was shown.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Id of the next step.
    pub goto: String,
}

impl Branch {
    /// A branch without any condition: the default.
    pub fn is_default(&self) -> bool {
        self.when.is_empty() && self.when_any.is_empty() && self.unless.is_empty()
    }
}

/// An example conversation that must produce a given path and score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// e.g. "sterke student".
    pub name: String,
    /// Seed for the customer's variants (default 1).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The student's replies, in order.
    pub replies: Vec<String>,
    /// The step ids visited, in order, from the start step to the end step.
    pub path: Vec<String>,
    /// The score (0-100) the conversation must get.
    pub score: u32,
    /// Criterion ids that must be met (optional extra check).
    #[serde(default)]
    pub met: Vec<String>,
    /// Criterion ids that must not be met (optional extra check).
    #[serde(default)]
    pub not_met: Vec<String>,
    /// Topics the customer must have answered from its knowledge.
    #[serde(default)]
    pub answered: Vec<String>,
}

fn default_seed() -> u64 {
    1
}

//! The webcare scenario file format as plain data (`type = "webcare"` files in
//! `dialogues/`). `docs/webcare-format.md` specifies it field by field;
//! `dialogues/README.md` has the Dutch guide for teachers. Every struct
//! rejects unknown fields so a typo in a key is reported.

use serde::{Deserialize, Serialize};

use crate::dialogue::{Avoidance, Criterion, Expectation, Language, Register, RuleDef};
use crate::knowledge::Topic;

/// One webcare shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Always `"webcare"`: tells the loader this file is a shift, not a dialogue.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub title: String,
    pub werkprocessen: Vec<String>,
    pub language: Language,
    pub level: u8,
    /// Expected real duration in minutes (10-20 for a shift).
    pub minutes: u32,
    /// Length of the shift on the shift clock, in seconds. Messages still
    /// open at this moment count as unanswered.
    pub duration: u64,
    pub company: Company,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
    pub messages: Vec<Message>,
    /// Said to a question about something the customer does not know, in a
    /// thread whose customer has knowledge (without it: a built-in list in
    /// the scenario's language).
    #[serde(default)]
    pub unknown: Vec<String>,
    #[serde(default)]
    pub examples: Vec<ShiftTranscript>,
}

/// The company the student does webcare for, its voice and its mandate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    pub name: String,
    /// What the company does, for the briefing.
    pub about: String,
    /// The student's role ("Je werkt vandaag als webcaremedewerker ...").
    pub role: String,
    /// How replies address customers.
    pub register: Register,
    /// Every reply ends with this marker followed by the student's name or
    /// initials, e.g. `"^"` for `^Sanne`.
    pub signature: String,
    pub emoji: EmojiPolicy,
    /// Further house rules, shown in the briefing.
    #[serde(default)]
    pub guidelines: Vec<String>,
    /// What the student may decide alone.
    pub may_decide: Vec<String>,
    /// What must go to a colleague or manager.
    pub must_escalate: Vec<String>,
    /// Local rule ids that also count as asking for personal data (besides
    /// the catalogue's `vraagt-persoonsgegevens`).
    #[serde(default)]
    pub privacy_rules: Vec<String>,
    /// Local rule ids that also count as moving to a private channel
    /// (besides `naar-prive-kanaal`).
    #[serde(default)]
    pub private_channel_rules: Vec<String>,
    /// Local rule ids that also count as calling in a colleague (besides
    /// `escaleren`).
    #[serde(default)]
    pub escalation_rules: Vec<String>,
}

/// How many emoji a reply may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmojiPolicy {
    /// None at all.
    Geen,
    /// At most one per reply.
    Spaarzaam,
    /// No limit.
    Vrij,
}

/// Where a message was posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A public post about or to the company.
    Post,
    /// A public comment under one of the company's posts.
    Reactie,
    /// A public review.
    Review,
    /// A private (direct) message.
    Dm,
}

impl Channel {
    /// Public channels: everyone reads the reply, so no personal data.
    pub fn is_public(self) -> bool {
        !matches!(self, Channel::Dm)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Laag,
    Midden,
    Hoog,
}

/// One incoming message and what a good reply to it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Unique in the scenario; transcripts refer to it.
    pub id: String,
    pub channel: Channel,
    /// Where it appears, e.g. "Instagram", "Trustpilot".
    pub platform: String,
    pub author: String,
    pub text: String,
    /// Arrival on the shift clock, seconds from the start. Absent for a
    /// follow-up, which arrives when a `next` branch sends it.
    #[serde(default)]
    pub at: Option<u64>,
    pub impact: Level,
    pub urgency: Level,
    /// Response-time target in seconds: from arrival to the reply.
    pub target: u64,
    /// Whether the student must call in a colleague or manager.
    #[serde(default)]
    pub escalate: bool,
    /// Shown on `/hint`.
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub expect: Vec<Expectation>,
    #[serde(default)]
    pub avoid: Vec<Avoidance>,
    /// Follow-ups: the first branch whose condition holds for the reply sends
    /// its message `after` seconds after the reply.
    #[serde(default)]
    pub next: Vec<FollowUp>,
    /// What the author knows and answers when a reply asks (holds for this
    /// message and every follow-up it can send: the same customer).
    #[serde(default)]
    pub knowledge: Vec<Topic>,
    /// Topics this message's own text states (an order number sent in a
    /// DM): a question about them in the reply that sends it is answered by
    /// the message itself, not a second time before it.
    #[serde(default)]
    pub tells: Vec<String>,
}

/// A follow-up that depends on the reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// All of these behaviours were shown in the reply.
    #[serde(default)]
    pub when: Vec<String>,
    /// At least one was shown.
    #[serde(default)]
    pub when_any: Vec<String>,
    /// None was shown.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Only when the reply came after the target (true) or in time (false).
    #[serde(default)]
    pub late: Option<bool>,
    /// Id of the message to send.
    pub send: String,
    /// Seconds after the reply (default 60).
    #[serde(default = "default_after")]
    pub after: u64,
}

fn default_after() -> u64 {
    60
}

/// A scripted shift that must produce the given outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftTranscript {
    pub name: String,
    /// The student's actions in time order.
    pub actions: Vec<Action>,
    /// Stop the shift at this time instead of running it to `duration`.
    #[serde(default)]
    pub stop_at: Option<u64>,
    /// The shift score (0-100) it must get.
    pub score: u32,
    /// Message ids in the order they must have arrived (optional check).
    #[serde(default)]
    pub arrived: Vec<String>,
    /// Optional checks of shift parts, each 0-100.
    #[serde(default)]
    pub triage: Option<u32>,
    #[serde(default)]
    pub tone: Option<u32>,
    /// Per-message checks.
    #[serde(default)]
    pub outcomes: Vec<OutcomeCheck>,
    /// Knowledge topics the customers must have answered in this shift.
    #[serde(default)]
    pub answered: Vec<String>,
}

/// A reply and/or escalation at a moment of the shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Shift clock, seconds.
    pub at: u64,
    pub message: String,
    /// The reply (optional when the action only escalates).
    #[serde(default)]
    pub text: Option<String>,
    /// Calls in a colleague for this message (before the reply).
    #[serde(default)]
    pub escalate: bool,
}

/// What must be true for one message after the shift.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeCheck {
    pub message: String,
    #[serde(default)]
    pub score: Option<u32>,
    #[serde(default)]
    pub on_time: Option<bool>,
    #[serde(default)]
    pub escalation_ok: Option<bool>,
    #[serde(default)]
    pub privacy_ok: Option<bool>,
    /// Behaviours that must have been shown / must be missing.
    #[serde(default)]
    pub met: Vec<String>,
    #[serde(default)]
    pub missed: Vec<String>,
}

//! Where a shift stands, as plain serialisable data: the arrived posts with
//! the student's replies, what is still scheduled, the reflection. The shift
//! engine ([`super::shift`]) changes it and scoring ([`super::score`]) reads
//! it; neither needs the other's module for that.

use serde::{Deserialize, Serialize};

use crate::matching::Detection;

/// Where a shift stands; serialisable so a front end can store it after
/// every input and continue after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftSession {
    pub scenario_id: String,
    /// The shift clock as of the last input, seconds.
    pub now: u64,
    /// Arrived messages in arrival order; `number` is the position + 1.
    pub posts: Vec<Post>,
    /// Messages scheduled but not arrived yet.
    pub pending: Vec<Pending>,
    pub hints: u32,
    pub finished: bool,
    /// True when the student stopped before the end.
    pub stopped: bool,
    /// The student's reflection after the shift.
    pub reflection: Option<String>,
    /// The post a front end's "reply to this" button chose: a reply without a
    /// named message goes here (while it is open).
    #[serde(default)]
    pub focus: Option<u32>,
    /// Keys of the customers' answer lines said so far (no line twice).
    #[serde(default)]
    pub said: Vec<String>,
}

/// An arrived message and what the student did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub number: u32,
    pub message: String,
    pub arrived_at: u64,
    pub reply: Option<Reply>,
    /// When the student called in a colleague for it.
    pub escalated_at: Option<u64>,
    /// The customer's answer to a question in the reply that sent this
    /// follow-up, shown after the message's own text.
    #[serde(default)]
    pub answer: Option<String>,
}

/// The student's reply to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub at: u64,
    pub text: String,
    pub detection: Detection,
    /// What the customer answered to the reply's own questions: topics
    /// asked, or the line for a question it could not answer.
    #[serde(default)]
    pub answer: Option<CustomerAnswer>,
}

/// The customer's answer to a reply's own questions (not scored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAnswer {
    pub text: String,
    /// Ids of the topics answered; empty for an unknown question.
    pub topics: Vec<String>,
    /// Their `about` labels, for the teacher's view.
    pub about: Vec<String>,
    /// The student's question sentences it answers.
    pub questions: Vec<String>,
}

/// A message that will arrive at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub message: String,
    pub at: u64,
    /// An answer to put after the message's text (see [`Post::answer`]).
    #[serde(default)]
    pub answer: Option<String>,
}

impl ShiftSession {
    /// Posts still waiting for a reply, oldest first.
    pub fn open(&self) -> impl Iterator<Item = &Post> {
        self.posts.iter().filter(|p| p.reply.is_none())
    }

    pub fn post(&self, number: u32) -> Option<&Post> {
        self.posts.iter().find(|p| p.number == number)
    }

    pub fn post_of(&self, message: &str) -> Option<&Post> {
        self.posts.iter().find(|p| p.message == message)
    }

    /// When the next scheduled message arrives.
    pub fn next_arrival(&self) -> Option<u64> {
        self.pending.iter().map(|p| p.at).min()
    }

    /// Whether the student answered or passed on any message: a shift in
    /// which nothing was done scores 0 (see [`super::score`]) and has
    /// nothing to reflect on.
    pub fn acted(&self) -> bool {
        self.posts
            .iter()
            .any(|post| post.reply.is_some() || post.escalated_at.is_some())
    }

    /// Whether the finished shift asks for a reflection: a shift that ran to
    /// its end, and a stopped one in which the student did something (the
    /// reflection is part of the werkproces, also for a shift cut short);
    /// not a shift stopped before the first answer.
    pub fn asks_reflection(&self) -> bool {
        self.finished && (!self.stopped || self.acted())
    }

    /// True after the report, until the reflection is given (for a shift
    /// that asks for one).
    pub fn awaits_reflection(&self) -> bool {
        self.asks_reflection() && self.reflection.is_none()
    }
}

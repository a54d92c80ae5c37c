//! The Telegram front end: the only module that imports teloxide.
//!
//! - [`config`]: `serve`'s environment (token, API URL, webhook).
//! - [`runtime`]: polling / webhook, crash-safe inbox and outbox, graceful
//!   shutdown ([`start`], [`run`]); `chats`: per-chat ordering, handling
//!   an update in one unit, sending a chat's outbox.
//! - [`handler`]: update -> database writes + messages (engine in between);
//!   `decision` (its read-only context, the sender, the effects) and
//!   `writes` (the writes as data) are below every module that decides, so
//!   those need not import the handler.
//! - [`commands`]: the commands, for the menu and for reading them;
//!   [`buttons`]: what an inline button means, encoded in one place.
//! - [`send`]: message splitting and delivery rules (429, 403, network).
//! - [`chart`]: the `/voortgang` PNG.
//! - [`reports`]: `/overzicht` and `/leerling`, the class reports for teachers.
//! - [`teacher`]: roles (admin, teacher, student) and class management.
//! - [`upload`]: teachers' own dialogue files (checked, stored, offered).
//! - [`webcare`]: webcare shifts in the chat; `content`: which dialogue or
//!   scenario a button refers to (the library is `school::library`);
//!   `clock`: the clock shifts and the scheduler run on.
//! - [`assign`]: the commands of assignments, the weekly plan and reminders
//!   (reading them, rendering the school's outcomes, queueing the pushes);
//!   `scheduler`: runs the timed work on the bot's clock (the school's plan
//!   and reminder decisions, shift messages); [`bulk`]: the queue that
//!   sends pushes;
//!   [`pace`]: Telegram's messages-per-second budget, answers first.

mod api;
mod assign;
mod bulk;
pub mod buttons;
pub mod chart;
mod chats;
mod clock;
pub mod commands;
pub mod config;
mod content;
mod decision;
mod handler;
mod incoming;
pub mod pace;
mod reports;
mod runtime;
mod scheduler;
pub mod send;
mod teacher;
mod text;
mod upload;
pub mod webcare;
mod writes;

pub use assign::AssignmentAnnouncer;
pub use clock::ShiftClock;
pub use config::{ConfigError, TelegramConfig, WebhookConfig};
pub use handler::bot_commands;
pub use runtime::{BotHandle, run, run_on, start, start_on};

/// Failures that stop the bot or one update's handling (the update is then
/// answered with an apology; the bot goes on).
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("Telegram Bot API: {0}")]
    Api(#[from] teloxide::RequestError),
    #[error("cannot listen on {addr}")]
    Listen {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode as JSON")]
    Encode(#[from] serde_json::Error),
    #[error("class report")]
    Report(#[source] crate::report::ReportError),
    #[error("bot task failed")]
    Task(#[from] tokio::task::JoinError),
    /// A decision whose premise changed before its write (e.g. an invite
    /// used by someone else in between): the update is answered with an
    /// apology instead of a message that is no longer true.
    #[error("changed before it could be written: {0}")]
    Conflict(#[source] Conflict),
}

/// Why a decision's premise no longer held when its writes ran.
#[derive(Debug, thiserror::Error)]
pub enum Conflict {
    /// Another user redeemed the teacher invite in between.
    #[error("the teacher invite was taken")]
    InviteTaken(#[source] crate::school::classes::ClassChangeError),
    /// A write for a learner the update did not first touch: a decision
    /// that forgot its [`writes::Write::Touch`].
    #[error("a write for a new learner without the first contact before it")]
    NoFirstContact,
}

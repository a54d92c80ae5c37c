//! What deciding an update works with: the [`Context`] (read only), the
//! sender as a [`Student`], and the [`Effects`] a decision returns.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::store::ReadOnly;
use crate::store::classes::Class;
use crate::store::telegram as db;

use super::TelegramError;
use super::api::Api;
use super::clock::Settings;
use super::clock::ShiftClock;
use super::send::{Button, OutMessage};
use super::writes::{LearnerRef, Write};
use crate::school::library::Library;

/// What the handler needs: content, matcher and the store.
pub struct Context {
    /// Shipped dialogues and scenarios and teachers' uploads (shared with
    /// the dashboard when `serve` runs both).
    pub content: std::sync::Arc<Library>,
    /// Shared with upload verification, which runs on a blocking thread.
    pub matcher: std::sync::Arc<crate::matching::Matcher>,
    /// Read only: a decision cannot write; what it decides is applied by
    /// [`apply`] in the update's unit.
    pub store: ReadOnly,
    /// The clock webcare shifts run on.
    pub shift_clock: ShiftClock,
    /// `COACH_ADMIN_IDS`.
    pub admin_ids: Vec<i64>,
    /// For deep links; None when getMe failed at start-up.
    pub bot_username: Option<String>,
    /// Downloads and verification of teachers' dialogue files.
    pub uploads: UploadService,
    /// Clock and local time of assignments.
    pub assign: Settings,
    /// `COACH_DIALOGUES_DIR`: `/sjabloon` sends files from here.
    pub dialogues_dir: std::path::PathBuf,
    /// The dashboard's public address for `/dashboard` links (None: the
    /// school runs no dashboard).
    pub dashboard_url: Option<String>,
}

/// What uploads need besides the handler's context: the Bot API client for
/// downloads and a gate that lets one file be verified at a time.
pub struct UploadService {
    pub(super) api: Api,
    pub(super) verifying: Arc<Semaphore>,
}

impl UploadService {
    pub fn new(api: Api) -> UploadService {
        UploadService {
            api,
            verifying: Arc::new(Semaphore::new(1)),
        }
    }
}

/// The decision for one update.
#[derive(Debug, Default)]
pub struct Effects {
    pub writes: Vec<Write>,
    pub messages: Vec<OutMessage>,
}

impl Effects {
    pub(super) fn say(mut self, text: impl Into<String>) -> Effects {
        self.messages.extend(OutMessage::text(text));
        self
    }

    pub(super) fn say_with(
        mut self,
        text: impl Into<String>,
        buttons: Vec<Vec<Button>>,
    ) -> Effects {
        self.messages
            .extend(OutMessage::text_with_buttons(text, buttons));
        self
    }

    pub(super) fn write(mut self, w: Write) -> Effects {
        self.writes.push(w);
        self
    }

    /// These effects followed by `more` (e.g. a refusal after a button's
    /// callback answer).
    pub(super) fn and(mut self, more: Effects) -> Effects {
        self.writes.extend(more.writes);
        self.messages.extend(more.messages);
        self
    }
}

/// The sender (student, teacher or admin), as far as this update is concerned.
pub(super) struct Student {
    pub(super) user: db::TgUser,
    pub(super) learner: LearnerRef,
}

impl Student {
    /// The sender's open attempt.
    pub(super) async fn open_attempt(
        &self,
        ctx: &Context,
    ) -> Result<Option<crate::store::Attempt>, TelegramError> {
        Ok(match self.learner.stored() {
            Some(learner) => ctx.store.open_attempt(learner, None).await?,
            None => None,
        })
    }

    /// The sender's class, if they joined one.
    pub(super) async fn class(&self, ctx: &Context) -> Result<Option<Class>, TelegramError> {
        Ok(match self.learner.stored() {
            Some(learner) => ctx.store.read().await?.class_of_learner(learner).await?,
            None => None,
        })
    }
}

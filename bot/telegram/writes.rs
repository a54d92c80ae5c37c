//! The database writes a decision asks for, as data: [`Write`] and what its
//! variants carry. They are applied in the update's unit by the handler's
//! `apply` (each module applies its own kind); only data lives here, so
//! that the modules that decide and the one that applies need not import
//! each other.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::dialogue::{Catalogue, Prepared};
use crate::engine::{Scorecard, Session, TurnRecord};
use crate::school::assignments::{Assignment, Give};
use crate::school::auth::TeacherOf;
use crate::school::plans::PlanChange;
use crate::store::uploads::NewUpload;
use crate::store::{AttemptId, ClassId, LearnerId, ShiftId};
use crate::webcare::PreparedScenario;
use crate::webcare::shift::{Input, ShiftSession};

use super::send::OutMessage;

/// The sender's learner as an update sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnerRef {
    Known(LearnerId),
    /// A first contact: nothing is stored about them yet; the update's
    /// [`Write::Touch`] makes the learner, in the apply step.
    New,
}

impl LearnerRef {
    /// The learner to read about; None when nothing is stored yet.
    pub fn stored(self) -> Option<LearnerId> {
        match self {
            LearnerRef::Known(id) => Some(id),
            LearnerRef::New => None,
        }
    }
}

/// A database write decided by the handler.
#[derive(Debug)]
pub enum Write {
    /// First contact, or a new name or chat, or back after blocking the
    /// bot: the learner and the user row. Comes first in its update.
    Touch {
        user_id: i64,
        chat_id: i64,
        first_name: String,
    },
    StartAttempt {
        learner: LearnerRef,
        session: Session,
        werkprocessen: Vec<String>,
    },
    SaveTurn {
        attempt: AttemptId,
        session: Session,
        turn: Option<Box<TurnRecord>>,
        scorecard: Option<Box<Scorecard>>,
    },
    JoinClass {
        learner: LearnerRef,
        class: ClassId,
    },
    JoinFailed {
        user_id: i64,
    },
    /// A `/dashboard` login link: only the token's hash is kept.
    LoginLink {
        hash: String,
        user: i64,
        now: i64,
    },
    ForgetRequested {
        user_id: i64,
        at: Option<i64>,
    },
    Forget {
        user_id: i64,
        chat_id: i64,
        learner: LearnerRef,
    },
    SetInactive {
        user_id: i64,
        inactive: bool,
    },
    ShiftStart(Box<ShiftStart>),
    Shift(Box<ShiftWrite>),
    Teacher(crate::school::classes::ClassChange),
    Upload(UploadWrite),
    Assign(Box<AssignWrite>),
}

impl Write {
    /// Whether it queues bulk messages (pushes, reminders).
    pub fn queues_bulk(&self) -> bool {
        matches!(self, Write::Assign(w) if w.queues_bulk())
    }
}

/// A shift step to run inside the update's (or the ticker's) transaction.
#[derive(Debug)]
pub struct ShiftWrite {
    pub shift: ShiftId,
    pub chat_id: i64,
    pub scenario: Arc<PreparedScenario>,
    pub catalogue: Arc<Catalogue>,
    pub input: Input,
    pub now: u64,
    pub judged: crate::webcare::shift::Judged,
}

/// A new shift, with its first messages.
#[derive(Debug)]
pub struct ShiftStart {
    pub learner: LearnerRef,
    pub session: ShiftSession,
    pub started_at: DateTime<Utc>,
    /// The uploaded scenario's version the shift runs on (None: shipped).
    pub upload: Option<i64>,
}

/// A change to uploads, applied in the update's transaction.
#[derive(Debug)]
pub enum UploadWrite {
    /// A new current version (replacing any previous one). `prepared` is
    /// the checked dialogue, installed as it is after the commit; None for
    /// a webcare scenario, which the library reads back from the store.
    Store {
        new: NewUpload,
        prepared: Option<Arc<Prepared>>,
    },
    /// The attempt just started (by the preceding `StartAttempt`) runs on this version.
    LinkAttempt {
        version: i64,
    },
    Remove {
        dialogue_id: String,
    },
    Publish {
        dialogue_id: String,
        everyone: bool,
    },
}

/// A change to assignments and plans, applied in the update's transaction.
#[derive(Debug)]
pub enum AssignWrite {
    /// A new assignment and its push to the class.
    Push {
        give: Give,
        message: Vec<OutMessage>,
        now: i64,
    },
    /// `/herinner`: the reminder to who has not done it.
    Remind {
        assignment: Assignment,
        message: Vec<OutMessage>,
        now: i64,
    },
    /// A change to the weekly plan, redone on the state inside the
    /// transaction so a push in between is never undone or repeated.
    Plan {
        class: TeacherOf,
        change: PlanChange,
        now: i64,
    },
}

impl AssignWrite {
    /// Whether it queues bulk messages (the bulk queue is woken after commit).
    pub fn queues_bulk(&self) -> bool {
        matches!(self, AssignWrite::Push { .. } | AssignWrite::Remind { .. })
    }
}

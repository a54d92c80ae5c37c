//! The school, without a transport: who may do what (roles and the proof
//! that a teacher teaches a class), classes and their join codes and names,
//! and the changes teachers make to them, and assignments, weekly plans and
//! reminders. Front ends (Telegram today, a
//! web dashboard) ask it and render its outcomes and refusals.
//!
//! - [`assignments`]: a dialogue given to a class with its deadline,
//!   reminders (the teacher's and the automatic ones) and a student's
//!   status; [`plans`]: the weekly plan, its changes and the scheduler's
//!   decisions (what is due at an instant, catch-up after downtime, a push's
//!   deadline); [`calendar`]: their local time ([`calendar::Deadline`],
//!   [`calendar::WeeklySlot`], daylight saving, Dutch dates). Front ends run
//!   the scheduler on their clock and render and send what it decides.
//! - [`auth`]: roles and [`auth::TeacherOf`], the proof a teacher operation
//!   takes. Only `auth` can make one, so "teachers see and change only their
//!   own classes" is checked by the compiler.
//! - [`classes`]: parsed values ([`classes::ClassName`],
//!   [`classes::JoinCode`]) and [`classes::ClassChange`], the changes to
//!   classes and roles with the unit that applies them.
//! - [`library`]: the shipped dialogues and webcare scenarios and the
//!   teachers' uploads, with who may see which; one for every front end.
//! - [`login`]: one-time login links and sessions of the web dashboard
//!   (teachers and admins only), with their CSRF tokens.
//! - [`my_data`]: the my-data export of a learner, the same for every front
//!   end.
//! - [`uploads`]: the rules for teachers' own dialogue files (ids, limits),
//!   the same for a Telegram document and the dashboard's editor.
//!
//! No teloxide, no sqlx: the store is reached through its traits.

pub mod assignments;
pub mod auth;
pub mod calendar;
pub mod classes;
pub mod library;
pub mod login;
pub mod my_data;
pub mod plans;
pub mod uploads;

pub use crate::store::{AssignmentId, AttemptId, ClassId, LearnerId, UploadId};

//! Classes: their names and join codes as parsed values, and the changes
//! teachers and admins make to classes and roles, applied as one unit with
//! the rest of an update's effect.

use rand::Rng;

use std::time::Duration;

use super::auth::TeacherOf;
use crate::store::{LearnerId, Reads, StoreError, Tx};

/// Join and invite codes: no 0/O, 1/I/L, so they survive being read aloud
/// or copied off a board. 31 symbols: almost 5 bits each.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 10 symbols: about 49.5 random bits (at least 40 are asked for).
pub const CODE_LEN: usize = 10;
/// The longest class name.
pub const MAX_CLASS_NAME: usize = 40;
/// Wrong join codes and teacher invites one user may send within
/// [`GUESS_WINDOW`] before they must wait: the codes are unguessable, but
/// trying should not be free either.
pub const MAX_WRONG_CODES: i64 = 5;
pub const GUESS_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Whether `user` sent too many wrong codes lately to try another one (a
/// wrong code is recorded with `ClassWrites::record_join_failure`, in the
/// database, so every instance and a restart see the same count).
pub async fn guessing_blocked(db: &mut dyn Reads, user: i64) -> Result<bool, StoreError> {
    Ok(db.join_failures(user, GUESS_WINDOW).await? >= MAX_WRONG_CODES)
}

/// A fresh unguessable join or invite code. `rand::rng()` is a CSPRNG
/// seeded from the OS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinCode(String);

impl JoinCode {
    pub fn new() -> JoinCode {
        let mut rng = rand::rng();
        JoinCode(
            (0..CODE_LEN)
                .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for JoinCode {
    fn default() -> Self {
        JoinCode::new()
    }
}

impl std::fmt::Display for JoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A class name: one word (it is typed in commands such as `/opdracht KLAS`),
/// at most [`MAX_CLASS_NAME`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassName(String);

/// Why a class name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadClassName {
    Empty,
    Spaces,
    TooLong,
    Unusable,
}

impl ClassName {
    pub fn parse(name: &str) -> Result<ClassName, BadClassName> {
        if name.is_empty() {
            return Err(BadClassName::Empty);
        }
        if name.split_whitespace().nth(1).is_some() {
            return Err(BadClassName::Spaces);
        }
        if name.chars().count() > MAX_CLASS_NAME {
            return Err(BadClassName::TooLong);
        }
        if name.starts_with('/') || name.chars().any(char::is_control) {
            return Err(BadClassName::Unusable);
        }
        Ok(ClassName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A change to roles or classes. The ones on an existing class carry the
/// proof that the sender teaches it.
#[derive(Debug)]
pub enum ClassChange {
    Invite(Invite),
    Redeem {
        code: String,
        user_id: i64,
    },
    Create {
        name: ClassName,
        code: JoinCode,
        teacher_id: i64,
    },
    Rename {
        class: TeacherOf,
        name: ClassName,
    },
    RenewCode {
        class: TeacherOf,
        code: JoinCode,
    },
    RemoveStudent {
        class: TeacherOf,
        learner: LearnerId,
    },
}

/// What can go wrong applying a [`ClassChange`].
#[derive(Debug, thiserror::Error)]
pub enum ClassChangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The invite was checked before the unit, and another user took it in
    /// between: nobody gets a second use, and the unit is not committed (so
    /// no "welkom" goes out).
    #[error("teacher invite used up before user {user_id} could redeem it")]
    InviteTaken { user_id: i64 },
}

/// How long a teacher invite stays valid.
pub const INVITE_DAYS: i64 = 7;

/// A one-time code that makes its user a teacher.
#[derive(Debug, Clone)]
pub struct Invite {
    pub code: String,
    pub created_by: i64,
    /// Unix seconds; the code works before this instant.
    pub expires_at: i64,
}

impl Invite {
    /// A fresh invite by `created_by` at `now` (Unix seconds): a code of its
    /// own kind (`D` and a join code, so it is never taken for a class
    /// code) valid for [`INVITE_DAYS`].
    pub fn new(created_by: i64, now: i64) -> Invite {
        Invite {
            code: format!("D{}", JoinCode::new()),
            created_by,
            expires_at: now + INVITE_DAYS * 24 * 3600,
        }
    }
}

impl ClassChange {
    /// Applies the change inside the caller's unit.
    pub async fn apply(&self, tx: &mut dyn Tx) -> Result<(), ClassChangeError> {
        match self {
            ClassChange::Invite(Invite {
                code,
                created_by,
                expires_at,
            }) => tx.create_invite(code, *created_by, *expires_at).await?,
            ClassChange::Redeem { code, user_id } => {
                if !tx.redeem_invite(code, *user_id).await? {
                    return Err(ClassChangeError::InviteTaken { user_id: *user_id });
                }
            }
            ClassChange::Create {
                name,
                code,
                teacher_id,
            } => {
                tx.create_class_for(name.as_str(), code.as_str(), *teacher_id)
                    .await?;
            }
            ClassChange::Rename { class, name } => {
                tx.rename_class(class.class_id(), name.as_str()).await?
            }
            ClassChange::RenewCode { class, code } => {
                tx.set_join_code(class.class_id(), code.as_str()).await?
            }
            ClassChange::RemoveStudent { class, learner } => {
                tx.remove_member(class.class_id(), *learner).await?
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_at_least_forty_random_bits_in_an_unambiguous_alphabet() {
        let bits = (CODE_ALPHABET.len() as f64).log2() * CODE_LEN as f64;
        assert!(bits >= 40.0, "{bits} bits");
        let code = JoinCode::new();
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert!(
            code.as_str().bytes().all(|b| CODE_ALPHABET.contains(&b)),
            "{code}"
        );
        assert!(!code.as_str().contains(['0', 'O', '1', 'I', 'L']));
        assert_ne!(JoinCode::new(), JoinCode::new());
    }

    #[tokio::test]
    async fn the_sixth_wrong_code_within_ten_minutes_is_refused_for_that_user_only() {
        use crate::store::Database;
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let store = crate::store::open(&url).await.expect("store");
        for _ in 0..MAX_WRONG_CODES - 1 {
            store
                .write(|tx| Box::pin(tx.record_join_failure(7)))
                .await
                .expect("recorded");
        }
        let mut db = store.read().await.expect("read");
        assert!(!guessing_blocked(&mut *db, 7).await.expect("read"));
        drop(db);
        store
            .write(|tx| Box::pin(tx.record_join_failure(7)))
            .await
            .expect("recorded");
        let mut db = store.read().await.expect("read");
        assert!(guessing_blocked(&mut *db, 7).await.expect("read"));
        assert!(!guessing_blocked(&mut *db, 8).await.expect("read"));
    }

    #[tokio::test]
    async fn a_new_teacher_invite_works_for_seven_days_and_not_after() {
        use crate::store::Database;
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let store = crate::store::open(&url).await.expect("store");
        let now = 1_800_000_000;
        let invite = Invite::new(1, now);
        let code = invite.code.clone();
        assert!(
            code.starts_with('D') && code.len() == CODE_LEN + 1,
            "{code}"
        );
        let change = std::sync::Arc::new(ClassChange::Invite(invite));
        store
            .write(move |tx| {
                let change = change.clone();
                Box::pin(async move { change.apply(tx).await })
            })
            .await
            .expect("stored");
        let week = INVITE_DAYS * 24 * 3600;
        let mut db = store.read().await.expect("read");
        assert!(db.invite_usable(&code, now + week - 1).await.expect("read"));
        assert!(!db.invite_usable(&code, now + week).await.expect("read"));
    }

    #[test]
    fn class_names_with_spaces_or_too_long_are_refused() {
        assert!(ClassName::parse("4C-2026").is_ok());
        assert_eq!(ClassName::parse(""), Err(BadClassName::Empty));
        assert_eq!(ClassName::parse("4C 2026"), Err(BadClassName::Spaces));
        assert_eq!(
            ClassName::parse(&"x".repeat(41)),
            Err(BadClassName::TooLong)
        );
        assert_eq!(ClassName::parse("/klassen"), Err(BadClassName::Unusable));
    }
}

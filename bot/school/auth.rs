//! Roles and authorisation as types.
//!
//! Every teacher operation takes a [`TeacherOf`]: the proof that the sender
//! teaches that class. Its field is private and only [`teacher_of`] and
//! [`teacher_of_id`] construct it (after checking the class's teacher), so
//! code that changes or reads a class for a teacher cannot be written
//! without the check. Refusals never name a class that is not the sender's.

use std::ops::Deref;

use crate::store::classes::Class;
use crate::store::reports::ClassListing;
use crate::store::{ClassId, Reads, StoreError};

/// What the sender may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Teacher,
    Student,
}

impl Role {
    /// Admins can do everything a teacher can (for their own classes).
    pub fn is_teacher(self) -> bool {
        matches!(self, Role::Admin | Role::Teacher)
    }
}

/// The user's role: admins by configuration (`COACH_ADMIN_IDS`), teachers
/// by a redeemed invite, everyone else a student.
pub async fn role(db: &mut dyn Reads, admins: &[i64], user: i64) -> Result<Role, StoreError> {
    if admins.contains(&user) {
        return Ok(Role::Admin);
    }
    Ok(if db.is_teacher(user).await? {
        Role::Teacher
    } else {
        Role::Student
    })
}

/// Proof that `teacher` teaches the class. Derefs to the class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeacherOf {
    class: Class,
    teacher: i64,
}

impl TeacherOf {
    pub fn class_id(&self) -> ClassId {
        ClassId(self.class.id)
    }

    /// The teacher's user id.
    pub fn teacher(&self) -> i64 {
        self.teacher
    }
}

impl Deref for TeacherOf {
    type Target = Class;
    fn deref(&self) -> &Class {
        &self.class
    }
}

/// Why a teacher operation on a class was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassRefusal {
    /// The sender is a student.
    NotATeacher,
    /// A teacher without any class.
    NoClasses,
    /// No class name given; the teacher's own classes, by name.
    NameMissing { mine: Vec<String> },
    /// None of the teacher's classes has this name (whether or not another
    /// teacher's has: that is not theirs to know).
    NotFound { name: String, mine: Vec<String> },
    /// A class id (from a button, possibly old or forged) that is not the
    /// sender's class (any more).
    NotYours,
    /// An admin named a class that several other teachers' classes are
    /// called (and none of the admin's own): which one is not to be guessed.
    Ambiguous { name: String, count: usize },
}

/// The sender's class called `name` (case-insensitive), as a proof.
pub async fn teacher_of(
    db: &mut dyn Reads,
    admins: &[i64],
    user: i64,
    name: &str,
) -> Result<Result<TeacherOf, ClassRefusal>, StoreError> {
    if !role(db, admins, user).await?.is_teacher() {
        return Ok(Err(ClassRefusal::NotATeacher));
    }
    let name = name.trim();
    if !name.is_empty()
        && let Some(class) = db.class_of_teacher(user, name).await?
    {
        return Ok(Ok(TeacherOf {
            class,
            teacher: user,
        }));
    }
    let mine: Vec<String> = db
        .classes_of_teacher(user)
        .await?
        .into_iter()
        .map(|(c, _)| c.name)
        .collect();
    Ok(Err(match (name.is_empty(), mine.is_empty()) {
        (_, true) => ClassRefusal::NoClasses,
        (true, false) => ClassRefusal::NameMissing { mine },
        (false, false) => ClassRefusal::NotFound {
            name: name.to_string(),
            mine,
        },
    }))
}

/// Like [`teacher_of`], for a class id.
pub async fn teacher_of_id(
    db: &mut dyn Reads,
    admins: &[i64],
    user: i64,
    class: ClassId,
) -> Result<Result<TeacherOf, ClassRefusal>, StoreError> {
    if !role(db, admins, user).await?.is_teacher() {
        return Ok(Err(ClassRefusal::NotATeacher));
    }
    Ok(match db.class(class).await? {
        Some(c) if c.teacher_id == Some(user) => Ok(TeacherOf {
            class: c,
            teacher: user,
        }),
        _ => Err(ClassRefusal::NotYours),
    })
}

/// Proof that the user may read the class: its teacher, or an admin (who
/// sees every class but changes only their own, through [`TeacherOf`]).
/// Only [`viewer_of_id`] and `From<TeacherOf>` make one. Derefs to the class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassView {
    class: Class,
    viewer: i64,
}

impl ClassView {
    pub fn class_id(&self) -> ClassId {
        ClassId(self.class.id)
    }

    /// The user id of whoever looks.
    pub fn viewer(&self) -> i64 {
        self.viewer
    }
}

impl Deref for ClassView {
    type Target = Class;
    fn deref(&self) -> &Class {
        &self.class
    }
}

impl From<TeacherOf> for ClassView {
    fn from(proof: TeacherOf) -> ClassView {
        ClassView {
            class: proof.class,
            viewer: proof.teacher,
        }
    }
}

/// The class with this id, if the user may read it: any class for an admin,
/// the teacher's own for a teacher. A class that does not exist and one
/// that is not the user's give the same refusal.
pub async fn viewer_of_id(
    db: &mut dyn Reads,
    admins: &[i64],
    user: i64,
    class: ClassId,
) -> Result<Result<ClassView, ClassRefusal>, StoreError> {
    match role(db, admins, user).await? {
        Role::Admin => Ok(match db.class(class).await? {
            Some(c) => Ok(ClassView {
                class: c,
                viewer: user,
            }),
            None => Err(ClassRefusal::NotYours),
        }),
        Role::Teacher => Ok(teacher_of_id(db, admins, user, class)
            .await?
            .map(ClassView::from)),
        Role::Student => Ok(Err(ClassRefusal::NotATeacher)),
    }
}

/// The class called `name` (case-insensitive) if the user may read it,
/// for the reports: a teacher's own class (as [`teacher_of`]); for an
/// admin their own class with that name, else the one class of any teacher
/// with it. The refusals are [`teacher_of`]'s, listing every class for an
/// admin, and [`ClassRefusal::Ambiguous`] for a name an admin shares with
/// several classes of others.
pub async fn viewer_of(
    db: &mut dyn Reads,
    admins: &[i64],
    user: i64,
    name: &str,
) -> Result<Result<ClassView, ClassRefusal>, StoreError> {
    match role(db, admins, user).await? {
        Role::Teacher => Ok(teacher_of(db, admins, user, name)
            .await?
            .map(ClassView::from)),
        Role::Student => Ok(Err(ClassRefusal::NotATeacher)),
        Role::Admin => {
            let name = name.trim();
            let view = |class| ClassView {
                class,
                viewer: user,
            };
            if !name.is_empty()
                && let Some(own) = db.class_of_teacher(user, name).await?
            {
                return Ok(Ok(view(own)));
            }
            let all = db.class_listings().await?;
            let wanted = name.to_lowercase();
            let named: Vec<&ClassListing> = all
                .iter()
                .filter(|c| !wanted.is_empty() && c.name.to_lowercase() == wanted)
                .collect();
            match named.as_slice() {
                [one] => {
                    if let Some(class) = db.class(ClassId(one.id)).await? {
                        return Ok(Ok(view(class)));
                    }
                }
                [] => {}
                many => {
                    return Ok(Err(ClassRefusal::Ambiguous {
                        name: name.to_string(),
                        count: many.len(),
                    }));
                }
            }
            let mut every: Vec<String> = all.into_iter().map(|c| c.name).collect();
            every.sort();
            every.dedup();
            Ok(Err(match (name.is_empty(), every.is_empty()) {
                (_, true) => ClassRefusal::NoClasses,
                (true, false) => ClassRefusal::NameMissing { mine: every },
                (false, false) => ClassRefusal::NotFound {
                    name: name.to_string(),
                    mine: every,
                },
            }))
        }
    }
}

/// The classes the user may read, by name, each with its number of
/// students: every class for an admin, their own for a teacher; a refusal
/// for a student.
pub async fn visible_classes(
    db: &mut dyn Reads,
    admins: &[i64],
    user: i64,
) -> Result<Result<Vec<ClassListing>, ClassRefusal>, StoreError> {
    Ok(match role(db, admins, user).await? {
        Role::Admin => Ok(db.class_listings().await?),
        Role::Teacher => {
            let mut mine = Vec::new();
            for (class, _) in db.classes_of_teacher(user).await? {
                // The report's count (students of the class), as on its page.
                if let Some(listing) = db.class_listing(ClassId(class.id)).await? {
                    mine.push(listing);
                }
            }
            Ok(mine)
        }
        Role::Student => Err(ClassRefusal::NotATeacher),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AnyStore, Database};

    const ADMIN: i64 = 1;
    const JUF: i64 = 2;
    const MEESTER: i64 = 3;

    /// Juf teaches 2B and 4C, meester another 4C and 3A; the admin none.
    async fn school(dir: &tempfile::TempDir) -> AnyStore {
        let url = format!("sqlite://{}/coach.db", dir.path().display());
        let store = crate::store::open(&url).await.expect("store");
        store
            .write(|tx| {
                Box::pin(async move {
                    for (code, teacher) in [("JUF1", JUF), ("MEESTER1", MEESTER)] {
                        tx.create_invite(code, ADMIN, i64::MAX).await?;
                        assert!(tx.redeem_invite(code, teacher).await?);
                    }
                    for (name, code, teacher) in [
                        ("2B", "C2B", JUF),
                        ("4C", "C4CJ", JUF),
                        ("4C", "C4CM", MEESTER),
                        ("3A", "C3A", MEESTER),
                    ] {
                        tx.create_class_for(name, code, teacher).await?;
                    }
                    Ok::<_, StoreError>(())
                })
            })
            .await
            .expect("school");
        store
    }

    async fn view(store: &AnyStore, user: i64, name: &str) -> Result<ClassView, ClassRefusal> {
        let mut db = store.read().await.expect("read");
        viewer_of(&mut *db, &[ADMIN], user, name)
            .await
            .expect("query")
    }

    #[tokio::test]
    async fn a_teacher_sees_the_report_of_their_own_class_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = school(&dir).await;
        let own = view(&store, JUF, "2b").await.expect("own class");
        assert_eq!((own.name.as_str(), own.teacher_id), ("2B", Some(JUF)));
        let four_c = view(&store, MEESTER, "4C").await.expect("own 4C");
        assert_eq!(four_c.teacher_id, Some(MEESTER));
        assert_eq!(
            view(&store, MEESTER, "2B").await,
            Err(ClassRefusal::NotFound {
                name: "2B".into(),
                mine: vec!["3A".into(), "4C".into()],
            })
        );
        assert_eq!(view(&store, 99, "2B").await, Err(ClassRefusal::NotATeacher));
    }

    #[tokio::test]
    async fn an_admin_sees_any_class_by_its_name_but_not_a_name_several_classes_share() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = school(&dir).await;
        let other = view(&store, ADMIN, "2B").await.expect("any class");
        assert_eq!((other.teacher_id, other.viewer()), (Some(JUF), ADMIN));
        assert_eq!(
            view(&store, ADMIN, "4c").await,
            Err(ClassRefusal::Ambiguous {
                name: "4c".into(),
                count: 2,
            })
        );
        assert_eq!(
            view(&store, ADMIN, "9Z").await,
            Err(ClassRefusal::NotFound {
                name: "9Z".into(),
                mine: vec!["2B".into(), "3A".into(), "4C".into()],
            })
        );
        // The admin's own class of that name comes first.
        store
            .write(|tx| Box::pin(async move { tx.create_class_for("4C", "C4CA", ADMIN).await }))
            .await
            .expect("admin's class");
        let own = view(&store, ADMIN, "4C").await.expect("own 4C");
        assert_eq!(own.teacher_id, Some(ADMIN));
    }
}

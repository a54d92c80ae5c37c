//! Roles and authorisation as types.
//!
//! Every teacher operation takes a [`TeacherOf`]: the proof that the sender
//! teaches that class. Its field is private and only [`teacher_of`] and
//! [`teacher_of_id`] construct it (after checking the class's teacher), so
//! code that changes or reads a class for a teacher cannot be written
//! without the check. Refusals never name a class that is not the sender's.

use std::ops::Deref;

use crate::store::reports::ClassListing;
use crate::store::telegram::Class;
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

//! The rules for teachers' own dialogues and webcare scenarios, whichever
//! front end receives the file (a Telegram document or the dashboard's
//! editor): which ids a teacher may use and how much one account may add
//! (both kinds share the ids and the limits). Every accepted
//! version is kept by the store (`insert_upload`); the offer goes to the
//! owner's classes until an admin publishes it to everyone.

use std::fmt;
use std::time::Duration;

/// Uploaded dialogues one teacher can have on offer at once.
pub const MAX_UPLOADS_PER_TEACHER: usize = 50;
/// Accepted versions per teacher per day: every version is kept (running
/// attempts may need it), so this bounds what one account adds to the database.
pub const MAX_VERSIONS_PER_DAY: i64 = 30;
/// Longest a file's check and examples may take; a real dialogue takes
/// milliseconds, the worst file the limits allow about a second.
pub const VERIFY_TIMEOUT: Duration = Duration::from_secs(20);

/// What is known about a dialogue id and the uploader when a valid file
/// arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadFacts<'a> {
    /// The file's dialogue id.
    pub id: &'a str,
    /// The uploader's Telegram user id.
    pub uploader: i64,
    /// A shipped dialogue has this id.
    pub shipped: bool,
    /// The owner of the current upload with this id, if any.
    pub current_owner: Option<i64>,
    /// Versions the uploader stored in the last 24 hours.
    pub versions_today: i64,
    /// The ids of the uploader's current uploads.
    pub own_ids: Vec<&'a str>,
}

/// Why a valid file cannot be stored under its id by this uploader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// The id belongs to a shipped dialogue.
    Shipped(String),
    /// Another teacher's current upload has the id.
    OtherTeacher(String),
    /// [`MAX_VERSIONS_PER_DAY`] reached.
    TooManyToday,
    /// [`MAX_UPLOADS_PER_TEACHER`] reached and the id is a new one.
    TooManyDialogues,
}

/// The first rule the upload breaks, in the order a teacher can fix them.
pub fn clash(f: &UploadFacts<'_>) -> Option<Clash> {
    if f.shipped {
        return Some(Clash::Shipped(f.id.to_string()));
    }
    if f.current_owner.is_some_and(|owner| owner != f.uploader) {
        return Some(Clash::OtherTeacher(f.id.to_string()));
    }
    if f.versions_today >= MAX_VERSIONS_PER_DAY {
        return Some(Clash::TooManyToday);
    }
    if f.own_ids.len() >= MAX_UPLOADS_PER_TEACHER && !f.own_ids.contains(&f.id) {
        return Some(Clash::TooManyDialogues);
    }
    None
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clash::Shipped(id) => write!(
                f,
                "De id '{id}' is al van een oefening die bij de Gesprekscoach hoort. Kies een eigen \
                 id (bijvoorbeeld '{id}-eigen') en noem het bestand ook zo."
            ),
            Clash::OtherTeacher(id) => write!(
                f,
                "De id '{id}' wordt al gebruikt door een dialoog of webcaredienst van een andere \
                 docent. Kies een andere id (bijvoorbeeld '{id}-2') en stuur het bestand opnieuw."
            ),
            Clash::TooManyToday => write!(
                f,
                "Je hebt de afgelopen 24 uur al {MAX_VERSIONS_PER_DAY} versies geplaatst; dat is het \
                 maximum per dag. Controleer je bestand tussendoor op de computer met \
                 gesprekscoach check en test, en stuur het morgen opnieuw."
            ),
            Clash::TooManyDialogues => write!(
                f,
                "Je hebt al {MAX_UPLOADS_PER_TEACHER} eigen dialogen en webcarediensten. Verwijder er \
                 eerst een met /verwijderdialoog ID (zie /mijndialogen)."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(id: &str) -> UploadFacts<'_> {
        UploadFacts {
            id,
            uploader: 7,
            shipped: false,
            current_owner: None,
            versions_today: 0,
            own_ids: vec![],
        }
    }

    #[test]
    fn a_new_id_of_a_teacher_within_the_limits_is_accepted_and_their_own_id_again_too() {
        assert_eq!(clash(&facts("eigen")), None);
        let again = UploadFacts {
            current_owner: Some(7),
            own_ids: vec!["eigen"],
            ..facts("eigen")
        };
        assert_eq!(clash(&again), None);
    }

    #[test]
    fn shipped_ids_other_teachers_ids_and_the_limits_are_refused() {
        let shipped = UploadFacts {
            shipped: true,
            ..facts("koffie")
        };
        assert_eq!(clash(&shipped), Some(Clash::Shipped("koffie".into())));
        let other = UploadFacts {
            current_owner: Some(8),
            ..facts("x")
        };
        assert_eq!(clash(&other), Some(Clash::OtherTeacher("x".into())));
        let busy = UploadFacts {
            versions_today: MAX_VERSIONS_PER_DAY,
            ..facts("x")
        };
        assert_eq!(clash(&busy), Some(Clash::TooManyToday));
        let ids: Vec<String> = (0..MAX_UPLOADS_PER_TEACHER)
            .map(|i| format!("d{i}"))
            .collect();
        let full = UploadFacts {
            own_ids: ids.iter().map(String::as_str).collect(),
            ..facts("nieuw")
        };
        assert_eq!(clash(&full), Some(Clash::TooManyDialogues));
        // A new version of one of the fifty is fine.
        let replace = UploadFacts {
            own_ids: ids.iter().map(String::as_str).collect(),
            ..facts("d3")
        };
        assert_eq!(clash(&replace), None);
    }
}

//! Which dialogue or webcare scenario a button's [`Key`] refers to. The
//! library itself (what is on offer, and to whom) is the school's
//! [`Library`]; a key is Telegram's way of carrying an id in callback data.

use crate::school::library::{Audience, Found, Library};

use super::buttons::Key;

/// The dialogue a button's key refers to, among the dialogues `audience`
/// may practise.
pub fn dialogue(library: &Library, key: &Key, audience: &Audience) -> Option<Found> {
    if let Some(id) = key.id() {
        return library.find_for(id, audience);
    }
    library
        .visible(audience)
        .into_iter()
        .find(|d| key.matches(&d.dialogue.id))
}

/// The id of the scenario a button refers to, among the scenarios
/// `audience` may start. An id carried as it is is passed on even when
/// unknown (the answer then lists the scenarios).
pub fn scenario(library: &Library, key: &Key, audience: &Audience) -> Option<String> {
    if let Some(id) = key.id() {
        return Some(id.to_string());
    }
    library
        .visible_scenarios(audience)
        .iter()
        .map(|f| &f.prepared.scenario.id)
        .find(|id| key.matches(id))
        .cloned()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::buttons::ButtonData;
    use super::*;
    use crate::school::library::Upload;

    fn fixtures() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dialogues")
    }

    fn audience(user_id: i64, class_teacher: Option<i64>) -> Audience {
        Audience {
            user_id,
            class_teacher,
        }
    }

    fn fnv1a(id: &str) -> u64 {
        // Computed independently of the code.
        id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    #[test]
    fn a_key_finds_an_upload_only_for_who_may_see_it() {
        let library = Library::load(&fixtures());
        let catalogue = library.catalogue().expect("catalogue");
        let text = std::fs::read_to_string(fixtures().join("test-koffie.toml"))
            .expect("fixture")
            .replacen("id = \"test-koffie\"", "id = \"eigen\"", 1);
        let (prepared, problems) =
            crate::dialogue::check_source("u.toml", text.as_bytes(), &catalogue);
        library.install(Upload {
            version: 7,
            owner: 1,
            everyone: false,
            prepared: Arc::new(prepared.unwrap_or_else(|| panic!("{problems:?}"))),
        });
        let hashed = ButtonData::decode(&format!("2:o:#{:016x}", fnv1a("eigen")));
        let Some(ButtonData::Practise(by_hash)) = hashed else {
            panic!("not decoded");
        };
        for key in [Key::of("eigen"), by_hash] {
            assert!(dialogue(&library, &key, &audience(100, Some(1))).is_some());
            assert!(dialogue(&library, &key, &audience(101, Some(2))).is_none());
        }
    }

    /// A long id travels as its FNV-1a hash (as version 1 already wrote
    /// it); the hash finds the dialogue among those the sender may see.
    #[test]
    fn a_button_carrying_a_hash_finds_its_dialogue() {
        let library = Library::load(&fixtures());
        let everyone = audience(1, None);
        let hash = fnv1a("test-koffie");
        for data in [format!("o#{hash:016x}"), format!("2:o:#{hash:016x}")] {
            let Some(ButtonData::Practise(key)) = ButtonData::decode(&data) else {
                panic!("not decoded: {data}");
            };
            let found = dialogue(&library, &key, &everyone).map(|f| f.dialogue.id.clone());
            assert_eq!(found.as_deref(), Some("test-koffie"), "{data}");
        }
        let other = ButtonData::decode(&format!("2:o:#{:016x}", hash ^ 1));
        let Some(ButtonData::Practise(key)) = other else {
            panic!("not decoded");
        };
        assert!(dialogue(&library, &key, &everyone).is_none());
    }
}

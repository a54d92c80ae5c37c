//! Steps every teacher test takes through the bot: an admin invites a
//! teacher, the teacher creates a class, students join it.

use super::telegram_harness::Harness;

/// The admin of the test bots (`COACH_ADMIN_IDS`).
pub const ADMIN: i64 = 9001;

/// The first code-looking word after `label` in a message.
pub fn code_after(text: &str, label: &str) -> String {
    let rest = &text[text.find(label).expect(label) + label.len()..];
    rest.split_whitespace()
        .next()
        .expect("a code")
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

/// Admin hands out an invite; `user` redeems it.
pub async fn make_teacher(h: &Harness, user: i64) {
    let invite = h.ask(ADMIN, "/docentcode").await;
    let code = code_after(&invite, "Docentcode:");
    let welcome = h.ask(user, &format!("/docent {code}")).await;
    assert!(welcome.contains("Welkom als docent"), "{welcome}");
}

/// Creates a class and returns its join code.
pub async fn make_class(h: &Harness, teacher: i64, name: &str) -> String {
    let created = h.ask(teacher, &format!("/nieuweklas {name}")).await;
    assert!(
        created.contains(&format!("Klas {name} is gemaakt")),
        "{created}"
    );
    code_after(&created, "Klascode:")
}

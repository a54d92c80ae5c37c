//! Teachers through the real bot and the fake Bot API: admin -> teacher
//! invite -> classes -> students join; class management; role separation.

mod common;

use common::telegram_harness::{
    ADMIN, Harness, code_after, make_class, make_teacher, start_with_admin,
};

const JUF: i64 = 9101;
const MEESTER: i64 = 9102;
const SANNE: i64 = 9201;
const DAAN: i64 = 9202;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_invites_a_teacher_who_creates_a_class_that_students_join_by_code_and_link() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;

    let created = h.ask(JUF, "/nieuweklas 4C-2026").await;
    let code = code_after(&created, "Klascode:");
    assert_eq!(code.len(), 10, "{created}");
    assert!(
        created.contains(&format!("https://t.me/gesprekscoach_test_bot?start={code}")),
        "deep link with the bot's username from getMe: {created}"
    );

    // One student joins with /klas, another through the deep link (/start CODE).
    let joined = h.ask(SANNE, &format!("/klas {code}")).await;
    assert!(joined.contains("4C-2026"), "{joined}");
    h.say(DAAN, &format!("/start {}", code.to_lowercase()));
    let texts = h.fake.wait_for_texts(DAAN, 2).await;
    assert!(texts[1].contains("4C-2026"), "{texts:?}");

    let list = h.ask(JUF, "/klassen").await;
    assert!(list.contains("4C-2026 – 2 leerlingen"), "{list}");
    assert!(list.contains(&code), "{list}");

    // The invite was one-time: a second teacher cannot reuse it.
    let invite_text = h.fake.texts_to(ADMIN).pop().expect("invite");
    let invite = code_after(&invite_text, "Docentcode:");
    let reused = h.ask(MEESTER, &format!("/docent {invite}")).await;
    assert!(reused.contains("werkt niet"), "{reused}");
    assert!(
        h.ask(MEESTER, "/klassen")
            .await
            .contains("alleen voor docenten")
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_renames_a_class_renews_its_code_and_removes_a_student() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    let old_code = make_class(&h, JUF, "4C").await;
    h.ask(SANNE, &format!("/klas {old_code}")).await;
    h.ask(DAAN, &format!("/klas {old_code}")).await;

    let renamed = h.ask(JUF, "/hernoem 4c 4C-2027").await;
    assert!(renamed.contains("heet nu 4C-2027"), "{renamed}");

    // Buttons under /klassen: a new code, then the student list.
    h.ask(JUF, "/klassen").await;
    let buttons = h.fake.sent_to(JUF).pop().expect("list").buttons();
    let renew = &buttons
        .iter()
        .find(|(l, _)| l.contains("Nieuwe code"))
        .expect("renew")
        .1;
    let students = &buttons
        .iter()
        .find(|(l, _)| l.contains("4C-2027"))
        .expect("students")
        .1;
    let renewed = h.press(JUF, renew).await;
    let new_code = code_after(&renewed, "voor 4C-2027:");
    assert_ne!(new_code, old_code);
    let late = h.ask(9203, &format!("/klas {old_code}")).await;
    assert!(
        !late.contains("4C-2027"),
        "the old code stopped working: {late}"
    );
    assert!(
        h.ask(9204, &format!("/klas {new_code}"))
            .await
            .contains("4C-2027")
    );

    let list = h.press(JUF, students).await;
    assert!(list.contains(&format!("Student{SANNE}")), "{list}");
    let remove = h
        .fake
        .sent_to(JUF)
        .pop()
        .expect("student list")
        .buttons()
        .into_iter()
        .find(|(l, _)| l.contains(&format!("Student{SANNE}")))
        .expect("remove button")
        .1;
    let confirm = h.press(JUF, &remove).await;
    assert!(confirm.contains("uit klas 4C-2027 halen?"), "{confirm}");
    let yes = h.fake.sent_to(JUF).pop().expect("confirm").buttons()[0]
        .1
        .clone();
    let done = h.press(JUF, &yes).await;
    assert!(done.contains("zit niet meer in klas 4C-2027"), "{done}");

    assert!(!h.ask(SANNE, "/klas").await.contains("4C-2027"));
    assert!(h.ask(DAAN, "/klas").await.contains("4C-2027"));
    assert!(
        h.ask(JUF, "/klassen")
            .await
            .contains("4C-2027 – 2 leerlingen")
    );

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_and_teachers_of_other_classes_are_refused_with_a_clear_message() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    make_teacher(&h, MEESTER).await;
    let code = make_class(&h, JUF, "4C").await;
    make_class(&h, MEESTER, "3B").await;
    h.ask(SANNE, &format!("/klas {code}")).await;

    // A student: every teacher command is refused and says how to become one.
    for command in [
        "/nieuweklas 4D",
        "/klassen",
        "/hernoem 4C 4X",
        "/docenthulp",
    ] {
        let refusal = h.ask(SANNE, command).await;
        assert!(
            refusal.contains("alleen voor docenten"),
            "{command}: {refusal}"
        );
    }
    assert!(
        h.ask(SANNE, "/docentcode")
            .await
            .contains("Alleen een beheerder")
    );
    // A teacher cannot hand out teacher codes either.
    assert!(
        h.ask(JUF, "/docentcode")
            .await
            .contains("Alleen een beheerder")
    );

    // Another teacher: 4C is not theirs, by name or by a forged button, and
    // the refusal does not reveal that 4C exists.
    let refusal = h.ask(MEESTER, "/hernoem 4C 4X").await;
    assert!(refusal.contains("geen klas die '4C' heet"), "{refusal}");
    assert!(
        refusal.contains("3B") && !refusal.contains("4C-"),
        "{refusal}"
    );
    let pool = h.pool().await;
    let juf_class: i64 = sqlx::query_scalar("SELECT id FROM classes WHERE teacher_id = ?")
        .bind(JUF)
        .fetch_one(&pool)
        .await
        .expect("class id");
    for forged in [
        format!("kl:lln:{juf_class}"),
        format!("kl:code:{juf_class}"),
        format!("kl:rmok:{juf_class}:{SANNE}"),
    ] {
        let refused = h.press(MEESTER, &forged).await;
        assert!(
            refused.contains("niet (meer) van jou"),
            "{forged}: {refused}"
        );
        let refused = h.press(SANNE, &forged).await;
        assert!(
            refused.contains("alleen voor docenten"),
            "{forged}: {refused}"
        );
    }
    // Nothing changed: same code, same member.
    let (stored_code, members): (String, i64) = sqlx::query_as(
        "SELECT join_code, (SELECT COUNT(*) FROM class_members WHERE class_id = classes.id) \
         FROM classes WHERE id = ?",
    )
    .bind(juf_class)
    .fetch_one(&pool)
    .await
    .expect("class");
    assert_eq!((stored_code, members), (code, 1));

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_teacher_codes_are_refused_and_guessing_is_rate_limited() {
    let mut h = start_with_admin().await;
    let empty = h.ask(SANNE, "/docent").await;
    assert!(
        empty.contains("/docent DK7M2QX9PA"),
        "usage example: {empty}"
    );
    for _ in 0..5 {
        let wrong = h.ask(SANNE, "/docent DXXXXXXXXXX").await;
        assert!(wrong.contains("werkt niet"), "{wrong}");
    }
    // Even a valid code is not checked any more within the window.
    let invite = h.ask(ADMIN, "/docentcode").await;
    let code = code_after(&invite, "Docentcode:");
    let limited = h.ask(SANNE, &format!("/docent {code}")).await;
    assert!(!limited.contains("Welkom als docent"), "{limited}");
    // Someone else can still use it.
    make_teacher_with(&h, DAAN, &code).await;
    h.stop().await;
    h.fake.assert_valid();
}

async fn make_teacher_with(h: &Harness, user: i64, code: &str) {
    let welcome = h.ask(user, &format!("/docent {code}")).await;
    assert!(welcome.contains("Welkom als docent"), "{welcome}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teachers_and_classes_survive_a_restart() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    let code = make_class(&h, JUF, "4C").await;
    h.stop().await;
    h.start_with_admin().await;
    h.ask(SANNE, &format!("/klas {code}")).await;
    let list = h.ask(JUF, "/klassen").await;
    assert!(list.contains("4C – 1 leerling"), "{list}");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oefeningen_lists_the_ids_a_teacher_types_in_opdracht_and_is_refused_to_students() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    let list = h.ask(JUF, "/oefeningen").await;
    assert!(
        list.contains("P4-K2-W3")
            && list.contains("• test-koffie – Test: een koffieautomaat verkopen"),
        "{list}"
    );
    assert!(list.contains("Voorbeeld: /opdracht KLAS "), "{list}");
    let refused = h.ask(SANNE, "/oefeningen").await;
    assert!(refused.contains("alleen voor docenten"), "{refused}");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sjabloon_sends_a_shipped_dialogue_file_to_adapt_and_only_to_teachers() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    let before = h.fake.sent_to(JUF).len();
    h.say(JUF, "/sjabloon test-koffie");
    h.fake.wait_for_texts(JUF, before + 1).await;
    let sent = h.fake.sent_to(JUF)[before].clone();
    let (name, bytes) = sent.file("document").expect("the dialogue file");
    assert_eq!(name, "test-koffie.toml");
    let shipped = std::fs::read(common::telegram_harness::fixtures_dir().join("test-koffie.toml"))
        .expect("fixture");
    assert_eq!(bytes, shipped);

    let usage = h.ask(JUF, "/sjabloon").await;
    assert!(
        usage.contains("/sjabloon acquisitie-koud-bellen"),
        "{usage}"
    );
    for bad in ["/sjabloon bestaat-niet", "/sjabloon ../../etc/passwd"] {
        let unknown = h.ask(JUF, bad).await;
        assert!(
            unknown.contains("ken ik niet") && unknown.contains("/oefeningen"),
            "{unknown}"
        );
    }
    let refused = h.ask(SANNE, "/sjabloon test-koffie").await;
    assert!(refused.contains("alleen voor docenten"), "{refused}");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_code_older_than_seven_days_is_refused() {
    let mut h = start_with_admin().await;
    let invite = h.ask(ADMIN, "/docentcode").await;
    let code = code_after(&invite, "Docentcode:");
    // The code was stored to expire in 7 days; move that moment to the past.
    let pool = h.pool().await;
    let (created, expires): (i64, i64) =
        sqlx::query_as("SELECT created_at, expires_at FROM teacher_invites WHERE code = ?")
            .bind(&code)
            .fetch_one(&pool)
            .await
            .expect("invite");
    assert_eq!(expires - created, 7 * 24 * 3600);
    sqlx::query("UPDATE teacher_invites SET expires_at = ? WHERE code = ?")
        .bind(created - 1)
        .bind(&code)
        .execute(&pool)
        .await
        .expect("expire");
    let refused = h.ask(JUF, &format!("/docent {code}")).await;
    assert!(refused.contains("verlopen"), "{refused}");
    assert!(
        h.ask(JUF, "/klassen")
            .await
            .contains("alleen voor docenten")
    );
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflecties_of_another_teachers_class_are_refused() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    make_teacher(&h, MEESTER).await;
    make_class(&h, JUF, "4C").await;
    make_class(&h, MEESTER, "3B").await;
    let refused = h.ask(MEESTER, "/reflecties 4C").await;
    assert!(refused.contains("geen klas die '4C' heet"), "{refused}");
    let own = h.ask(JUF, "/reflecties 4c").await;
    assert!(own.contains("Nog niemand in deze klas"), "{own}");
    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_gives_a_teacher_a_one_time_login_link_and_refuses_students() {
    let mut h = Harness::new().await;
    let mut config = h.config();
    config.admin_ids = vec![ADMIN];
    config.dashboard_url = Some("https://coach.example.org/dashboard".to_string());
    h.start_with(config).await;
    make_teacher(&h, JUF).await;

    let answer = h.ask(JUF, "/dashboard").await;
    let prefix = "https://coach.example.org/dashboard/inloggen/";
    let link = answer
        .split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("a login link: {answer}"));
    let token = &link[prefix.len()..];
    assert_eq!(token.len(), 64, "{answer}");
    assert!(answer.contains("15 minuten"), "{answer}");

    let refused = h.ask(SANNE, "/dashboard").await;
    assert!(refused.contains("alleen voor docenten"), "{refused}");
    assert!(!refused.contains("inloggen/"), "{refused}");
    h.stop().await;

    // The link the bot gave opens a session for the teacher, once.
    let store = gesprekscoach::store::open(&h.database_url())
        .await
        .expect("store");
    let secret = gesprekscoach::school::login::Secret::parse(token).expect("a token");
    let now = chrono::Utc::now().timestamp();
    let opened = gesprekscoach::school::login::log_in(&store, &secret, now)
        .await
        .expect("log in");
    assert_eq!(opened.map(|(_, user)| user), Some(JUF));
    let again = gesprekscoach::school::login::log_in(&store, &secret, now)
        .await
        .expect("log in");
    assert!(again.is_none(), "a link works once");
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_says_so_when_the_school_runs_no_dashboard() {
    let mut h = start_with_admin().await;
    make_teacher(&h, JUF).await;
    let answer = h.ask(JUF, "/dashboard").await;
    assert!(answer.contains("staat op deze server niet aan"), "{answer}");
    h.stop().await;
    h.fake.assert_valid();
}

/// Every table and column (migrations' bookkeeping aside) of the bot's
/// SQLite file in which some value, read as text, contains `needle`.
async fn rows_naming(pool: &sqlx::SqlitePool, needle: &str) -> Vec<String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    let mut found = Vec::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .expect("columns");
        for column in columns {
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE ?"
            ))
            .bind(format!("%{needle}%"))
            .fetch_one(pool)
            .await
            .expect("count");
            if n > 0 {
                found.push(format!("{table}.{column}: {n}"));
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_who_is_forgotten_leaves_no_row_with_their_id_or_name_and_the_class_stays() {
    // Twelve digits: no timestamp or code contains it. The fake Bot API
    // names every user `Student<id>`, so the id scan covers the name too.
    const WILHELMINA: i64 = 987_654_321_013;
    let mut h = start_with_admin().await;
    make_teacher(&h, WILHELMINA).await;
    let code = make_class(&h, WILHELMINA, "4C").await;
    let joined = h.ask(SANNE, &format!("/klas {code}")).await;
    assert!(joined.contains("4C"), "{joined}");
    let own = common::telegram_harness::own_dialogue("eigen-gesprek", "Eigen gesprek");
    let stored = h
        .upload(WILHELMINA, "eigen-gesprek.toml", own.as_bytes())
        .await;
    assert!(stored.contains("eigen-gesprek"), "{stored}");
    let pool = h.pool().await;
    let before = rows_naming(&pool, &WILHELMINA.to_string()).await;
    for table in [
        "classes",
        "teachers",
        "teacher_invites",
        "uploaded_dialogues",
        "tg_users",
    ] {
        assert!(
            before.iter().any(|r| r.starts_with(table)),
            "the scan sees {table}: {before:?}"
        );
    }

    let asked = h.ask(WILHELMINA, "/vergeetmij").await;
    assert!(asked.contains("Weet je het zeker"), "{asked}");
    let question = h.fake.sent_to(WILHELMINA).pop().expect("the question");
    let (_, yes) = question
        .buttons()
        .into_iter()
        .find(|(label, _)| label.starts_with("Ja"))
        .expect("a yes button");
    let done = h.press(WILHELMINA, &yes).await;
    assert!(done.contains("gewist"), "{done}");

    // The confirmation leaves the outbox once Telegram took it.
    let mut left = rows_naming(&pool, &WILHELMINA.to_string()).await;
    for _ in 0..50 {
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        left = rows_naming(&pool, &WILHELMINA.to_string()).await;
    }
    assert_eq!(left, Vec::<String>::new());

    // The class and its student stay, without a teacher.
    let class: (Option<i64>, i64) = sqlx::query_as(
        "SELECT c.teacher_id, (SELECT COUNT(*) FROM class_members m WHERE m.class_id = c.id) \
         FROM classes c WHERE c.name = '4C'",
    )
    .fetch_one(&pool)
    .await
    .expect("the class stays");
    assert_eq!(class, (None, 1));
    let again = h.ask(WILHELMINA, "/klassen").await;
    assert!(again.contains("alleen voor docenten"), "{again}");
    h.stop().await;
    h.fake.assert_valid();
}

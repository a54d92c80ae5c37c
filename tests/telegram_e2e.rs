//! End-to-end: the real bot (in process) against the fake Bot API server.

mod common;

use std::time::Duration;

use common::fake_telegram::updates;
use common::telegram_harness::{DIALOGUE, Harness, STRONG_REPLIES};

const SANNE: i64 = 5001;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_joins_a_class_practises_a_dialogue_and_sees_scorecard_and_progress() {
    let mut h = Harness::new().await;
    h.start().await;
    // The class exists (the teachers' tools will create it).
    let pool = h.pool().await;
    gesprekscoach::store::ClassWrites::create_class(
        &mut *pool.acquire().await.expect("conn"),
        "Commercie 2B",
        "KOFFIE42",
    )
    .await
    .expect("class");

    // setMyCommands with Dutch descriptions at start-up.
    h.fake
        .wait_until("setMyCommands", Duration::from_secs(5), |f| {
            !f.calls("setMyCommands").is_empty()
        })
        .await;
    let commands = &h.fake.calls("setMyCommands")[0].params["commands"];
    let names: Vec<&str> = commands
        .as_array()
        .expect("commands")
        .iter()
        .filter_map(|c| c["command"].as_str())
        .collect();
    for name in [
        "start",
        "klas",
        "oefen",
        "hint",
        "stop",
        "voortgang",
        "opdrachten",
        "mijngegevens",
        "vergeetmij",
        "help",
    ] {
        assert!(names.contains(&name), "missing command {name}");
    }

    // Deep link: /start KOFFIE42 welcomes, explains privacy, joins the class.
    let texts = h.say_and_wait(SANNE, "/start koffie42", 2).await;
    assert!(texts[0].contains("Welkom"), "{texts:?}");
    assert!(
        texts[0].contains("docent"),
        "privacy notice names the teacher: {texts:?}"
    );
    assert!(texts[0].contains("/vergeetmij") && texts[0].contains("/mijngegevens"));
    assert!(texts[1].contains("Commercie 2B"), "{texts:?}");

    // The menu groups dialogues by werkproces, with buttons.
    h.say_and_wait(SANNE, "/oefen", 3).await;
    let menu = h.fake.sent_to(SANNE).pop().expect("menu");
    assert!(
        menu.text().unwrap_or_default().contains("P4-K2-W3"),
        "{:?}",
        menu.text()
    );
    let buttons = menu.buttons();
    let (_, data) = buttons
        .iter()
        .find(|(label, _)| label.contains("koffieautomaat"))
        .expect("button for the fixture dialogue")
        .clone();

    // Pressing the button: the briefing, then the customer's first line,
    // in one message.
    h.send(updates::callback(SANNE, &data));
    let texts = h.fake.wait_for_texts(SANNE, 4).await;
    let opening = &texts[3];
    let briefing = opening.find("Koffiekoning").expect("briefing");
    let first_line = opening.find("Bram Jansen: ").expect("first customer line");
    assert!(briefing < first_line, "{opening}");
    h.fake
        .wait_until("callback answered", Duration::from_secs(5), |f| {
            !f.calls("answerCallbackQuery").is_empty()
        })
        .await;

    // Each reply gets exactly one message: feedback + the next line.
    let texts = h.say_and_wait(SANNE, STRONG_REPLIES[0], 5).await;
    assert!(texts[4].contains("waarmee kan ik u helpen"), "{}", texts[4]);
    let texts = h.say_and_wait(SANNE, STRONG_REPLIES[1], 6).await;
    assert!(texts[5].contains("veertig koppen"), "{}", texts[5]);
    // The last reply: the closing line, then the scorecard with buttons, in
    // one message.
    h.say_and_wait(SANNE, STRONG_REPLIES[2], 7).await;
    let card = h.fake.sent_to(SANNE).pop().expect("scorecard");
    let card_text = card.text().unwrap_or_default().to_string();
    let closing = card_text
        .find("proefplaatsing maar in de agenda")
        .expect("closing line");
    assert!(
        closing < card_text.find("100").expect("score"),
        "{card_text}"
    );
    assert!(card_text.contains("100"), "score: {card_text}");
    assert!(card_text.contains("P4-K2-W3"), "werkproces: {card_text}");
    assert!(
        card_text.contains("Koffiekoning"),
        "quotes the student's words: {card_text}"
    );
    let labels: Vec<String> = card.buttons().into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, vec!["Opnieuw", "Andere oefening"]);

    // Progress: text and a PNG chart.
    h.say_and_wait(SANNE, "/voortgang", 9).await;
    let sends = h.fake.sent_to(SANNE);
    let text = sends[7].text().unwrap_or_default();
    assert!(
        text.contains("P4-K2-W3") && text.contains("beste score: 100"),
        "{text}"
    );
    assert!(text.contains("Presenteert zich als professional"), "{text}");
    let photo = &sends[8];
    assert_eq!(photo.method, "sendPhoto");
    let bytes: Vec<u8> = photo.params["photo"]["bytes"]
        .as_array()
        .expect("photo bytes")
        .iter()
        .map(|b| b.as_u64().unwrap_or(0) as u8)
        .collect();
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a decodable PNG");
    assert!(reader.info().width >= 400 && reader.info().height >= 150);

    h.stop().await;
    h.fake.assert_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opnieuw_on_the_scorecard_starts_the_same_dialogue_again() {
    let mut h = Harness::new().await;
    h.start().await;
    h.say_and_wait(SANNE, &format!("/oefen {DIALOGUE}"), 1)
        .await;
    for (i, r) in STRONG_REPLIES.iter().enumerate() {
        h.say_and_wait(SANNE, r, 2 + i).await;
    }
    let card = h.fake.sent_to(SANNE).pop().expect("scorecard");
    let (_, again) = card.buttons()[0].clone();
    h.send(updates::callback(SANNE, &again));
    let texts = h.fake.wait_for_texts(SANNE, 5).await;
    assert!(
        texts[4].contains("Koffiekoning"),
        "briefing again: {}",
        texts[4]
    );
    h.stop().await;
    h.fake.assert_valid();
}

/// The menu Telegram shows and the commands the bot understands are made
/// from one list: every command in the menu is understood, every teacher
/// command answers a student about teachers (not "unknown"), and the one
/// only meant for a webcare shift is unknown outside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menu_and_the_understood_commands_come_from_one_list() {
    use gesprekscoach::telegram::commands::{Name, Shown};
    const UNKNOWN: &str = "Dat commando ken ik niet";
    let mut h = Harness::new().await;
    h.start().await;
    h.fake
        .wait_until("setMyCommands", Duration::from_secs(5), |f| {
            !f.calls("setMyCommands").is_empty()
        })
        .await;
    let sent: Vec<(String, String)> = h.fake.calls("setMyCommands")[0].params["commands"]
        .as_array()
        .expect("commands")
        .iter()
        .map(|c| {
            (
                c["command"].as_str().unwrap_or_default().to_string(),
                c["description"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let menu: Vec<(String, String)> = Name::ALL
        .iter()
        .filter_map(|n| match n.shown() {
            Shown::Menu(description) => Some((n.as_str().to_string(), description.to_string())),
            Shown::Teachers | Shown::Shift => None,
        })
        .collect();
    assert_eq!(sent, menu);

    for &name in Name::ALL {
        // `/help` after the command marks where its answer ends.
        let before = h.fake.sent_to(SANNE).len();
        h.say(SANNE, &format!("/{}", name.as_str()));
        h.say(SANNE, "/help");
        h.fake
            .wait_until(
                "the answer and the help after it",
                Duration::from_secs(20),
                |f| {
                    f.sent_to(SANNE)[before..]
                        .iter()
                        .filter_map(|r| r.text())
                        .filter(|t| t.starts_with("Zo werkt de Gesprekscoach"))
                        .count()
                        >= if name == Name::Help { 2 } else { 1 }
                },
            )
            .await;
        let answers: Vec<String> = h.fake.sent_to(SANNE)[before..]
            .iter()
            .filter_map(|r| r.text().map(str::to_string))
            .collect();
        let first = answers.first().cloned().unwrap_or_default();
        match name.shown() {
            Shown::Menu(_) => assert!(
                !answers.iter().any(|t| t.contains(UNKNOWN)),
                "/{} not understood: {answers:?}",
                name.as_str()
            ),
            Shown::Teachers => assert!(
                !first.contains(UNKNOWN) && first.to_lowercase().contains("docent"),
                "/{} to a student: {first}",
                name.as_str()
            ),
            Shown::Shift => assert!(first.contains(UNKNOWN), "/{}: {first}", name.as_str()),
        }
    }
    h.stop().await;
    h.fake.assert_valid();
}

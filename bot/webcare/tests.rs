//! The shift engine and scoring on the test scenario
//! (`tests/fixtures/webcare/webcare-test.toml`), with the real loader and the
//! real matcher; time is passed in, nothing sleeps.

use super::shift::{self, Input, Output, ShiftNotice, ShiftSession};
use super::{PreparedScenario, check_scenario_source};
use crate::dialogue::Catalogue;
use crate::matching::Matcher;

const FIXTURE: &str = include_str!("../../tests/fixtures/webcare/webcare-test.toml");
const CATALOGUE: &str = include_str!("../../tests/fixtures/webcare/werkprocessen.toml");

fn catalogue() -> Catalogue {
    Catalogue::parse("werkprocessen.toml", CATALOGUE.as_bytes()).unwrap()
}

fn scenario() -> PreparedScenario {
    let (p, problems, _) = check_scenario_source("webcare-test.toml", FIXTURE, &catalogue());
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    p.unwrap()
}

fn arrived(outputs: &[Output]) -> Vec<(u32, String, u64)> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Arrived(c) => Some((c.number, c.message.clone(), c.at)),
            _ => None,
        })
        .collect()
}

fn reply(id: &str, text: &str) -> Input {
    Input::Reply {
        message: Some(id.to_string()),
        text: text.to_string(),
    }
}

struct Run {
    p: PreparedScenario,
    m: Matcher,
    s: ShiftSession,
}

impl Run {
    fn new() -> Run {
        let p = scenario();
        let (s, _) = shift::start(&p);
        Run {
            p,
            m: Matcher::new(),
            s,
        }
    }

    fn at(&mut self, now: u64, input: Input) -> Vec<Output> {
        let (s, out) = shift::handle(&self.p, &self.m, self.s.clone(), input, now);
        self.s = s;
        out
    }

    fn report(&self) -> super::ShiftReport {
        super::score::report(&self.p, &self.s)
    }
}

#[test]
fn messages_arrive_exactly_at_their_scheduled_time() {
    let p = scenario();
    let (s, out) = shift::start(&p);
    assert!(matches!(out[0], Output::Briefing(_)));
    assert_eq!(arrived(&out), vec![(1, "klacht".to_string(), 0)]);
    let mut run = Run {
        p,
        m: Matcher::new(),
        s,
    };
    assert!(arrived(&run.at(29, Input::Tick)).is_empty());
    assert_eq!(
        arrived(&run.at(30, Input::Tick)),
        vec![(2, "gevaar".to_string(), 30)]
    );
    // A jump in time delivers everything due, in order, with its own time.
    let mut later = Run::new();
    assert_eq!(
        arrived(&later.at(100, Input::Tick)),
        vec![(2, "gevaar".to_string(), 30), (3, "vraag".to_string(), 90)]
    );
}

#[test]
fn a_follow_up_is_scheduled_relative_to_the_reply_time() {
    let mut run = Run::new();
    let out = run.at(50, reply("klacht", "tja, wat moet ik ermee ^Sam"));
    assert!(out.iter().any(|o| matches!(
        o,
        Output::Posted {
            number: 1,
            after: 50,
            ..
        }
    )));
    assert_eq!(run.s.next_arrival(), Some(90), "'vraag' is first");
    assert!(
        !arrived(&run.at(94, Input::Tick))
            .iter()
            .any(|a| a.1 == "boos")
    );
    assert_eq!(
        arrived(&run.at(95, Input::Tick)),
        vec![(4, "boos".to_string(), 95)]
    );
}

#[test]
fn a_good_reply_draws_the_other_follow_up() {
    let mut run = Run::new();
    run.at(10, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    let out = run.at(100, Input::Tick);
    let ids: Vec<String> = arrived(&out).into_iter().map(|a| a.1).collect();
    assert_eq!(ids, ["gevaar", "vraag", "dm"]);
    assert_eq!(run.s.post_of("dm").unwrap().arrived_at, 100);
}

#[test]
fn a_reply_without_a_message_answers_the_oldest_open_one() {
    let mut run = Run::new();
    run.at(40, Input::Tick);
    run.at(
        45,
        Input::Reply {
            message: None,
            text: "Sorry ^Sam".into(),
        },
    );
    assert!(run.s.post_of("klacht").unwrap().reply.is_some());
    assert!(run.s.post_of("gevaar").unwrap().reply.is_none());
}

#[test]
fn a_message_takes_one_reply_and_unknown_or_future_messages_are_refused() {
    let mut run = Run::new();
    run.at(10, reply("klacht", "Sorry ^Sam"));
    let out = run.at(11, reply("klacht", "Nog een keer"));
    assert!(out.iter().any(|o| matches!(
        o,
        Output::Notice(shift::ShiftNotice::AlreadyAnswered { number: 1 })
    )));
    let out = run.at(12, reply("vraag", "Te vroeg"));
    assert!(
        out.iter()
            .any(|o| matches!(o, Output::Notice(shift::ShiftNotice::UnknownMessage { .. })))
    );
    assert!(run.s.post_of("vraag").is_none());
}

#[test]
fn response_time_is_measured_from_arrival_to_reply_against_the_target() {
    let mut run = Run::new();
    run.at(100, reply("gevaar", "Sorry, mijn teamleider belt je ^Sam"));
    run.at(130, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    let r = run.report();
    let gevaar = r.messages.iter().find(|m| m.message == "gevaar").unwrap();
    assert_eq!((gevaar.response, gevaar.on_time), (Some(70), false));
    let klacht = r.messages.iter().find(|m| m.message == "klacht").unwrap();
    assert_eq!((klacht.response, klacht.on_time), (Some(130), false));
    let vraag = r.messages.iter().find(|m| m.message == "vraag").unwrap();
    assert_eq!((vraag.response, vraag.on_time), (None, false));
    assert_eq!(r.timeliness, 0);
}

#[test]
fn answering_a_lower_priority_message_while_a_high_impact_one_waits_costs_triage() {
    // Good order: the safety post first.
    let mut good = Run::new();
    good.at(
        35,
        reply("gevaar", "Sorry! Mijn teamleider neemt contact op ^Sam"),
    );
    good.at(50, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    assert_eq!(good.report().triage, 100);
    assert!(good.report().triage_mistakes.is_empty());

    // Bad order: the complaint while the safety post is open.
    let mut bad = Run::new();
    bad.at(35, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    bad.at(
        50,
        reply("gevaar", "Sorry! Mijn teamleider neemt contact op ^Sam"),
    );
    let r = bad.report();
    assert_eq!(r.triage, 0);
    assert_eq!(r.triage_mistakes, vec![(2, 1)]);
}

#[test]
fn escalation_is_right_only_where_the_file_asks_for_it() {
    let mut run = Run::new();
    run.at(
        5,
        Input::Escalate {
            message: Some("klacht".into()),
        },
    );
    run.at(31, Input::Escalate { message: None });
    run.at(40, reply("gevaar", "Sorry, wij zoeken het uit ^Sam"));
    let r = run.report();
    let klacht = r.messages.iter().find(|m| m.message == "klacht").unwrap();
    assert!(klacht.escalated && !klacht.escalation_ok, "not needed");
    let gevaar = r.messages.iter().find(|m| m.message == "gevaar").unwrap();
    assert!(
        !gevaar.escalated,
        "the escalation went to the oldest open message"
    );
    assert!(!gevaar.escalation_ok);

    // Saying it in the reply counts as escalating too.
    let mut run = Run::new();
    run.at(
        40,
        reply("gevaar", "Sorry, mijn teamleider belt je vandaag ^Sam"),
    );
    let gevaar = run
        .report()
        .messages
        .into_iter()
        .find(|m| m.message == "gevaar")
        .unwrap();
    assert!(gevaar.escalated && gevaar.escalation_ok);
}

#[test]
fn asking_for_personal_data_in_public_breaks_privacy_but_not_in_a_dm() {
    let mut run = Run::new();
    run.at(10, reply("klacht", "Sorry, wat is je ordernummer? ^Sam"));
    let r = run.report();
    assert!(!r.messages[0].privacy_ok);
    assert_eq!(r.privacy, 0);

    let mut run = Run::new();
    run.at(
        10,
        reply("klacht", "Sorry, stuur je ordernummer via een DM ^Sam"),
    );
    run.at(100, reply("dm", "Wat is je ordernummer precies? ^Sam"));
    let r = run.report();
    assert!(r.messages.iter().all(|m| m.privacy_ok));
    assert_eq!(r.privacy, 100);
}

#[test]
fn tone_checks_signature_and_emoji_against_the_house_style() {
    let mut run = Run::new();
    run.at(10, reply("klacht", "Sorry! Stuur je een DM? 😊"));
    let issues = &run.report().messages[0].tone_issues;
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(super::score::signed("Top ^Sam 🙂", "^"));
    assert!(super::score::signed("Top ^ SB.", "^"));
    assert!(!super::score::signed("Top ^", "^"));
    assert!(!super::score::signed(
        "x^2 is niet ondertekend want er volgt meer tekst",
        "^"
    ));
}

#[test]
fn the_shift_ends_at_its_duration_and_open_messages_count_as_unanswered() {
    let mut run = Run::new();
    run.at(10, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    let out = run.at(600, Input::Tick);
    assert!(out.contains(&Output::TimeUp));
    assert!(out.iter().any(|o| matches!(o, Output::Report(_))));
    assert!(out.contains(&Output::AskReflection));
    assert!(run.s.finished && run.s.awaits_reflection());
    let r = run.report();
    assert!(r.messages.iter().any(|m| !m.answered));
    assert!(r.score < 100);
    // Then the reflection, once.
    assert_eq!(
        run.at(
            700,
            Input::Reflection("Ik was te laat met de ouder.".into())
        ),
        vec![Output::ReflectionSaved]
    );
    assert_eq!(
        run.s.reflection.as_deref(),
        Some("Ik was te laat met de ouder.")
    );
}

#[test]
fn a_stop_after_an_escalation_asks_the_reflection_and_a_stop_before_anything_refuses_one() {
    // Escalating alone is something to reflect on, as for the score.
    let mut run = Run::new();
    run.at(10, Input::Tick);
    run.at(
        40,
        Input::Escalate {
            message: Some("gevaar".into()),
        },
    );
    let out = run.at(50, Input::Stop);
    assert!(out.contains(&Output::AskReflection), "{out:?}");
    assert_eq!(
        run.at(60, Input::Reflection("Ik stopte te vroeg.".into())),
        vec![Output::ReflectionSaved]
    );

    let mut run = Run::new();
    let out = run.at(50, Input::Stop);
    assert!(!out.contains(&Output::AskReflection), "{out:?}");
    assert!(run.s.finished && !run.s.awaits_reflection());
    assert_eq!(run.report().score, 0);
    assert_eq!(
        run.at(60, Input::Reflection("Te druk vandaag.".into())),
        vec![Output::Notice(ShiftNotice::AlreadyFinished)]
    );
    assert_eq!(run.s.reflection, None);
    assert_eq!(
        shift::resume(&scenario(), &run.s),
        vec![Output::Notice(ShiftNotice::AlreadyFinished)]
    );
}

#[test]
fn the_shift_ends_by_itself_when_everything_is_answered() {
    let mut run = Run::new();
    run.at(20, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    run.at(
        40,
        reply("gevaar", "Sorry! Mijn teamleider neemt contact op ^Sam"),
    );
    run.at(100, reply("vraag", "Dank ^Sam"));
    let out = run.at(150, reply("dm", "Dank, gevonden ^Sam"));
    assert!(out.iter().any(|o| matches!(o, Output::Report(_))));
    assert!(run.s.finished);
    assert_eq!(run.report().score, 100);
}

#[test]
fn a_stored_session_continues_with_its_schedule_intact() {
    let mut straight = Run::new();
    let mut stored = Run::new();
    for run in [&mut straight, &mut stored] {
        run.at(20, reply("klacht", "Sorry! Stuur je een DM? ^Sam"));
    }
    // Save and load as the store does; time goes on from the saved clock.
    let json = serde_json::to_string(&stored.s).unwrap();
    stored.s = serde_json::from_str(&json).unwrap();
    assert!(shift::can_resume(&stored.p, &stored.s));
    let resumed = shift::resume(&stored.p, &stored.s);
    assert!(matches!(
        resumed[0],
        Output::Notice(shift::ShiftNotice::Resumed { open: 0 })
    ));
    assert_eq!(stored.at(110, Input::Tick), straight.at(110, Input::Tick));
    assert_eq!(stored.s, straight.s);
    assert_eq!(stored.s.post_of("dm").unwrap().arrived_at, 110);
}

#[test]
fn time_never_runs_backwards() {
    let mut run = Run::new();
    run.at(100, Input::Tick);
    let out = run.at(5, reply("vraag", "Dank ^Sam"));
    assert!(
        out.iter()
            .any(|o| matches!(o, Output::Posted { after: 10, .. }))
    );
    assert_eq!(run.s.now, 100);
}

#[test]
fn every_example_of_the_fixture_passes() {
    let p = scenario();
    let outcomes = super::transcripts::run_examples(&p, &Matcher::new());
    assert!(outcomes.iter().all(|o| o.passed()), "{outcomes:#?}");
}

#[test]
fn a_wrong_expectation_in_an_example_fails_with_the_timeline() {
    let broken = FIXTURE.replace("score = 100", "score = 90");
    let (p, _, _) = check_scenario_source("webcare-test.toml", &broken, &catalogue());
    let outcomes = super::transcripts::run_examples(&p.unwrap(), &Matcher::new());
    let failed: Vec<_> = outcomes.iter().filter(|o| !o.passed()).collect();
    assert_eq!(failed.len(), 1);
    let text = failed[0].to_string();
    assert!(text.contains("score: verwacht 90, uitkomst 100"), "{text}");
    assert!(
        text.contains("#1 klacht (binnen om 0 s): antwoord om 20 s"),
        "{text}"
    );
}

fn problems_of(text: &str) -> Vec<String> {
    let (_, problems, _) = check_scenario_source("webcare-test.toml", text, &catalogue());
    problems
        .iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect()
}

/// The fixture with a price to work out at the first message (3 × € 15, 10%
/// off: € 40,50), whose hint is `hint`; its warnings about given-away
/// results (the fixture has other warnings of its own).
fn price_warnings(hint: &str) -> Vec<String> {
    let text = FIXTURE
        .replacen(
            "[[rules]]\nid = \"zegt-sorry\"",
            "[[rules]]\nid = \"groepsprijs\"\ndescription = \"Noemt de prijs\"\namount = \"3 * 15 * 0.9\"\n\n[[rules]]\nid = \"zegt-sorry\"",
            1,
        )
        .replacen(
            "hint = \"Zeg sorry en vraag om een DM.\"\n",
            &format!("hint = \"{hint}\"\n\n  [[messages.expect]]\n  behaviour = \"groepsprijs\"\n  criterion = \"afstemmen\"\n  hit = \"klopt.\"\n  miss = \"Reken de prijs uit.\"\n"),
            1,
        );
    let (_, problems, _) = check_scenario_source("webcare-test.toml", &text, &catalogue());
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
    problems
        .iter()
        .map(ToString::to_string)
        .filter(|p| p.contains("noemt de uitkomst"))
        .collect()
}

#[test]
fn a_shift_hint_that_states_the_calculated_price_gets_a_warning_and_one_naming_the_steps_does_not()
{
    let warned = price_warnings("Drie fietsen: dat is € 40,50.");
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].contains(
            "waarschuwing: de hint van bericht 'klacht' noemt de uitkomst van regel 'groepsprijs' (40,50)"
        ),
        "{warned:?}"
    );
    assert_eq!(
        price_warnings("Aantal fietsen × de dagprijs, dan de groepskorting eraf."),
        Vec::<String>::new()
    );
}

#[test]
fn a_follow_up_to_an_unknown_message_is_reported_at_its_line() {
    let broken = FIXTURE.replace("send = \"boos\"", "send = \"bos\"");
    let problems = problems_of(&broken);
    assert_eq!(problems.len(), 2, "{problems:?}");
    let line = FIXTURE
        .lines()
        .position(|l| l.contains("send = \"boos\""))
        .unwrap()
        + 1;
    assert!(
        problems[0].starts_with(&format!(
            "webcare-test.toml:{line}:10: fout: onbekend bericht 'bos'"
        )),
        "{problems:?}"
    );
    assert!(problems[0].contains("bedoel je 'boos'?"), "{problems:?}");
    // ... and 'boos' is now a follow-up nobody sends.
    assert!(
        problems[1].contains("heeft geen at en is geen vervolg"),
        "{problems:?}"
    );
}

#[test]
fn unknown_keys_behaviours_and_late_arrivals_are_all_reported() {
    let broken = FIXTURE
        .replace(
            "impact = \"laag\"\nurgency = \"laag\"\ntarget = 300\n\n[[messages]]\nid = \"boos\"",
            "impact = \"laag\"\nurgncy = \"laag\"\ntarget = 300\n\n[[messages]]\nid = \"boos\"",
        )
        .replace("behaviour = \"noemt-dm\"", "behaviour = \"noemt-dn\"")
        .replace("at = 90", "at = 900");
    let problems = problems_of(&broken);
    let all = problems.join("\n");
    assert!(all.contains("onbekend veld 'urgncy'"), "{all}");
    // Shape errors stop before meaning checks; fix the key and look again.
    let broken = broken.replace("urgncy", "urgency");
    let all = problems_of(&broken).join("\n");
    assert!(all.contains("onbekend gedrag 'noemt-dn'"), "{all}");
    assert!(
        all.contains("bericht 'vraag' komt pas na het einde van de dienst"),
        "{all}"
    );
}

#[test]
fn a_scenario_must_be_about_webcare() {
    let broken = FIXTURE.replace("werkprocessen = [\"B1-K2-W3\"]", "werkprocessen = []");
    let all = problems_of(&broken).join("\n");
    assert!(
        all.contains("een webcaredienst hoort bij B1-K2-W3"),
        "{all}"
    );
}

/// The customers listen (docs/webcare-format.md): a shipped scenario with
/// knowledge, the real catalogue and matcher.
mod listening {
    use super::*;

    const SHIPPED: &str = include_str!("../../dialogues/webcare-levering-vertraagd.toml");
    const WERKPROCESSEN: &str = include_str!("../../dialogues/werkprocessen.toml");

    fn shipped() -> Run {
        let catalogue = Catalogue::parse("werkprocessen.toml", WERKPROCESSEN.as_bytes()).unwrap();
        let (p, problems, _) =
            check_scenario_source("webcare-levering-vertraagd.toml", SHIPPED, &catalogue);
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        let p = p.unwrap();
        let (s, _) = shift::start(&p);
        Run {
            p,
            m: Matcher::new(),
            s,
        }
    }

    /// The text of message `id` when it arrived in `out`.
    fn arrived_text(out: &[Output], id: &str) -> Option<String> {
        out.iter().find_map(|o| match o {
            Output::Arrived(c) if c.message == id => Some(c.text.clone()),
            _ => None,
        })
    }

    fn answers(out: &[Output]) -> Vec<(u32, String, String)> {
        out.iter()
            .filter_map(|o| match o {
                Output::Answer {
                    number,
                    author,
                    text,
                } => Some((*number, author.clone(), text.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_question_about_what_the_customer_knows_gets_its_answer_in_a_message_of_its_own() {
        let mut run = shipped();
        run.at(300, Input::Tick);
        let out = run.at(
            320,
            reply(
                "m5",
                "Hoi! Ja, de zweefparasol is er ook in olijfgroen 🌿 Welke maat zoek je? ^Lisa",
            ),
        );
        let got = answers(&out);
        assert_eq!(got.len(), 1, "{out:?}");
        assert_eq!(got[0].1, "@tuinliefhebber");
        assert!(got[0].2.contains("3 meter"), "{got:?}");
        let post = run.s.post_of("m5").unwrap();
        let answer = post.reply.as_ref().unwrap().answer.as_ref().unwrap();
        assert_eq!(answer.topics, vec!["parasolmaat".to_string()]);
        assert_eq!(answer.questions.len(), 1);
    }

    #[test]
    fn the_answer_rides_along_with_the_follow_up_the_reply_sends() {
        let mut run = shipped();
        let out = run.at(
            30,
            reply(
                "m1",
                "Hoi Sanne, excuses! Door een storing bij de vervoerder is alles later. Welke loungeset heb je besteld? Stuur je ons een DM? ^Lisa",
            ),
        );
        assert!(answers(&out).is_empty(), "no separate message: {out:?}");
        let out = run.at(150, Input::Tick);
        let dm = arrived_text(&out, "m1-dm").expect("the DM arrives");
        assert!(dm.starts_with("Hoi, hier mijn ordernummer"), "{dm}");
        assert!(dm.contains("Lagos"), "{dm}");
    }

    #[test]
    fn a_question_the_follow_up_answers_itself_is_not_answered_twice() {
        let mut run = shipped();
        run.at(
            30,
            reply(
                "m1",
                "Hoi Sanne, excuses voor het wachten, de vervoerder heeft een storing. Stuur je ons een DM met je ordernummer? ^Lisa",
            ),
        );
        let out = run.at(150, Input::Tick);
        let dm = arrived_text(&out, "m1-dm").expect("the DM arrives");
        assert_eq!(dm.matches("BG-20417").count(), 1, "{dm}");
        let answer = run
            .s
            .post_of("m1")
            .unwrap()
            .reply
            .as_ref()
            .unwrap()
            .answer
            .clone();
        assert_eq!(
            answer.map(|a| a.topics),
            Some(vec!["ordernummer-sanne".to_string()])
        );
    }

    #[test]
    fn a_question_about_something_the_customer_does_not_know_gets_the_scenarios_unknown_line() {
        let mut run = shipped();
        run.at(300, Input::Tick);
        let out = run.at(
            320,
            reply(
                "m5",
                "Hoi! Ja, in olijfgroen. Wat is je favoriete film? ^Lisa",
            ),
        );
        let got = answers(&out);
        assert_eq!(got.len(), 1, "{out:?}");
        assert!(
            run.p.scenario.unknown.contains(&got[0].2),
            "{:?} is one of the file's unknown lines",
            got[0].2
        );
    }

    #[test]
    fn a_reply_without_a_question_gets_no_answer_and_the_score_stays_the_same() {
        let plain =
            "Hoi! Ja, de zweefparasol is er ook in olijfgroen 🌿 Je vindt hem in de webshop ^Lisa";
        let asking = "Hoi! Ja, de zweefparasol is er ook in olijfgroen 🌿 Welke maat zoek je? Je vindt hem in de webshop ^Lisa";
        let mut scores = Vec::new();
        for text in [plain, asking] {
            let mut run = shipped();
            run.at(300, Input::Tick);
            let out = run.at(320, reply("m5", text));
            assert_eq!(answers(&out).is_empty(), text == plain, "{out:?}");
            let report = run.report();
            let m5 = report.messages.iter().find(|m| m.message == "m5").unwrap();
            scores.push(m5.score);
        }
        assert_eq!(scores[0], scores[1], "an answered question is not scored");
    }

    #[test]
    fn the_same_customer_asked_again_in_its_dm_says_it_in_other_words() {
        let mut run = shipped();
        run.at(
            30,
            reply(
                "m1",
                "Hoi Sanne, excuses! Door een storing bij de vervoerder is alles later. Welke loungeset heb je besteld? Stuur je ons een DM? ^Lisa",
            ),
        );
        run.at(150, Input::Tick);
        let out = run.at(
            170,
            reply(
                "m1-dm",
                "Bedankt Sanne! Welke loungeset was het ook alweer? Hij komt donderdag ^Lisa",
            ),
        );
        let topic = run
            .p
            .knowledge_of("m1-dm")
            .unwrap()
            .topics
            .iter()
            .find(|t| t.id == "loungeset")
            .cloned()
            .expect("the DM's author knows what Sanne knows");
        let got = answers(&out);
        assert_eq!(got.len(), 1, "{out:?}");
        assert_eq!(got[0].2, topic.answer[1], "the variant not said yet");
    }

    #[test]
    fn a_shift_stored_before_customers_listened_still_resumes() {
        let old = r#"{"scenario_id":"webcare-levering-vertraagd","now":40,"posts":[{"number":1,"message":"m1","arrived_at":0,"reply":{"at":40,"text":"Hoi ^Lisa","detection":{"text":"Hoi ^Lisa","behaviours":[],"evidence":[]}},"escalated_at":null}],"pending":[{"message":"m2","at":60}],"hints":0,"finished":false,"stopped":false,"reflection":null}"#;
        let s: ShiftSession = serde_json::from_str(old).expect("an old session parses");
        let run = shipped();
        assert!(shift::can_resume(&run.p, &s));
        assert!(s.said.is_empty());
        assert!(s.posts[0].reply.as_ref().unwrap().answer.is_none());
    }
}

//! `check_source` on broken variants of a valid fixture dialogue: every kind of
//! mistake is reported in Dutch at the line and column of the offending value.

mod common;

use gesprekscoach::dialogue::{Catalogue, MAX_FILE_BYTES, Problem, Severity, check_source};

use common::fixtures::{fixture, valid_dialogue as valid};
use gesprekscoach::checking::load_dir;

fn catalogue() -> Catalogue {
    Catalogue::load(&fixture("valid/werkprocessen.toml")).unwrap()
}

/// The valid fixture with the first `from` replaced by `to`.
fn mutate(from: &str, to: &str) -> String {
    let text = valid();
    assert!(text.contains(from), "fixture does not contain {from:?}");
    text.replacen(from, to, 1)
}

fn problems(text: &str) -> Vec<Problem> {
    check_source("stoelen-verkopen.toml", text.as_bytes(), &catalogue()).1
}

/// 1-based line and column (in characters) of the `nth` occurrence of `needle`.
fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {} times", nth + 1))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Position of the value in the `nth` occurrence of `key = value`.
fn value_at(text: &str, key_value: &str, nth: usize) -> (usize, usize) {
    let (line, column) = position_of(text, key_value, nth);
    let eq = key_value
        .find("= ")
        .expect("needle has the form key = value");
    (line, column + key_value[..eq + 2].chars().count())
}

/// Asserts an error containing `message` at `(line, column)` and returns it.
fn assert_error(text: &str, at: (usize, usize), message: &str) -> Problem {
    let all = problems(text);
    all.iter()
        .find(|p| {
            p.severity == Severity::Error && (p.line, p.column) == at && p.message.contains(message)
        })
        .cloned()
        .unwrap_or_else(|| {
            let listed: Vec<String> = all.iter().map(ToString::to_string).collect();
            panic!(
                "no error {message:?} at {at:?}; got:\n{}",
                listed.join("\n")
            )
        })
}

#[test]
fn the_valid_fixture_has_no_problems_and_is_prepared() {
    let (prepared, problems) =
        check_source("stoelen-verkopen.toml", valid().as_bytes(), &catalogue());
    assert_eq!(problems, vec![]);
    let prepared = prepared.unwrap();
    assert_eq!(prepared.dialogue.id, "stoelen-verkopen");
    assert_eq!(prepared.rules.len(), 3);
    assert!(
        prepared
            .rule("prijs-correct")
            .unwrap()
            .expected_amount()
            .is_some()
    );
}

#[test]
fn a_toml_syntax_error_is_reported_at_the_unclosed_string() {
    let text = mutate(
        "title = \"Stoelen verkopen aan een kantoor\"",
        "title = \"Stoelen",
    );
    let p = assert_error(&text, (3, 17), "TOML-fout: een tekst is niet afgesloten");
    assert!(p.hint.is_some());
}

#[test]
fn several_syntax_errors_are_all_reported() {
    let text = mutate("level = 1", "level = [1,").replacen("minutes = 5", "minutes = = 5", 1);
    let errors = problems(&text);
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(
        errors.iter().all(|p| p.message.starts_with("TOML-fout")),
        "{errors:?}"
    );
}

#[test]
fn an_unknown_field_gets_a_did_you_mean_hint() {
    let text = mutate(
        "hint = \"Groet en stel je voor.\"",
        "hnt = \"Groet en stel je voor.\"",
    );
    let at = position_of(&text, "hnt", 0);
    let p = assert_error(&text, at, "onbekend veld 'hnt' in [[steps]]");
    assert_eq!(p.hint.as_deref(), Some("bedoel je 'hint'?"));
}

#[test]
fn unknown_fields_do_not_hide_mistakes_in_meaning() {
    let text = mutate("hint = \"Groet", "hnt = \"Groet").replacen("\"groet\"", "\"groeet\"", 1);
    assert_error(&text, position_of(&text, "hnt", 0), "onbekend veld");
    assert_error(
        &text,
        position_of(&text, "\"groeet\"", 0),
        "onbekend gedrag 'groeet'",
    );
}

#[test]
fn a_missing_required_field_is_reported_at_its_table() {
    let text = mutate("mood = \"Zakelijk en vriendelijk\"\n", "");
    let at = position_of(&text, "[persona]", 0);
    let p = assert_error(&text, at, "verplicht veld 'mood' ontbreekt in [persona]");
    assert!(p.hint.unwrap().contains("mood"));
}

#[test]
fn a_missing_required_field_in_a_step_is_reported_at_that_step() {
    let text = mutate("customer = [\"Ik weet het nog niet.\"]\n", "");
    let at = position_of(&text, "id = \"twijfel\"", 0);
    // The step's table starts at its first key (the header belongs to the array).
    let all = problems(&text);
    let p = all
        .iter()
        .find(|p| p.message == "verplicht veld 'customer' ontbreekt in [[steps]]")
        .unwrap_or_else(|| panic!("{all:?}"));
    assert!(
        p.line == at.0 || p.line + 1 == at.0,
        "reported at {}:{}, step at {at:?}",
        p.line,
        p.column
    );
}

#[test]
fn a_wrong_type_names_the_expected_and_the_found_type() {
    let text = mutate("level = 1", "level = \"twee\"");
    assert_error(
        &text,
        position_of(&text, "\"twee\"", 0),
        "'level' moet een geheel getal zijn, maar is tekst",
    );
}

#[test]
fn a_list_with_a_number_instead_of_a_text_is_reported_at_the_item() {
    let text = mutate("\"Levertijd: 2 weken\"]", "42]");
    assert_error(
        &text,
        position_of(&text, "42]", 0),
        "'facts' mag alleen teksten bevatten",
    );
}

#[test]
fn an_unknown_behaviour_id_suggests_the_closest_id() {
    let text = mutate("behaviour = \"groet\"", "behaviour = \"groeten\"");
    let p = assert_error(
        &text,
        position_of(&text, "\"groeten\"", 0),
        "onbekend gedrag 'groeten'",
    );
    assert_eq!(p.hint.as_deref(), Some("bedoel je 'groet'?"));
}

#[test]
fn a_misspelled_local_rule_id_suggests_the_rule() {
    let text = mutate("behaviour = \"noemt-demo\"", "behaviour = \"noemt-dem\"");
    let p = assert_error(
        &text,
        position_of(&text, "\"noemt-dem\"", 0),
        "onbekend gedrag 'noemt-dem'",
    );
    assert_eq!(p.hint.as_deref(), Some("bedoel je 'noemt-demo'?"));
}

#[test]
fn an_unknown_behaviour_in_a_branch_condition_is_reported() {
    let text = mutate("when = [\"noemt-demo\"]", "when = [\"demo\"]");
    let p = assert_error(
        &text,
        position_of(&text, "\"demo\"]", 1),
        "onbekend gedrag 'demo'",
    );
    assert_eq!(p.hint.as_deref(), Some("bedoel je 'noemt-demo'?"));
}

#[test]
fn an_unknown_werkproces_code_is_reported() {
    let text = mutate(
        "werkprocessen = [\"P4-K2-W3\"]",
        "werkprocessen = [\"P4-K2-W9\"]",
    );
    let p = assert_error(
        &text,
        position_of(&text, "\"P4-K2-W9\"", 0),
        "onbekende werkprocescode 'P4-K2-W9'",
    );
    assert!(p.hint.unwrap().starts_with("bedoel je 'P4-K2-W"));
}

#[test]
fn a_gedrag_that_is_not_a_line_of_its_werkproces_suggests_the_closest_line() {
    let text = mutate(
        "gedrag = \"informeert en adviseert de klant op vakkundige wijze\"",
        "gedrag = \"informeert en adviseert de klant vakkundig\"",
    );
    let p = assert_error(
        &text,
        position_of(&text, "\"informeert en adviseert de klant vakkundig\"", 0),
        "is geen Gedrag-regel van P4-K2-W3",
    );
    assert_eq!(
        p.hint.as_deref(),
        Some("bedoel je: \"informeert en adviseert de klant op vakkundige wijze\"?")
    );
}

#[test]
fn a_gedrag_line_differing_only_in_case_and_punctuation_is_accepted() {
    let text = mutate(
        "gedrag = \"informeert en adviseert de klant op vakkundige wijze\"",
        "gedrag = \" Informeert en adviseert de klant op vakkundige wijze;\"",
    );
    assert_eq!(problems(&text), vec![]);
}

#[test]
fn a_criterion_for_a_werkproces_the_dialogue_does_not_train_is_reported() {
    let text = mutate("werkproces = \"P4-K2-W3\"", "werkproces = \"P4-K2-W2\"");
    let p = assert_error(
        &text,
        position_of(&text, "\"P4-K2-W2\"", 0),
        "maar dat staat niet in werkprocessen van deze dialoog",
    );
    assert!(p.hint.unwrap().contains("P4-K2-W3"));
}

#[test]
fn an_invalid_regex_is_reported_with_the_reason() {
    let text = mutate(
        "regex = '\\b(2|twee) weken\\b'",
        "regex = '\\b(2|twee weken'",
    );
    let p = assert_error(
        &text,
        position_of(&text, "'\\b(2|twee weken'", 0),
        "ongeldige reguliere expressie in regel 'levertijd'",
    );
    assert!(p.message.contains("unclosed group"), "{}", p.message);
}

#[test]
fn an_invalid_amount_calculation_is_reported() {
    let text = mutate(
        "amount = \"20 * 395 * (1 - 0.10) * 1.21\"",
        "amount = \"20 x 395\"",
    );
    assert_error(
        &text,
        position_of(&text, "\"20 x 395\"", 0),
        "ongeldige berekening in amount van regel 'prijs-correct'",
    );
}

#[test]
fn an_invalid_tolerance_is_reported_at_the_tolerance() {
    let text = mutate("tolerance = \"0.01\"", "tolerance = \"een cent\"");
    assert_error(
        &text,
        position_of(&text, "\"een cent\"", 0),
        "ongeldige berekening in tolerance",
    );
}

#[test]
fn a_rule_without_keywords_regex_or_amount_is_reported() {
    let text = mutate("keywords = [\"demonstratie\", \"demo\"]\n", "");
    let all = problems(&text);
    let p = all
        .iter()
        .find(|p| p.message == "regel 'noemt-demo' heeft geen keywords, regex of amount")
        .unwrap_or_else(|| panic!("{all:?}"));
    // The rule's table begins at its [[rules]] header.
    assert_eq!(p.line, position_of(&text, "id = \"noemt-demo\"", 0).0 - 1);
}

#[test]
fn a_rule_with_both_keywords_and_regex_is_reported_at_the_second() {
    let text = mutate(
        "keywords = [\"demonstratie\", \"demo\"]",
        "keywords = [\"demonstratie\", \"demo\"]\nregex = 'demo'",
    );
    assert_error(
        &text,
        position_of(&text, "'demo'", 0),
        "regel 'noemt-demo' heeft meer dan één van keywords, regex en amount",
    );
}

#[test]
fn an_empty_keyword_is_reported() {
    let text = mutate(
        "keywords = [\"demonstratie\", \"demo\"]",
        "keywords = [\"demonstratie\", \"\"]",
    );
    assert_error(
        &text,
        position_of(&text, "\"\"]", 0),
        "tekst 2 van keywords is leeg",
    );
}

#[test]
fn duplicate_step_ids_are_reported_at_the_second() {
    let text = mutate("id = \"twijfel\"", "id = \"akkoord\"");
    assert_error(
        &text,
        value_at(&text, "id = \"akkoord\"", 1),
        "stap 'akkoord' komt twee keer voor",
    );
}

#[test]
fn duplicate_rule_ids_are_reported() {
    let text = mutate("id = \"levertijd\"", "id = \"noemt-demo\"");
    assert_error(
        &text,
        value_at(&text, "id = \"noemt-demo\"", 1),
        "regel 'noemt-demo' komt twee keer voor",
    );
}

#[test]
fn duplicate_criterion_ids_are_reported() {
    let text = mutate("id = \"advies\"", "id = \"professioneel\"");
    assert_error(
        &text,
        value_at(&text, "id = \"professioneel\"", 1),
        "criterium 'professioneel' komt twee keer voor",
    );
}

#[test]
fn duplicate_example_names_are_reported() {
    let second = "\n[[examples]]\nname = \"sterke student\"\nreplies = [\"Goedemiddag\", \"Zal ik een demo geven?\", \"Tot dan\"]\npath = [\"opening\", \"advies\", \"akkoord\", \"einde\"]\nscore = 90\n";
    let text = valid() + second;
    assert_error(
        &text,
        value_at(&text, "name = \"sterke student\"", 1),
        "voorbeeldgesprek 'sterke student' komt twee keer voor",
    );
}

#[test]
fn the_same_dialogue_id_in_two_files_is_reported_at_the_second_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("valid/werkprocessen.toml"),
        dir.path().join("werkprocessen.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.toml"), valid()).unwrap();
    std::fs::write(dir.path().join("b.toml"), valid()).unwrap();
    let (dialogues, problems) = load_dir(dir.path());
    assert_eq!(dialogues.len(), 1);
    let dup = problems
        .iter()
        .find(|p| {
            p.message
                .contains("de id 'stoelen-verkopen' wordt ook al gebruikt in")
        })
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert!(dup.file.ends_with("b.toml"));
    assert!(dup.message.contains("a.toml"));
    assert_eq!((dup.line, dup.column), (2, 6));
}

#[test]
fn a_goto_to_a_missing_step_suggests_the_closest_step() {
    let text = mutate("goto = \"akkoord\"", "goto = \"akord\"");
    let p = assert_error(
        &text,
        position_of(&text, "\"akord\"", 0),
        "goto naar een stap die niet bestaat: 'akord'",
    );
    assert_eq!(p.hint.as_deref(), Some("bedoel je 'akkoord'?"));
}

#[test]
fn a_missing_start_step_is_reported() {
    let text = mutate("start = \"opening\"", "start = \"begin\"");
    assert_error(
        &text,
        position_of(&text, "\"begin\"", 0),
        "de startstap 'begin' bestaat niet",
    );
}

#[test]
fn an_unreachable_step_is_an_error() {
    let text = mutate(
        "  when = [\"noemt-demo\"]\n  goto = \"akkoord\"",
        "  when = [\"noemt-demo\"]\n  goto = \"einde\"",
    );
    assert_error(
        &text,
        value_at(&text, "id = \"akkoord\"", 0),
        "stap 'akkoord' is onbereikbaar",
    );
}

#[test]
fn a_loop_without_a_way_to_the_end_is_reported() {
    // twijfel -> advies -> twijfel ... and akkoord is the only way out; make
    // akkoord loop back too, so no end step can be reached.
    let text = mutate(
        "customer = [\"Ik weet het nog niet.\"]\n\n  [[steps.next]]\n  goto = \"einde\"",
        "customer = [\"Ik weet het nog niet.\"]\n\n  [[steps.next]]\n  goto = \"advies\"",
    )
    .replacen(
        "customer = [\"Prima, kom maar langs.\"]\n\n  [[steps.next]]\n  goto = \"einde\"",
        "customer = [\"Prima, kom maar langs.\"]\n\n  [[steps.next]]\n  goto = \"opening\"",
        1,
    );
    assert_error(
        &text,
        value_at(&text, "id = \"advies\"", 1),
        "vanuit stap 'advies' kan het gesprek nooit eindigen",
    );
    assert_error(
        &text,
        value_at(&text, "id = \"einde\"", 0),
        "stap 'einde' is onbereikbaar",
    );
}

#[test]
fn a_dialogue_without_any_end_step_is_reported() {
    let text = mutate("end = true", "end = false");
    let all = problems(&text);
    assert!(
        all.iter()
            .any(|p| p.message.contains("de dialoog heeft geen eindstap")),
        "{all:?}"
    );
}

#[test]
fn a_step_without_next_that_is_not_an_end_step_is_reported() {
    let text = mutate(
        "customer = [\"Ik weet het nog niet.\"]\n\n  [[steps.next]]\n  goto = \"einde\"\n",
        "customer = [\"Ik weet het nog niet.\"]\n",
    );
    assert_error(
        &text,
        value_at(&text, "id = \"twijfel\"", 0),
        "stap 'twijfel' heeft geen next en is geen eindstap",
    );
}

#[test]
fn a_default_branch_that_is_not_last_is_reported() {
    let text = mutate(
        "  [[steps.next]]\n  when = [\"noemt-demo\"]\n  goto = \"akkoord\"\n\n  [[steps.next]]\n  goto = \"twijfel\"",
        "  [[steps.next]]\n  goto = \"twijfel\"\n\n  [[steps.next]]\n  when = [\"noemt-demo\"]\n  goto = \"akkoord\"",
    );
    let all = problems(&text);
    let p = all
        .iter()
        .find(|p| {
            p.message.contains(
                "de standaardtak (zonder voorwaarde) van stap 'advies' staat niet als laatste",
            )
        })
        .unwrap_or_else(|| panic!("{all:?}"));
    // The branch's table begins at its [[steps.next]] header.
    assert_eq!(p.line, position_of(&text, "goto = \"twijfel\"", 0).0 - 1);
}

#[test]
fn a_step_without_a_default_branch_is_reported() {
    let text = mutate(
        "\n  [[steps.next]]\n  goto = \"twijfel\"",
        "\n  [[steps.next]]\n  when_any = [\"bedanken\"]\n  goto = \"twijfel\"",
    );
    let all = problems(&text);
    assert!(
        all.iter()
            .any(|p| p.message.contains("stap 'advies' heeft geen standaardtak")),
        "{all:?}"
    );
}

#[test]
fn empty_texts_are_reported_each_at_its_place() {
    let text = mutate("\"Hendriks Bouw, met Anouk.\"", "\"  \"")
        .replacen("hit = \"Netjes gegroet.\"", "hit = \"\"", 1)
        .replacen(
            "goal = \"Verkoop twintig stoelen en noem de juiste prijs.\"",
            "goal = \"\"",
            1,
        )
        .replacen("customer = [\"Tot ziens.\"]", "customer = []", 1);
    assert_error(
        &text,
        position_of(&text, "\"  \"", 0),
        "tekst 2 van customer is leeg",
    );
    assert_error(&text, position_of(&text, "\"\"", 1), "hit is leeg");
    assert_error(
        &text,
        position_of(&text, "\"\"", 0),
        "briefing.goal is leeg",
    );
    assert_error(
        &text,
        position_of(&text, "[]", 0),
        "customer is een lege lijst",
    );
}

#[test]
fn an_expectation_for_a_missing_criterion_is_reported() {
    let text = mutate("criterion = \"advies\"", "criterion = \"adviseren\"");
    let p = assert_error(
        &text,
        position_of(&text, "\"adviseren\"", 0),
        "onbekend criterium 'adviseren'",
    );
    assert_eq!(p.hint.as_deref(), Some("bedoel je 'advies'?"));
}

#[test]
fn a_rule_id_that_is_a_catalogue_behaviour_is_reported() {
    let text = mutate("id = \"levertijd\"", "id = \"oplossing\"");
    assert_error(
        &text,
        position_of(&text, "\"oplossing\"", 0),
        "regel-id 'oplossing' is al een gedrag uit de catalogus",
    );
}

#[test]
fn a_level_out_of_range_is_reported() {
    let text = mutate("level = 1", "level = 4");
    assert_error(
        &text,
        value_at(&text, "level = 4", 0),
        "'level' moet tussen 1 en 3 liggen, maar is 4",
    );
}

#[test]
fn a_language_other_than_nl_or_en_is_reported() {
    let text = mutate("language = \"nl\"", "language = \"de\"");
    assert_error(
        &text,
        position_of(&text, "\"de\"", 0),
        "'language' moet een van \"nl\", \"en\" zijn, maar is 'de'",
    );
}

#[test]
fn an_example_score_above_100_is_reported() {
    let text = mutate("score = 100", "score = 120");
    assert_error(
        &text,
        position_of(&text, "120", 0),
        "'score' moet tussen 0 en 100 liggen, maar is 120",
    );
}

#[test]
fn an_example_path_that_skips_a_step_or_stops_early_is_reported() {
    let text = mutate(
        "path = [\"opening\", \"advies\", \"akkoord\", \"einde\"]",
        "path = [\"opening\", \"akkoord\", \"einde\", \"advies\"]",
    );
    assert_error(
        &text,
        position_of(&text, "\"akkoord\", \"einde\", \"advies\"]", 0),
        "in path volgt 'akkoord' op 'opening'",
    );
    assert_error(
        &text,
        position_of(&text, "\"advies\"]", 0),
        "path eindigt bij 'advies', maar dat is geen eindstap",
    );
}

#[test]
fn an_example_with_an_unknown_criterion_or_step_is_reported() {
    let text = mutate(
        "met = [\"professioneel\", \"advies\"]",
        "met = [\"professioneel\", \"adviseren\"]",
    )
    .replacen("\"akkoord\", \"einde\"]", "\"akord\", \"einde\"]", 1);
    assert_error(
        &text,
        position_of(&text, "\"adviseren\"", 0),
        "onbekend criterium 'adviseren' in met",
    );
    assert_error(
        &text,
        position_of(&text, "\"akord\"", 0),
        "onbekende stap 'akord' in path",
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let mut text = valid();
    text.push_str(&"# opvulling\n".repeat(MAX_FILE_BYTES / 10));
    let all = problems(&text);
    assert_eq!(all.len(), 1);
    assert!(
        all[0].message.starts_with("het bestand is te groot"),
        "{all:?}"
    );
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let mut bytes = valid().into_bytes();
    let at = position_of(&valid(), "Anouk de Vries\"", 0);
    let offset = valid().find("Anouk de Vries\"").unwrap();
    bytes[offset] = 0xE9; // Latin-1 "é": not UTF-8
    let (prepared, all) = check_source("stoelen-verkopen.toml", &bytes, &catalogue());
    assert!(prepared.is_none());
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].line, all[0].column), at);
    assert!(all[0].message.contains("geen geldige UTF-8"));
}

#[test]
fn a_utf16_file_is_refused_with_a_clear_message() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in valid().encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let all = problems_of_bytes(&bytes);
    assert_eq!(all.len(), 1);
    assert!(all[0].message.contains("UTF-16"));
}

fn problems_of_bytes(bytes: &[u8]) -> Vec<Problem> {
    check_source("stoelen-verkopen.toml", bytes, &catalogue()).1
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(valid().into_bytes());
    assert_eq!(problems_of_bytes(&bytes), vec![]);
}

#[test]
fn deep_nesting_is_refused_without_crashing() {
    let deep = format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let all = problems(&deep);
    assert!(
        all.iter().any(|p| p.message.contains("te diep genest")),
        "{all:?}"
    );
    let dotted = format!("{} = 1\n", vec!["a"; 5000].join("."));
    assert!(!problems(&dotted).is_empty());
}

#[test]
fn a_catastrophic_regex_is_refused_by_the_size_limit() {
    let text = mutate(
        "regex = '\\b(2|twee) weken\\b'",
        "regex = '(\\w{100}){100}'",
    );
    assert_error(
        &text,
        position_of(&text, "'(\\w{100}){100}'", 0),
        "ongeldige reguliere expressie",
    );
}

#[test]
fn many_different_mistakes_are_reported_at_once() {
    let text = mutate("level = 1", "level = 9")
        .replacen("behaviour = \"groet\"", "behaviour = \"groeten\"", 1)
        .replacen("goto = \"akkoord\"", "goto = \"akord\"", 1)
        .replacen("hit = \"Netjes gegroet.\"", "hit = \"\"", 1);
    let all = problems(&text);
    // The level is a shape error: checked first, it stops the meaning checks.
    assert_eq!(all.len(), 1, "{all:?}");
    let text = text.replacen("level = 9", "level = 2", 1);
    let all = problems(&text);
    for part in ["onbekend gedrag 'groeten'", "'akord'", "hit is leeg"] {
        assert!(
            all.iter().any(|p| p.message.contains(part)),
            "{part}: {all:?}"
        );
    }
    let lines: Vec<usize> = all.iter().map(|p| p.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "problems come in file order");
}

#[test]
fn an_end_step_with_expectations_gets_a_warning_but_still_loads() {
    let text = mutate(
        "customer = [\"Tot ziens.\"]\nend = true",
        "customer = [\"Tot ziens.\"]\nend = true\n\n  [[steps.expect]]\n  behaviour = \"bedanken\"\n  criterion = \"professioneel\"\n  hit = \"Mooi.\"\n  miss = \"Bedank de klant.\"",
    );
    let (prepared, all) = check_source("stoelen-verkopen.toml", text.as_bytes(), &catalogue());
    assert!(prepared.is_some());
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].severity, Severity::Warning);
    assert!(
        all[0]
            .to_string()
            .contains(": waarschuwing: eindstap 'einde' heeft expect/avoid")
    );
}

/// A file of the maximum size made of steps whose every reference is wrong.
fn hostile_file() -> String {
    let mut text = valid();
    let mut i = 0;
    while text.len() < MAX_FILE_BYTES - 200 {
        text.push_str(&format!(
            "[[steps]]\nid = \"s{i}\"\ncustomer = [\"x\"]\n[[steps.next]]\nwhen = [\"b{i}\"]\ngoto = \"t{i}\"\n"
        ));
        i += 1;
    }
    text
}

#[test]
fn thousands_of_mistakes_are_capped_with_a_summary_line() {
    let text = hostile_file();
    let all = problems(&text);
    assert!(all.len() <= 201, "{}", all.len());
    let last = all.last().unwrap();
    assert!(last.message.starts_with("en nog "), "{last}");
    assert!(last.message.ends_with(" andere problemen"), "{last}");
}

#[test]
fn a_syntax_error_cascade_is_summarised() {
    let text = mutate("level = 1", "level = [1,");
    let all = problems(&text);
    assert!(all.len() <= 11, "{all:?}");
    // The parser notices the unclosed list on the next line.
    assert_eq!(all[0].line, position_of(&text, "level = [1,", 0).0 + 1);
    assert!(all.last().unwrap().message.contains("regels met fouten"));
}

#[test]
fn retry_texts_without_a_required_behaviour_get_a_warning() {
    let text = mutate("  required = true\n", "");
    let (prepared, all) = check_source("stoelen-verkopen.toml", text.as_bytes(), &catalogue());
    assert!(prepared.is_some());
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].severity, Severity::Warning);
    assert_eq!(
        (all[0].line, all[0].column),
        value_at(&text, "retry = [\"Met wie spreek ik?\"]", 0)
    );
    assert!(all[0].message.contains("de klant vraagt het nooit opnieuw"));
}

#[test]
fn an_english_dialogue_that_expects_u_vorm_gets_a_warning_and_a_dutch_one_does_not() {
    let expect_u =
        |text: String| text.replacen("behaviour = \"groet\"", "behaviour = \"u-vorm\"", 1);
    let dutch = expect_u(valid());
    assert_eq!(problems(&dutch), vec![]);
    let english = expect_u(mutate("language = \"nl\"", "language = \"en\""));
    let (prepared, all) = check_source("stoelen-verkopen.toml", english.as_bytes(), &catalogue());
    assert!(prepared.is_some());
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].severity, Severity::Warning);
    assert_eq!(
        (all[0].line, all[0].column),
        value_at(&english, "behaviour = \"u-vorm\"", 0)
    );
    assert!(
        all[0]
            .to_string()
            .contains("'u-vorm' bestaat niet in het Engels"),
        "{}",
        all[0]
    );
}

/// The fixture with the "advies" step also asking for the calculated price
/// (`prijs-correct`: 20 × € 395, 10% off, plus 21% VAT = € 8.603,10), with
/// `hint` as its hint.
fn asking_the_price(hint: &str) -> String {
    mutate(
        "customer = [\"Wat kunt u me aanbieden?\"]\n",
        &format!(
            "customer = [\"Wat kunt u me aanbieden?\"]\nhint = \"{hint}\"\n\n  [[steps.expect]]\n  behaviour = \"prijs-correct\"\n  criterion = \"advies\"\n  hit = \"Klopt: € 8.603,10.\"\n  miss = \"Reken het uit: aantal stoelen × prijs per stoel, dan de korting eraf, dan × 1,21.\"\n"
        ),
    )
}

#[test]
fn a_hint_that_states_the_result_of_the_steps_calculation_gets_a_warning() {
    let text = asking_the_price("20 × € 395, min 10% korting, plus btw: € 8.603,10.");
    let (prepared, all) = check_source("stoelen-verkopen.toml", text.as_bytes(), &catalogue());
    assert!(prepared.is_some(), "a warning does not refuse the file");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].severity, Severity::Warning);
    assert_eq!(
        (all[0].line, all[0].column),
        value_at(&text, "hint = \"20 × € 395", 0)
    );
    let shown = all[0].to_string();
    assert!(
        shown.contains(
            "de hint van stap 'advies' noemt de uitkomst van regel 'prijs-correct' (8.603,10)"
        ),
        "{shown}"
    );
    assert!(shown.contains("noem de rekenstappen in woorden"), "{shown}");
}

#[test]
fn a_hint_that_names_the_steps_of_the_calculation_gets_no_warning() {
    let text = asking_the_price(
        "Reken stap voor stap: prijs = aantal stoelen × € 395, dan 10% korting eraf, dan × 1,21 voor de btw.",
    );
    assert_eq!(problems(&text), vec![]);
    let formula = asking_the_price("Prijs = 20 × € 395 × 0,9 × 1,21.");
    assert_eq!(problems(&formula), vec![]);
}

#[test]
fn a_hint_that_works_out_an_intermediate_step_gets_a_warning() {
    let text = asking_the_price("Eerst 20 × € 395 = € 7.900, dan de korting eraf en de btw erbij.");
    let all = problems(&text);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].severity, Severity::Warning);
    assert_eq!(
        (all[0].line, all[0].column),
        value_at(&text, "hint = \"Eerst 20 × € 395", 0)
    );
    assert!(
        all[0]
            .message
            .contains("de hint van stap 'advies' rekent een stap al voor (\"= € 7.900\")"),
        "{}",
        all[0]
    );
}

#[test]
fn a_miss_tip_or_criterion_tip_that_states_the_result_gets_a_warning_each() {
    let text = asking_the_price("Reken het uit en noem het bedrag incl. btw.")
        .replacen(
            "miss = \"Reken het uit: aantal stoelen",
            "miss = \"Het is 8603.10 euro. Reken het uit: aantal stoelen",
            1,
        )
        .replacen(
            "tip = \"Noem de demonstratie en de levertijd.\"",
            "tip = \"Noem de demonstratie, de levertijd en de prijs van 8.603,10 euro.\"",
            1,
        );
    let all = problems(&text);
    let messages: Vec<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(all.len(), 2, "{messages:?}");
    assert!(all.iter().all(|p| p.severity == Severity::Warning));
    assert_eq!(
        (all[0].line, all[0].column),
        value_at(&text, "tip = \"Noem de demonstratie, de levertijd", 0)
    );
    assert!(messages[0].contains(
        "de tip van criterium 'advies' noemt de uitkomst van regel 'prijs-correct' (8.603,10)"
    ));
    assert_eq!(
        (all[1].line, all[1].column),
        value_at(&text, "miss = \"Het is 8603.10 euro.", 0)
    );
    assert!(messages[1].contains("de miss-tip voor 'prijs-correct' in stap 'advies'"));
}

#[test]
fn two_required_expectations_sharing_one_retry_line_are_an_error() {
    let text = mutate(
        "  miss = \"Begin met een groet.\"\n",
        "  miss = \"Begin met een groet.\"\n\n  [[steps.expect]]\n  behaviour = \"stelt-zich-voor\"\n  required = true\n  criterion = \"professioneel\"\n  hit = \"Ze weet wie er belt.\"\n  miss = \"Stel je voor.\"\n",
    );
    let error = assert_error(
        &text,
        value_at(&text, "required = true", 1),
        "stap 'opening' heeft 2 verplichte verwachtingen maar één set retry-teksten",
    );
    assert!(
        error.to_string().contains("splits de stap in twee stappen"),
        "{error}"
    );
    // One required expectation with its retry line is fine.
    let one = text.replacen(
        "  required = true\n  criterion = \"professioneel\"\n  hit = \"Ze weet",
        "  criterion = \"professioneel\"\n  hit = \"Ze weet",
        1,
    );
    assert_eq!(problems(&one), vec![]);
}

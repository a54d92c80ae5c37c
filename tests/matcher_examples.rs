//! The examples table of `../shared/spec/behaviours.md`: each example must
//! produce exactly its listed behaviours.

use std::collections::BTreeSet;

use gesprekscoach::matching::{BEHAVIOURS, Matcher};

fn examples() -> Vec<(String, BTreeSet<String>)> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/behaviours.md");
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let section = spec
        .split("## Examples")
        .nth(1)
        .expect("an Examples section");
    section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| reply") && !l.starts_with("|---"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let want = cells[1]
                .split(',')
                .map(str::trim)
                .filter(|b| !b.is_empty() && !b.starts_with('('))
                .map(String::from)
                .collect();
            (cells[0].to_string(), want)
        })
        .collect()
}

#[test]
fn every_catalogue_example_shows_exactly_its_behaviours() {
    let matcher = Matcher::new();
    let examples = examples();
    assert!(
        examples.len() >= 15,
        "found only {} examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for (text, want) in &examples {
        let det = matcher.detect(text);
        let got: BTreeSet<String> = det.behaviours.iter().cloned().collect();
        if &got != want {
            failures.push(format!(
                "{text}\n  want {want:?}\n  got  {got:?}\n  evidence {:?}",
                det.evidence
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_examples_only_use_catalogue_ids() {
    for (_, want) in examples() {
        for id in want {
            assert!(BEHAVIOURS.iter().any(|b| b.id == id), "unknown id {id}");
        }
    }
}

#[test]
fn evidence_quotes_the_students_own_words() {
    let matcher = Matcher::new();
    let text = "Exuses voor t ongemak, ik zoek het ff voor u uit";
    let det = matcher.detect(text);
    let e = det.evidence_for("excuses").expect("excuses evidence");
    assert_eq!((e.start, e.end, e.matched.as_str()), (0, 6, "Exuses"));
    let e = det.evidence_for("oplossing").expect("oplossing evidence");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[e.start..e.end].iter().collect::<String>(), e.matched);
    assert!(
        e.matched.starts_with("ik zoek") && e.matched.ends_with("uit"),
        "{}",
        e.matched
    );
}

#[test]
fn negated_hits_are_evidence_but_not_behaviours() {
    let matcher = Matcher::new();
    let det = matcher.detect("ik begrijp het niet");
    assert!(!det.has("empathie"));
    assert!(
        det.evidence
            .iter()
            .any(|e| e.behaviour == "empathie" && e.negated)
    );
    let det = matcher.detect("Vervelend dat het niet lukt");
    assert!(det.has("empathie"), "{:?}", det.evidence);
    let det = matcher.detect("geen probleem, ik regel het voor u");
    assert!(det.has("oplossing"), "{:?}", det.evidence);
    assert!(!matcher.detect("geen dank!").has("bedanken"));
}

#[test]
fn real_words_are_not_read_as_typos() {
    let matcher = Matcher::new();
    assert!(!matcher.detect("de prins is niet duur").has("noemt-prijs"));
    assert!(
        !matcher
            .detect("we gaan op excursies met het college")
            .has("excuses")
    );
    assert!(
        matcher
            .detect("oplosing: ik stuur u een nieuwe")
            .has("oplossing")
    );
    assert!(matcher.detect("sooorry!!").has("excuses"));
}

#[test]
fn question_type_does_not_need_a_question_mark() {
    let matcher = Matcher::new();
    let cases = [
        ("oké, wat zoekt u precies", "open-vraag"),
        ("nou hoeveel stoelen heeft u nodig", "open-vraag"),
        ("heeft u al een offerte", "gesloten-vraag"),
        ("dat is toch duidelijk, toch?", "gesloten-vraag"),
        ("u zoekt 40 stoelen?", "gesloten-vraag"),
        (
            "kunt u mij vertellen waarvoor u de stoelen gebruikt",
            "open-vraag",
        ),
    ];
    for (text, want) in cases {
        assert!(
            matcher.detect(text).has(want),
            "{text}: {:?}",
            matcher.detect(text).behaviours
        );
    }
    let det = matcher.detect("wat vervelend!");
    assert!(!det.has("open-vraag") && !det.has("gesloten-vraag"));
    assert!(
        !matcher
            .detect("kunt u mij vertellen waarvoor u de stoelen gebruikt")
            .has("gesloten-vraag")
    );
}

#[test]
fn money_is_recognised_in_the_ways_students_write_it() {
    let matcher = Matcher::new();
    for text in [
        "€ 1.210,00",
        "1210 euro",
        "€1,234.56",
        "dat is 121,-",
        "vijfhonderd euro",
        "twaalfhonderd euro",
        "EUR 3.850",
    ] {
        assert!(matcher.detect(text).has("noemt-prijs"), "{text}");
    }
    for text in ["12,5% korting", "40 stoelen", "binnen 2 weken"] {
        assert!(!matcher.detect(text).has("noemt-prijs"), "{text}");
    }
}

#[test]
fn register_mixed_counts_as_je_vorm() {
    let matcher = Matcher::new();
    let det = matcher.detect("kunt u je postcode sturen?");
    assert!(det.has("je-vorm") && !det.has("u-vorm"));
    let det = matcher.detect("jullie bestelling is onderweg");
    assert!(!det.has("je-vorm") && !det.has("u-vorm"));
    assert!(matcher.detect("a.u.b. even wachten").has("u-vorm"));
}

#[test]
fn separable_verbs_match_across_a_gap() {
    let matcher = Matcher::new();
    assert!(matcher.detect("ik bel u morgen terug").has("oplossing"));
    assert!(matcher.detect("ik zoek het voor u uit").has("oplossing"));
}

/// Phrasings the dialogue authors wrote independently of the dev set, which an
/// earlier version missed.
#[test]
fn escalation_proposals_and_third_person_benefits_are_recognised() {
    let matcher = Matcher::new();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("Oké, ik overleg het met Fatima.", &["escaleren"], &[]),
        (
            "Daar moet ik mijn leidinggevende over spreken, ik laat het u morgen weten.",
            &["escaleren", "vervolgafspraak"],
            &[],
        ),
        (
            "Zullen we dat volgende week dinsdag om 10 uur samen bekijken?",
            &["vervolgafspraak"],
            &[],
        ),
        (
            "Zullen we donderdag 16 april om 14.00 uur een demo doen?",
            &["vervolgafspraak"],
            &[],
        ),
        ("dat scheelt Koster inwerktijd", &["voordeel-benoemen"], &[]),
        (
            "Dat betekent voor Woonstede dat de huurders sneller geholpen worden.",
            &["voordeel-benoemen"],
            &[],
        ),
        (
            "ik heb het met mijn collega's besproken",
            &[],
            &["escaleren"],
        ),
        ("ik bespreek het graag met u", &[], &["escaleren"]),
        ("ik overleg het met jullie", &[], &["escaleren"]),
    ];
    check_cases(&matcher, cases);
}

type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str]);

/// Each text shows the behaviours of its first list and none of its second.
fn check_cases(matcher: &Matcher, cases: &[Case]) {
    for (text, want, not) in cases {
        let got = matcher.detect(text);
        for b in *want {
            assert!(
                got.has(b),
                "{text:?} should show {b}, got {:?}",
                got.behaviours
            );
        }
        for b in *not {
            assert!(
                !got.has(b),
                "{text:?} should not show {b}, got {:?}",
                got.behaviours
            );
        }
    }
}

/// Gaps the previous stop's note listed, found on independently written replies.
#[test]
fn chat_negation_summary_questions_and_service_offers_are_read_right() {
    let matcher = Matcher::new();
    let cases: &[Case] = &[
        // "nie" is about the knowing, not the apology.
        ("weet ik nie meer sry", &["excuses"], &[]),
        ("ik zeg geen sorry", &[], &["excuses"]),
        // "dus ...?" checks the customer's words: a summary.
        ("oke dus twee keer per week koffie?", &["samenvatten"], &[]),
        ("dus 40 medewerkers op de zaak?", &["samenvatten"], &[]),
        (
            "dus wat zoekt u precies?",
            &["open-vraag"],
            &["samenvatten"],
        ),
        // A promise in a subordinate clause, verb last.
        ("ik beloof dat ik u morgen terugbel", &["oplossing"], &[]),
        (
            "ik zorg dat we het vandaag voor u regelen",
            &["oplossing"],
            &[],
        ),
        (
            "ik kan niet beloven dat ik u morgen terugbel",
            &[],
            &["oplossing"],
        ),
        // Offering service is no cross-sell.
        ("kan ik nog iets voor u doen", &[], &["bijverkoop"]),
        (
            "is er nog iets dat ik voor u kan regelen?",
            &[],
            &["bijverkoop"],
        ),
        (
            "dit is ook interessant voor u: een waterkoeler",
            &["bijverkoop"],
            &[],
        ),
    ];
    check_cases(&matcher, cases);
}

#[test]
fn an_amount_in_several_words_is_one_price_quoted_whole() {
    let matcher = Matcher::new();
    for (text, quoted) in [
        ("dat kost twee duizend euro", "twee duizend euro"),
        ("samen 2 duizend euro", "2 duizend euro"),
        (
            "dan kom je op drie duizend vijfhonderd euro",
            "drie duizend vijfhonderd euro",
        ),
    ] {
        let det = matcher.detect(text);
        let evidence = det.evidence_for("noemt-prijs").expect(text);
        assert_eq!(evidence.matched, quoted);
    }
}

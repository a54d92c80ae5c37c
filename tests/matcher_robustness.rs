//! Arbitrary Unicode never makes the matcher panic, and every evidence span
//! lies on character boundaries of the original text and quotes it exactly.

use std::sync::LazyLock;

use gesprekscoach::matching::{LocalRule, LocalRuleSpec, Matcher};
use proptest::prelude::*;

// Compiled once: compiling per case would only measure regex compilation.
static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::new);
static RULES: LazyLock<Vec<LocalRule>> = LazyLock::new(local_rules);

fn check(matcher: &Matcher, rules: &[&LocalRule], text: &str) {
    let det = matcher.detect_with(text, rules);
    let chars: Vec<char> = text.chars().collect();
    for e in &det.evidence {
        assert!(
            e.start <= e.end && e.end <= chars.len(),
            "{e:?} in {} chars",
            chars.len()
        );
        let quoted: String = chars[e.start..e.end].iter().collect();
        assert_eq!(quoted, e.matched);
    }
    for b in &det.behaviours {
        assert!(det.evidence.iter().any(|e| &e.behaviour == b && !e.negated));
    }
}

fn local_rules() -> Vec<LocalRule> {
    let spec = |id: &str| LocalRuleSpec {
        id: id.to_string(),
        ..LocalRuleSpec::default()
    };
    vec![
        LocalRule::compile(&LocalRuleSpec {
            keywords: Some(vec!["demonstratie".into(), "nieuw kantoor".into()]),
            ..spec("kw")
        })
        .expect("keywords"),
        LocalRule::compile(&LocalRuleSpec {
            regex: Some(r"\b(2|twee) weken\b".into()),
            ..spec("re")
        })
        .expect("regex"),
        LocalRule::compile(&LocalRuleSpec {
            amount: Some("20 * 395 * (1 - 0.10) * 1.21".into()),
            ..spec("amount")
        })
        .expect("amount"),
    ]
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Zéëï€ ,.!?'0-9]{0,40}",
        Just("\u{200F}\u{0301}\u{202E}".to_string()),
        Just("\u{0300}\u{0301}\u{0302}".to_string()),
        Just("€ 1.210,00 ".to_string()),
        Just("😀👍🏽‍🔥 ".to_string()),
        Just("a.u.b. 't 'n ".to_string()),
        Just("\u{0000}\u{0007}\t\r\n".to_string()),
        Just("geen probleem ik zoek het ff voor u uit ".to_string()),
        Just("www.x.nl a@b.nl ".to_string()),
        Just("ﬁ Ǆ İ ß ".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_text_never_panics_and_offsets_stay_on_boundaries(parts in prop::collection::vec(piece(), 0..12)) {
        let refs: Vec<&LocalRule> = RULES.iter().collect();
        check(&MATCHER, &refs, &parts.concat());
    }
}

#[test]
fn very_long_and_hostile_texts_are_handled() {
    let matcher = Matcher::new();
    let rules = local_rules();
    let refs: Vec<&LocalRule> = rules.iter().collect();
    let long = "sorry ik zoek het voor u uit 😀 € 8.603,10 ".repeat(250);
    assert!(long.chars().count() >= 10_000);
    check(&matcher, &refs, &long);
    check(&matcher, &refs, &"\u{0301}".repeat(10_000));
    check(&matcher, &refs, &"\u{200F}a".repeat(5_000));
    check(&matcher, &refs, &"9".repeat(10_000));
    check(&matcher, &refs, &"1.".repeat(5_000));
    check(&matcher, &refs, &"€".repeat(10_000));
    check(&matcher, &refs, &"aaaaaaaaaaa".repeat(1_000));
    check(&matcher, &refs, &"?".repeat(10_000));
    check(&matcher, &refs, "");
}

//! Matcher speed: `detect` per reply over a realistic mix (full catalogue),
//! per language, `detect_with` with dialogue-local rules, and compiling the
//! catalogue (both languages).
//! Run with `cargo bench --bench matcher`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gesprekscoach::matching::{Language, LocalRule, LocalRuleSpec, Matcher};

const REPLIES: &[&str] = &[
    "Goedemiddag, u spreekt met Sanne van ErgoPlus.",
    "hoi! waar gaat de stoel vooral voor gebruikt worden?",
    "Exuses voor t ongemak, ik zoek het ff voor u uit",
    "Stuur ons even een DM met je ordernummer, dan kijken we mee",
    "Ik leg uw vraag voor aan mijn leidinggevende en bel u morgen voor 12 uur terug.",
    "dat wordt dan € 1.210,00 incl. btw",
    "tja dat is niet ons probleem",
    "Wilt u er ook een voetensteun bij? Dat scheelt u rugklachten.",
    "ik begrijp het niet",
    "Dus als ik u goed begrijp zoekt u 40 stoelen voor januari?",
    "kheb ff gekeken, je bestelling ligt nog in t magazijn. ik zorg dat hij morgen de deur uit gaat 👍",
    "sooorry!! wss komt t pakket morgen pas, mss kan ik iets anders voor je doen?",
    "ok",
    "Bedankt voor het gesprek meneer Smit. Zoals afgesproken stuur ik u vandaag nog de offerte voor de 8 werkplekken, en ik bel u volgende week dinsdag om 11 uur om hem door te nemen.",
    "wat vervelend! ik snap dat je dat niet wilt, we sturen je zsm een nieuwe",
    "zullen we de order zo vastleggen?",
];

const ENGLISH_REPLIES: &[&str] = &[
    "Good afternoon, you're speaking with Sanne from ErgoPlus.",
    "hi! what will the chairs mainly be used for?",
    "Sorry for the inconvenience, I'll look into it for u",
    "Send us a DM with ur order number and we'll have a look",
    "I'll discuss your question with my manager and call you back tomorrow before 12.",
    "that comes to €1,210.00 incl. VAT",
    "well that's not our problem",
    "Would you like a footrest with that? It saves you back pain.",
    "I don't understand",
    "So if I understand you correctly, you need 40 chairs for January?",
    "checked it, ur order is still in the warehouse. I'll make sure it ships tomorrow 👍",
    "sooorry!! the parcel prob won't arrive before friday, can I do anything else for you?",
    "ok",
    "Thank you for your time, Mr Smith. As agreed I'll send you the quote for the 8 workstations today, and I'll call you next Tuesday at 11 to go through it.",
    "how annoying! I get that you don't want that, we'll send you a new one asap",
    "Shall we go ahead with the order?",
];

fn local_rules() -> Vec<LocalRule> {
    let spec = |id: &str| LocalRuleSpec {
        id: id.to_string(),
        ..LocalRuleSpec::default()
    };
    [
        LocalRuleSpec {
            keywords: Some(vec![
                "demonstratie".into(),
                "demo".into(),
                "proefzitten".into(),
            ]),
            ..spec("demo")
        },
        LocalRuleSpec {
            regex: Some(r"\b(2|twee) weken\b".into()),
            ..spec("levertijd")
        },
        LocalRuleSpec {
            amount: Some("20 * 395 * (1 - 0.10) * 1.21".into()),
            ..spec("prijs")
        },
    ]
    .iter()
    .filter_map(|s| LocalRule::compile(s).ok())
    .collect()
}

fn bench(c: &mut Criterion) {
    let matcher = Matcher::new();
    let mut i = 0;
    c.bench_function("detect one reply (catalogue, mixed replies)", |b| {
        b.iter(|| {
            i = (i + 1) % REPLIES.len();
            black_box(matcher.detect(black_box(REPLIES[i])))
        })
    });
    let mut k = 0;
    c.bench_function("detect one English reply (catalogue, mixed replies)", |b| {
        b.iter(|| {
            k = (k + 1) % ENGLISH_REPLIES.len();
            black_box(matcher.detect_in(Language::En, black_box(ENGLISH_REPLIES[k]), &[]))
        })
    });
    let rules = local_rules();
    let refs: Vec<&LocalRule> = rules.iter().collect();
    let mut j = 0;
    c.bench_function("detect_with one reply (catalogue + 3 local rules)", |b| {
        b.iter(|| {
            j = (j + 1) % REPLIES.len();
            black_box(matcher.detect_with(black_box(REPLIES[j]), &refs))
        })
    });
    c.bench_function("Matcher::new (compile catalogue, both languages)", |b| {
        b.iter(|| black_box(Matcher::new()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Engine outputs as text, shared by the terminal and Telegram so that both
//! front ends say the same things. Plain strings, no markup: a front end may
//! add its own decoration around them. Instructions to the student are Dutch;
//! the labels around the conversation (feedback, scorecard) are in the
//! dialogue's language ([`super::words`]).

use std::collections::{BTreeMap, HashMap};

use super::words::words;
use super::{
    AnsweredTopic, BriefingCard, CriterionStatus, Feedback, Notice, Output, RegisterNote, Remark,
    Scorecard,
};
use crate::dialogue::{Catalogue, Register};
use crate::matching::Language;

/// Werkproces titles by code (the catalogue in `dialogues/werkprocessen.toml`).
pub trait WerkprocesTitles {
    fn werkproces_title(&self, code: &str) -> Option<&str>;
}

impl WerkprocesTitles for BTreeMap<String, String> {
    fn werkproces_title(&self, code: &str) -> Option<&str> {
        self.get(code).map(String::as_str)
    }
}

impl WerkprocesTitles for HashMap<String, String> {
    fn werkproces_title(&self, code: &str) -> Option<&str> {
        self.get(code).map(String::as_str)
    }
}

impl WerkprocesTitles for Catalogue {
    fn werkproces_title(&self, code: &str) -> Option<&str> {
        self.werkproces(code).map(|w| w.title.as_str())
    }
}

/// Any output as text.
pub fn output(o: &Output, titles: &dyn WerkprocesTitles) -> String {
    match o {
        Output::Briefing(b) => briefing(b, titles),
        Output::Customer { name, text } => customer(name, text),
        Output::Feedback(f) => feedback(f),
        Output::Hint(h) => format!("Hint: {h}"),
        Output::Scorecard(card) => scorecard(card, titles),
        Output::Notice(n) => notice(n),
    }
}

/// "Code Title", or just the code when the catalogue does not know it.
pub fn werkproces(code: &str, titles: &dyn WerkprocesTitles) -> String {
    match titles.werkproces_title(code) {
        Some(title) => format!("{code} {title}"),
        None => code.to_string(),
    }
}

/// A werkproces as a heading in feedback of `language`: the dossier's titles
/// are Dutch, so an English scorecard names the code only.
pub fn werkproces_in(code: &str, titles: &dyn WerkprocesTitles, language: Language) -> String {
    match language {
        Language::Nl => werkproces(code, titles),
        Language::En => code.to_string(),
    }
}

pub fn briefing(b: &BriefingCard, titles: &dyn WerkprocesTitles) -> String {
    let mut out = format!("== {} ==\n", b.title);
    for code in &b.werkprocessen {
        out.push_str(&format!("Werkproces: {}\n", werkproces(code, titles)));
    }
    out.push_str(&format!("\n{}\n{}\n", b.briefing.role, b.briefing.company));
    out.push_str(&format!("Doel: {}\n", b.briefing.goal));
    if !b.briefing.facts.is_empty() {
        out.push_str("Gegevens:\n");
        for fact in &b.briefing.facts {
            out.push_str(&format!("- {fact}\n"));
        }
    }
    let p = &b.persona;
    out.push_str(&format!(
        "\nJe spreekt met {}, {} bij {}. ",
        p.name,
        p.role.to_lowercase(),
        p.company,
    ));
    // English has one "you": no advice on the form of address.
    out.push_str(&match b.language {
        Language::Nl => format!("Spreek {} aan met \"{}\".\n", p.name, address(p.register)),
        Language::En => "Het gesprek is in het Engels.\n".to_string(),
    });
    out.push_str("Typ /hint voor een tip en /stop om te stoppen.");
    out
}

pub fn customer(name: &str, text: &str) -> String {
    if name.is_empty() {
        text.to_string()
    } else {
        format!("{name}: {text}")
    }
}

/// One short message: what went well (quoting the student), the first thing
/// still missing, what to avoid and the form of address. Empty when there is
/// nothing to say.
pub fn feedback(f: &Feedback) -> String {
    let w = words(f.language);
    let mut lines = Vec::new();
    for hit in &f.hits {
        lines.push(quoted(w.good, hit));
    }
    for warning in &f.warnings {
        lines.push(quoted(w.watch_out, warning));
    }
    if let Some(note) = &f.register {
        lines.push(register(note));
    }
    if let Some(miss) = &f.miss {
        lines.push(format!("{}: {}", w.tip, miss.text));
    }
    lines.join("\n")
}

/// `Label: "words" – text`. A remark that starts with its own short label
/// ("Sterk: je noemt ...") keeps it instead of `default_label`.
fn quoted(default_label: &str, r: &Remark) -> String {
    let (label, text) = own_label(&r.text).unwrap_or((default_label, r.text.as_str()));
    match &r.quote {
        Some(q) => format!("{label}: \"{q}\" – {text}"),
        None => format!("{label}: {text}"),
    }
}

/// Splits "Sterk: rest" into ("Sterk", "rest") when the part before the
/// colon is a label of at most three words.
fn own_label(text: &str) -> Option<(&str, &str)> {
    let (label, rest) = text.split_once(':')?;
    let words = label.split_whitespace().count();
    let plain = label
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '!');
    (label.chars().count() <= 20 && (1..=3).contains(&words) && plain && !rest.trim().is_empty())
        .then(|| (label.trim(), rest.trim()))
}

fn register(note: &RegisterNote) -> String {
    let who = &note.customer;
    let said = note
        .quote
        .as_ref()
        .map(|q| format!("je schrijft \"{q}\", maar "))
        .unwrap_or_default();
    format!(
        "Let op: {said}spreek {who} aan met \"{}\".",
        address(note.expected)
    )
}

/// The scorecard: score, then each criterion under its werkproces with
/// met / not met, the student's words and the tip for what was missed.
pub fn scorecard(card: &Scorecard, titles: &dyn WerkprocesTitles) -> String {
    let w = words(card.language);
    let mut out = format!("== {}: {} ==\n", w.scorecard, card.title);
    if card.stopped {
        out.push_str(&format!("{}\n", w.stopped));
    }
    out.push_str(&format!(
        "Score: {}/100{}\n",
        card.score,
        w.score_basis(card.points, card.of)
    ));
    let mut codes: Vec<&str> = card.werkprocessen.iter().map(String::as_str).collect();
    for c in &card.criteria {
        if !codes.contains(&c.werkproces.as_str()) {
            codes.push(&c.werkproces);
        }
    }
    for code in codes {
        out.push_str(&format!(
            "\n{}\n",
            werkproces_in(code, titles, card.language)
        ));
        for c in card.criteria.iter().filter(|c| c.werkproces == code) {
            let how = c.basis.map(|b| w.basis(b)).unwrap_or_default();
            let line = match c.status {
                CriterionStatus::Met => match &c.quote {
                    Some(q) => format!("[v] {}: \"{q}\"{how}", c.label),
                    None => format!("[v] {}{how}", c.label),
                },
                CriterionStatus::NotMet => match &c.quote {
                    // What was praised during the conversation still counted:
                    // the line says so, so it does not contradict the praise.
                    Some(q) => format!(
                        "[x] {}: \"{q}\" {}{how}. {}: {}",
                        c.label, w.counted, w.tip, c.tip
                    ),
                    None => format!("[x] {}{how}. {}: {}", c.label, w.tip, c.tip),
                },
                CriterionStatus::NotAssessed => format!("[-] {}: {}", c.label, w.not_reached),
            };
            out.push_str(&format!("  {line}\n"));
        }
    }
    if !card.answered.is_empty() {
        out.push_str(&format!("\n{}\n", answered(&card.answered, card.language)));
    }
    if card.hints > 0 {
        out.push_str(&format!("\n{}: {}\n", w.hints_used, card.hints));
    }
    out.trim_end().to_string()
}

/// One line naming the student's own questions the customer answered from
/// its knowledge, in the dialogue's language.
pub fn answered(topics: &[AnsweredTopic], language: Language) -> String {
    let mut labels: Vec<String> = Vec::new();
    for t in topics {
        let label = t.about.to_lowercase();
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    format!("{}: {}.", words(language).answered, labels.join(", "))
}

pub fn notice(n: &Notice) -> String {
    match n {
        Notice::AlreadyFinished => {
            "Dit gesprek is afgelopen. Begin een nieuw gesprek om verder te oefenen.".into()
        }
        Notice::EmptyReply => "Typ je antwoord aan de klant, of /hint of /stop.".into(),
        Notice::NoHint => {
            "Voor dit moment is er geen hint. Lees nog eens wat de klant zegt en reageer daarop."
                .into()
        }
        Notice::BrokenDialogue { step } => format!(
            "Dit gesprek kan niet verder: stap '{step}' ontbreekt of heeft geen vervolg. \
             Meld dit aan je docent."
        ),
        Notice::Resumed { replies } => format!(
            "Je gaat verder met je vorige poging ({replies} {} gegeven).",
            if *replies == 1 {
                "antwoord"
            } else {
                "antwoorden"
            }
        ),
    }
}

fn address(r: Register) -> &'static str {
    match r {
        Register::U => "u",
        Register::Je => "je",
    }
}

//! Shift outputs as Dutch text, shared by the terminal and Telegram. Plain
//! strings; front ends add their own instructions (how to reply, buttons).

use super::model::{Channel, EmojiPolicy, Level};
use super::score::{MessageResult, ShiftReport, ToneIssue};
use super::shift::{Output, PostCard, ShiftBriefing, ShiftNotice};
use crate::dialogue::Register;
use crate::engine::CriterionStatus;
use crate::engine::render::{WerkprocesTitles, werkproces};

/// Any output as text.
pub fn output(o: &Output, titles: &dyn WerkprocesTitles) -> String {
    match o {
        Output::Briefing(b) => briefing(b, titles),
        Output::Arrived(card) => post(card),
        Output::Posted { number, after, .. } => {
            format!("Geplaatst: je reactie op #{number} (na {}).", clock(*after))
        }
        Output::Escalated { number, .. } => format!(
            "Je hebt #{number} doorgezet naar een collega (je leidinggevende kijkt mee). Reageer ook zelf op het bericht."
        ),
        Output::Hint { number, text } => format!("Hint bij #{number}: {text}"),
        Output::Focused { number } => format!("Typ je reactie op #{number}."),
        Output::TimeUp => "De tijd is om: je dienst zit erop.".to_string(),
        Output::Report(r) => report(r, titles),
        Output::AskReflection => "Kijk terug op je dienst: wat ging goed en wat wil je de volgende keer beter doen? Schrijf het in een paar zinnen; je docent leest het.".to_string(),
        Output::ReflectionSaved => "Dank je! Je reflectie is opgeslagen.".to_string(),
        Output::Notice(n) => notice(n),
    }
}

/// `m:ss`.
pub fn clock(seconds: u64) -> String {
    format!("{}:{:02} min", seconds / 60, seconds % 60)
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Post => "openbare post",
        Channel::Reactie => "openbare reactie",
        Channel::Review => "openbare review",
        Channel::Dm => "privébericht",
    }
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Laag => "laag",
        Level::Midden => "midden",
        Level::Hoog => "hoog",
    }
}

/// The header of a post: number, platform, channel and author at a glance.
pub fn post_header(card: &PostCard) -> String {
    format!(
        "#{} {} · {} · {}",
        card.number,
        card.platform,
        channel(card.channel),
        card.author
    )
}

pub fn post(card: &PostCard) -> String {
    format!("{}\n{}", post_header(card), card.text)
}

pub fn briefing(b: &ShiftBriefing, titles: &dyn WerkprocesTitles) -> String {
    let c = &b.company;
    let mut out = format!("== {} ==\n", b.title);
    for code in &b.werkprocessen {
        out.push_str(&format!("Werkproces: {}\n", werkproces(code, titles)));
    }
    out.push_str(&format!("\n{}\n{}: {}\n", c.role, c.name, c.about));
    let address = match c.register {
        Register::U => "met u",
        Register::Je => "met je",
    };
    let emoji = match c.emoji {
        EmojiPolicy::Geen => "geen emoji",
        EmojiPolicy::Spaarzaam => "hoogstens één emoji per reactie",
        EmojiPolicy::Vrij => "emoji mogen",
    };
    out.push_str(&format!(
        "\nHuisstijl: spreek klanten aan {address}; onderteken elke reactie met {}en je voornaam (bijv. {}Sanne); {emoji}.\n",
        c.signature.trim().to_string() + " ",
        c.signature.trim()
    ));
    for g in &c.guidelines {
        out.push_str(&format!("- {g}\n"));
    }
    out.push_str("Zelf beslissen mag je over:\n");
    for m in &c.may_decide {
        out.push_str(&format!("- {m}\n"));
    }
    out.push_str("Schakel een collega of leidinggevende in bij:\n");
    for m in &c.must_escalate {
        out.push_str(&format!("- {m}\n"));
    }
    out.push_str(&format!(
        "\nJe dienst duurt {} minuten. Berichten komen binnen op verschillende kanalen, openbaar en privé. Bepaal zelf wat het eerst moet.",
        b.duration.div_ceil(60)
    ));
    out
}

pub fn notice(n: &ShiftNotice) -> String {
    match n {
        ShiftNotice::NothingOpen => "Er staat nu geen bericht open om op te reageren.".to_string(),
        ShiftNotice::UnknownMessage { message } => {
            format!("Bericht '{message}' is er (nog) niet. Kies een bericht dat binnen is.")
        }
        ShiftNotice::AlreadyAnswered { number } => {
            format!("Op #{number} heb je al gereageerd; kies een ander bericht.")
        }
        ShiftNotice::AlreadyEscalated { number } => {
            format!("#{number} heb je al doorgezet naar een collega.")
        }
        ShiftNotice::EmptyReply => "Een lege reactie plaatsen we niet.".to_string(),
        ShiftNotice::AlreadyFinished => "Je dienst is al afgelopen.".to_string(),
        ShiftNotice::NotFinished => "Je dienst loopt nog; reflecteer straks.".to_string(),
        ShiftNotice::NoHint => "Voor dit bericht is geen hint.".to_string(),
        ShiftNotice::Resumed { open } => {
            format!("Je gaat verder met je dienst. Open berichten: {open}.")
        }
    }
}

pub fn report(r: &ShiftReport, titles: &dyn WerkprocesTitles) -> String {
    let mut out = format!("== Verslag van je dienst: {} ==\n", r.title);
    if r.stopped {
        out.push_str("Je bent voor het einde gestopt.\n");
    }
    if r.messages.iter().all(|m| !m.answered && !m.escalated) {
        out.push_str("Score: 0/100: je hebt geen enkel bericht beantwoord of doorgezet.\n");
    } else {
        out.push_str(&format!(
            "Score: {}/100 (inhoud {}, reactietijd {}, escaleren {}, triage {}, toon {}, privacy {})\n",
            r.score, r.content, r.timeliness, r.escalation, r.triage, r.tone, r.privacy
        ));
        out.push_str(
            "Zo telt het: inhoud 40%, reactietijd en escaleren elk 15%, triage, toon en privacy elk 10%.\n",
        );
    }
    out.push_str("\nPer bericht:\n");
    for m in &r.messages {
        out.push_str(&message(m));
    }
    if !r.triage_mistakes.is_empty() {
        out.push_str("\nTriage:\n");
        for (hi, lo) in &r.triage_mistakes {
            out.push_str(&format!(
                "- #{hi} had meer impact of haast en had vóór #{lo} beantwoord moeten worden.\n"
            ));
        }
    }
    for code in &r.scorecard.werkprocessen {
        out.push_str(&format!("\nGedrag ({}):\n", werkproces(code, titles)));
        for c in r
            .scorecard
            .criteria
            .iter()
            .filter(|c| &c.werkproces == code)
        {
            let how = c
                .basis
                .map(crate::engine::render::criterion_basis)
                .unwrap_or_default();
            let (mark, extra) = match c.status {
                CriterionStatus::Met => ("[v]", how),
                CriterionStatus::NotMet => ("[x]", format!("{how}\n      Tip: {}", c.tip)),
                CriterionStatus::NotAssessed => ("[ ]", " (niet beoordeeld)".to_string()),
            };
            out.push_str(&format!("  {mark} {} – {}{extra}\n", c.label, c.gedrag));
        }
    }
    if r.hints > 0 {
        out.push_str(&format!("\nHints gebruikt: {}\n", r.hints));
    }
    out.trim_end().to_string()
}

fn message(m: &MessageResult) -> String {
    let mut out = format!(
        "#{} {} · {} · {} (impact {}, urgentie {})\n",
        m.number,
        m.platform,
        channel(m.channel),
        m.author,
        level(m.impact),
        level(m.urgency)
    );
    match m.response {
        Some(t) => out.push_str(&format!(
            "  Reactietijd: {} (streeftijd {}) – {}\n",
            clock(t),
            clock(m.target),
            match (t <= m.target, m.on_time) {
                (_, true) => "op tijd",
                (true, false) => "op tijd, maar te mager om als vlot en adequaat te tellen",
                (false, _) => "te laat",
            }
        )),
        None => out.push_str(&format!(
            "  Niet beantwoord (streeftijd {}).\n",
            clock(m.target)
        )),
    }
    for p in &m.met {
        match &p.quote {
            Some(q) => out.push_str(&format!("  Goed: \"{q}\" – {}\n", p.text)),
            None => out.push_str(&format!("  Goed: {}\n", p.text)),
        }
    }
    for p in &m.missed {
        out.push_str(&format!("  Gemist: {}\n", p.text));
    }
    for p in &m.warnings {
        match &p.quote {
            Some(q) => out.push_str(&format!("  Let op: \"{q}\" – {}\n", p.text)),
            None => out.push_str(&format!("  Let op: {}\n", p.text)),
        }
    }
    let escalation = match (m.must_escalate, m.escalated) {
        (true, true) => Some("Escaleren: terecht een collega ingeschakeld."),
        (true, false) => {
            Some("Escaleren: dit had je moeten doorzetten naar een collega of leidinggevende.")
        }
        (false, true) => Some("Escaleren: niet nodig; dit mocht je zelf afhandelen."),
        (false, false) => None,
    };
    if let Some(e) = escalation {
        out.push_str(&format!("  {e}\n"));
    }
    if !m.privacy_ok {
        out.push_str("  Privacy: je vroeg in het openbaar om persoonsgegevens; vraag dat via een privébericht.\n");
    }
    for issue in &m.tone_issues {
        let text = match issue {
            ToneIssue::Register {
                expected: Register::U,
            } => "Toon: spreek klanten aan met u.".to_string(),
            ToneIssue::Register {
                expected: Register::Je,
            } => "Toon: spreek klanten aan met je.".to_string(),
            ToneIssue::Signature { marker } => {
                format!("Toon: onderteken met {marker} en je naam.")
            }
            ToneIssue::Emoji { policy, count } => match policy {
                EmojiPolicy::Geen => {
                    format!("Toon: geen emoji in reacties (jij gebruikte er {count}).")
                }
                _ => format!("Toon: hoogstens één emoji per reactie (jij gebruikte er {count})."),
            },
        };
        out.push_str(&format!("  {text}\n"));
    }
    out
}

//! Shift outputs as text, shared by the terminal and Telegram. Plain strings;
//! front ends add their own instructions (how to reply, buttons). Instructions
//! are Dutch; the report is in the scenario's language
//! ([`crate::engine::words`]).

use super::model::{Channel, EmojiPolicy, Level};
use super::score::{MessageResult, ShiftReport, ToneIssue};
use super::shift::{Output, PostCard, ShiftBriefing, ShiftNotice, ShiftSession};
use crate::dialogue::Register;
use crate::engine::CriterionStatus;
use crate::engine::render::{WerkprocesTitles, werkproces, werkproces_in};
use crate::engine::words::{Words, words};
use crate::matching::Language;

/// Any output as text.
pub fn output(o: &Output, titles: &dyn WerkprocesTitles) -> String {
    match o {
        Output::Briefing(b) => briefing(b, titles),
        Output::Arrived(card) => post(card),
        Output::Posted { number, after, .. } => {
            format!("Geplaatst: je reactie op #{number} (na {}).", clock(*after))
        }
        Output::Answer {
            number,
            author,
            text,
        } => format!("↩️ {author} (#{number}): {text}"),
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

/// What a teacher's overview shows for a shift without a reflection:
/// `missing` (the overview's own words) while one is asked, or that none was
/// asked because the student stopped before the first answer, so that the
/// teacher does not wait for a reflection the shift never takes.
pub fn no_reflection<'a>(s: &ShiftSession, missing: &'a str) -> &'a str {
    if s.finished && !s.asks_reflection() {
        "niet gevraagd: gestopt vóór de eerste reactie"
    } else {
        missing
    }
}

/// `m:ss`.
pub fn clock(seconds: u64) -> String {
    format!("{}:{:02} min", seconds / 60, seconds % 60)
}

pub fn channel(c: Channel) -> &'static str {
    channel_in(c, words(Language::Nl))
}

fn channel_in(c: Channel, w: &Words) -> &'static str {
    match c {
        Channel::Post => w.channels[0],
        Channel::Reactie => w.channels[1],
        Channel::Review => w.channels[2],
        Channel::Dm => w.channels[3],
    }
}

fn level(l: Level, w: &Words) -> &'static str {
    match l {
        Level::Laag => w.levels[0],
        Level::Midden => w.levels[1],
        Level::Hoog => w.levels[2],
    }
}

/// The header of a post: number, platform, channel and author at a glance.
pub fn post_header(card: &PostCard) -> String {
    format!(
        "#{} {} · {} · {}",
        card.number,
        card.platform,
        channel_in(card.channel, words(card.language)),
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
    // English has one "you": no advice on the form of address.
    let address = match (b.language, c.register) {
        (Language::En, _) => "in het Engels",
        (Language::Nl, Register::U) => "aan met u",
        (Language::Nl, Register::Je) => "aan met je",
    };
    let emoji = match c.emoji {
        EmojiPolicy::Geen => "geen emoji",
        EmojiPolicy::Spaarzaam => "hoogstens één emoji per reactie",
        EmojiPolicy::Vrij => "emoji mogen",
    };
    out.push_str(&format!(
        "\nHuisstijl: spreek klanten {address}; onderteken elke reactie met {}en je voornaam (bijv. {}Sanne); {emoji}.\n",
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
    let w = words(r.scorecard.language);
    let mut out = format!("== {}: {} ==\n", w.report, r.title);
    if r.stopped {
        out.push_str(&format!("{}\n", w.report_stopped));
    }
    if r.messages.iter().all(|m| !m.answered && !m.escalated) {
        out.push_str(&format!("{}\n", w.report_nothing));
    } else {
        let p = &w.parts;
        out.push_str(&format!(
            "Score: {}/100 ({} {}, {} {}, {} {}, {} {}, {} {}, {} {})\n",
            r.score,
            p[0],
            r.content,
            p[1],
            r.timeliness,
            p[2],
            r.escalation,
            p[3],
            r.triage,
            p[4],
            r.tone,
            p[5],
            r.privacy
        ));
        out.push_str(&format!("{}\n", w.report_weights));
    }
    out.push_str(&format!("\n{}:\n", w.per_message));
    for m in &r.messages {
        out.push_str(&message(m, w));
    }
    if !r.triage_mistakes.is_empty() {
        out.push_str("\nTriage:\n");
        for (hi, lo) in &r.triage_mistakes {
            out.push_str(&format!("- {}\n", w.triage_mistake(*hi, *lo)));
        }
    }
    for code in &r.scorecard.werkprocessen {
        out.push_str(&format!(
            "\n{} ({}):\n",
            w.gedrag,
            werkproces_in(code, titles, w.language)
        ));
        for c in r
            .scorecard
            .criteria
            .iter()
            .filter(|c| &c.werkproces == code)
        {
            let how = c.basis.map(|b| w.basis(b)).unwrap_or_default();
            let (mark, extra) = match c.status {
                CriterionStatus::Met => ("[v]", how),
                CriterionStatus::NotMet => ("[x]", format!("{how}\n      {}: {}", w.tip, c.tip)),
                CriterionStatus::NotAssessed => ("[ ]", format!(" ({})", w.not_assessed)),
            };
            // The Gedrag line is the dossier's Dutch wording: an English
            // report has the English label only.
            match w.language {
                Language::Nl => {
                    out.push_str(&format!("  {mark} {} – {}{extra}\n", c.label, c.gedrag))
                }
                Language::En => out.push_str(&format!("  {mark} {}{extra}\n", c.label)),
            }
        }
    }
    if r.hints > 0 {
        out.push_str(&format!("\n{}: {}\n", w.hints_used, r.hints));
    }
    out.trim_end().to_string()
}

fn message(m: &MessageResult, w: &Words) -> String {
    let mut out = format!(
        "#{} {} · {} · {} (impact {}, {} {})\n",
        m.number,
        m.platform,
        channel_in(m.channel, w),
        m.author,
        level(m.impact, w),
        w.urgency,
        level(m.urgency, w)
    );
    match m.response {
        Some(t) => out.push_str(&format!(
            "  {}: {} ({} {}) – {}\n",
            w.response_time,
            clock(t),
            w.target,
            clock(m.target),
            match (t <= m.target, m.on_time) {
                (_, true) => w.on_time,
                (true, false) => w.on_time_thin,
                (false, _) => w.late,
            }
        )),
        None => out.push_str(&format!(
            "  {} ({} {}).\n",
            w.not_answered,
            w.target,
            clock(m.target)
        )),
    }
    for p in &m.met {
        match &p.quote {
            Some(q) => out.push_str(&format!("  {}: \"{q}\" – {}\n", w.good, p.text)),
            None => out.push_str(&format!("  {}: {}\n", w.good, p.text)),
        }
    }
    for p in &m.missed {
        out.push_str(&format!("  {}: {}\n", w.missed, p.text));
    }
    for p in &m.warnings {
        match &p.quote {
            Some(q) => out.push_str(&format!("  {}: \"{q}\" – {}\n", w.watch_out, p.text)),
            None => out.push_str(&format!("  {}: {}\n", w.watch_out, p.text)),
        }
    }
    let escalation = match (m.must_escalate, m.escalated) {
        (true, true) => Some(w.escalated_right),
        (true, false) => Some(w.escalation_missing),
        (false, true) => Some(w.escalation_needless),
        (false, false) => None,
    };
    if let Some(e) = escalation {
        out.push_str(&format!("  {e}\n"));
    }
    if !m.privacy_ok {
        out.push_str(&format!("  {}\n", w.privacy_breach));
    }
    for issue in &m.tone_issues {
        let text = match issue {
            ToneIssue::Register {
                expected: Register::U,
            } => w.tone_register_u.to_string(),
            ToneIssue::Register {
                expected: Register::Je,
            } => w.tone_register_je.to_string(),
            ToneIssue::Signature { marker } => w.tone_signature(marker),
            ToneIssue::Emoji { policy, count } => {
                w.tone_emoji(matches!(policy, EmojiPolicy::Geen), *count)
            }
        };
        out.push_str(&format!("  {text}\n"));
    }
    out
}

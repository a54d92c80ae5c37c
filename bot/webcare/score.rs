//! Scoring a shift (docs/webcare-format.md, "Scoring"): per message the
//! behaviours met and missed with quotes, response time, escalation and
//! privacy; per shift content, response time, escalation, triage, tone and
//! privacy, and a report per Gedrag line of B1-K2-W3 that the store saves as
//! progress like a dialogue's scorecard.

use serde::{Deserialize, Serialize};

use super::PreparedScenario;
use super::model::{Channel, EmojiPolicy, Level, Message};
use super::session::{Post, ShiftSession};
use crate::dialogue::Register;
use crate::engine::score::Tally;
use crate::engine::whole_words;
use crate::engine::words::words;
use crate::engine::{CriterionResult, CriterionStatus, Scorecard};
use crate::matching::Detection;

/// The werkproces every shift assesses.
pub const WEBCARE: &str = "B1-K2-W3";

/// The Gedrag lines of B1-K2-W3 that the shift itself measures (the others
/// come from the scenario's criteria). Spelled as in `werkprocessen.toml`.
pub const GEDRAG_KANALEN: &str =
    "volgt actief via verschillende kanalen berichten over en berichten aan de onderneming";
pub const GEDRAG_IMPACT: &str = "toetst berichten en signalen aan en over de onderneming kritisch op juistheid, betrouwbaarheid en op impact";
pub const GEDRAG_RICHTLIJNEN: &str = "volgt zorgvuldig de richtlijnen van de onderneming";
pub const GEDRAG_VLOT: &str =
    "reageert vlot en adequaat op commerciële kansen en op het beperken van risico's";
pub const GEDRAG_INSCHAKELEN: &str = "schakelt tijdig een collega en/of een leidinggevende in bij het (vermoeden) niet zelf kunnen of mogen handelen";

/// A shift part at or above this percentage counts as met.
const PART_MET: u32 = 75;

/// The result of a shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftReport {
    pub scenario_id: String,
    pub title: String,
    /// 0-100.
    pub score: u32,
    /// Parts, each 0-100.
    pub content: u32,
    pub timeliness: u32,
    pub escalation: u32,
    pub triage: u32,
    pub tone: u32,
    pub privacy: u32,
    /// Arrived messages in arrival order.
    pub messages: Vec<MessageResult>,
    /// High-priority messages answered after lower ones: (first, then) numbers.
    pub triage_mistakes: Vec<(u32, u32)>,
    /// One per assessed Gedrag line, for the report and for progress.
    pub scorecard: Scorecard,
    pub stopped: bool,
    pub hints: u32,
}

/// How one message went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageResult {
    pub number: u32,
    pub message: String,
    pub channel: Channel,
    pub platform: String,
    pub author: String,
    pub impact: Level,
    pub urgency: Level,
    pub answered: bool,
    /// Seconds from arrival to reply.
    pub response: Option<u64>,
    pub target: u64,
    pub on_time: bool,
    /// Expectations shown: behaviour, the file's `hit` text, the quote.
    pub met: Vec<Point>,
    /// Expectations not shown: behaviour and the file's `miss` text.
    pub missed: Vec<Point>,
    /// Forbidden behaviours shown: behaviour, `feedback`, quote.
    pub warnings: Vec<Point>,
    /// Content score 0-100.
    pub score: u32,
    pub must_escalate: bool,
    pub escalated: bool,
    pub escalation_ok: bool,
    /// False when a public reply asked for personal data.
    pub privacy_ok: bool,
    /// What did not fit the company's voice.
    pub tone_issues: Vec<ToneIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    pub behaviour: String,
    pub text: String,
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum ToneIssue {
    /// Addressed the customer with the wrong form.
    Register { expected: Register },
    /// No signature at the end.
    Signature { marker: String },
    /// More emoji than the policy allows.
    Emoji { policy: EmojiPolicy, count: usize },
}

/// Whether the reply showed any of `ids`.
fn any(d: &Detection, ids: &[&str]) -> bool {
    ids.iter().any(|id| d.has(id))
}

fn percent(part: f64, whole: f64) -> f64 {
    if whole <= 0.0 {
        100.0
    } else {
        (100.0 * part / whole).clamp(0.0, 100.0)
    }
}

/// The report of a shift as it stands.
pub fn report(p: &PreparedScenario, s: &ShiftSession) -> ShiftReport {
    let sc = &p.scenario;
    let arrived: Vec<(&Post, &Message)> = s
        .posts
        .iter()
        .filter_map(|post| p.message(&post.message).map(|m| (post, m)))
        .collect();
    let messages: Vec<MessageResult> = arrived.iter().map(|(post, m)| judge(p, post, m)).collect();

    let (mut gained, mut total) = (0i64, 0i64);
    for (post, m) in &arrived {
        total += m.expect.iter().map(|e| i64::from(e.weight)).sum::<i64>();
        if let Some(r) = &post.reply {
            gained += m
                .expect
                .iter()
                .filter(|e| r.detection.has(&e.behaviour))
                .map(|e| i64::from(e.weight))
                .sum::<i64>();
            gained -= m
                .avoid
                .iter()
                .filter(|a| r.detection.has(&a.behaviour))
                .map(|a| i64::from(a.weight))
                .sum::<i64>();
            if unprofessional_unwarned(p, m, &r.detection) {
                gained -= 1;
            }
        }
    }
    let content = percent(gained as f64, total as f64);
    let count =
        |f: &dyn Fn(&MessageResult) -> bool| messages.iter().filter(|m| f(m)).count() as f64;
    let timeliness = percent(count(&|m| m.on_time), messages.len() as f64);
    let escalation = percent(
        count(&|m| (m.must_escalate || m.escalated) && m.escalation_ok),
        count(&|m| m.must_escalate || m.escalated),
    );
    let replies = count(&|m| m.answered);
    let tone = percent(count(&|m| m.answered && m.tone_issues.is_empty()), replies);
    let privacy = percent(
        count(&|m| m.answered && m.channel.is_public() && m.privacy_ok),
        count(&|m| m.answered && m.channel.is_public()),
    );
    let (triage, triage_mistakes) = triage(&arrived);
    // A shift in which the student answered and escalated nothing shows none
    // of the Gedrag lines: the parts that divide by zero would otherwise count
    // as perfect (a shift stopped at once scored 45).
    let acted = s.acted();
    let score = if acted {
        (0.40 * content
            + 0.15 * timeliness
            + 0.15 * escalation
            + 0.10 * triage
            + 0.10 * tone
            + 0.10 * privacy)
            .round() as u32
    } else {
        0
    };
    let parts = Parts {
        all_answered: messages.iter().all(|m| m.answered),
        triage: triage.round() as u32,
        tone: tone.round() as u32,
        privacy: privacy.round() as u32,
        timeliness: timeliness.round() as u32,
        escalation_assessed: messages.iter().any(|m| m.must_escalate || m.escalated),
        escalation_in_time: arrived
            .iter()
            .all(|(post, m)| escalated_in_time(post, m, p)),
    };
    let mut criteria = gedrag_lines(p, &arrived, &parts, &messages);
    if !acted {
        for c in &mut criteria {
            c.status = CriterionStatus::NotMet;
            c.quote = None;
        }
    }
    ShiftReport {
        scenario_id: sc.id.clone(),
        title: sc.title.clone(),
        score: score.min(100),
        content: content.round() as u32,
        timeliness: parts.timeliness,
        escalation: escalation.round() as u32,
        triage: parts.triage,
        tone: parts.tone,
        privacy: parts.privacy,
        scorecard: Scorecard {
            dialogue_id: sc.id.clone(),
            title: sc.title.clone(),
            score: score.min(100),
            points: i64::from(score.min(100)),
            of: 100,
            werkprocessen: sc.werkprocessen.clone(),
            criteria,
            path: s.posts.iter().map(|p| p.message.clone()).collect(),
            stopped: s.stopped,
            hints: s.hints,
            answered: Vec::new(),
            language: sc.language,
        },
        messages,
        triage_mistakes,
        stopped: s.stopped,
        hints: s.hints,
    }
}

fn escalation_ids(p: &PreparedScenario) -> Vec<&str> {
    let mut ids = vec!["escaleren"];
    ids.extend(
        p.scenario
            .company
            .escalation_rules
            .iter()
            .map(String::as_str),
    );
    ids
}

/// When the student called in a colleague: the explicit escalation or a
/// reply that says so.
fn escalated_at(p: &PreparedScenario, post: &Post) -> Option<u64> {
    let by_reply = post
        .reply
        .as_ref()
        .filter(|r| any(&r.detection, &escalation_ids(p)))
        .map(|r| r.at);
    match (post.escalated_at, by_reply) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn escalated_in_time(post: &Post, m: &Message, p: &PreparedScenario) -> bool {
    !m.escalate
        || escalated_at(p, post).is_some_and(|at| at.saturating_sub(post.arrived_at) <= m.target)
}

fn judge(p: &PreparedScenario, post: &Post, m: &Message) -> MessageResult {
    let company = &p.scenario.company;
    let reply = post.reply.as_ref();
    let shows = |id: &str| reply.is_some_and(|r| r.detection.has(id));
    let quote = |id: &str| {
        reply.and_then(|r| {
            r.detection
                .evidence_for(id)
                .map(|e| whole_words(&r.text, e.start, e.end).unwrap_or_else(|| e.matched.clone()))
        })
    };
    let mut met = Vec::new();
    let mut missed = Vec::new();
    let (mut gained, mut total) = (0i64, 0i64);
    for e in &m.expect {
        total += i64::from(e.weight);
        if shows(&e.behaviour) {
            gained += i64::from(e.weight);
            met.push(Point {
                behaviour: e.behaviour.clone(),
                text: e.hit.clone(),
                quote: quote(&e.behaviour),
            });
        } else {
            missed.push(Point {
                behaviour: e.behaviour.clone(),
                text: e.miss.clone(),
                quote: None,
            });
        }
    }
    let mut warnings = Vec::new();
    for a in &m.avoid {
        if shows(&a.behaviour) {
            gained -= i64::from(a.weight);
            warnings.push(Point {
                behaviour: a.behaviour.clone(),
                text: a.feedback.clone(),
                quote: quote(&a.behaviour),
            });
        }
    }
    if reply.is_some_and(|r| unprofessional_unwarned(p, m, &r.detection)) {
        gained -= 1;
        warnings.push(Point {
            behaviour: UNPROFESSIONAL.to_string(),
            text: "Dit klinkt verwijtend of afwijzend. Blijf vriendelijk, ook als je het niet met de klant eens bent: iedereen leest mee."
                .to_string(),
            quote: quote(UNPROFESSIONAL),
        });
    }
    let response = reply.map(|r| r.at.saturating_sub(post.arrived_at));
    let escalated = escalated_at(p, post).is_some();
    let mut privacy_ids = vec!["vraagt-persoonsgegevens"];
    privacy_ids.extend(company.privacy_rules.iter().map(String::as_str));
    let mut private_ids = vec!["naar-prive-kanaal"];
    private_ids.extend(company.private_channel_rules.iter().map(String::as_str));
    let privacy_ok = !(m.channel.is_public()
        && reply
            .is_some_and(|r| any(&r.detection, &privacy_ids) && !any(&r.detection, &private_ids)));
    MessageResult {
        number: post.number,
        message: m.id.clone(),
        channel: m.channel,
        platform: m.platform.clone(),
        author: m.author.clone(),
        impact: m.impact,
        urgency: m.urgency,
        answered: reply.is_some(),
        response,
        target: m.target,
        // "Reageert vlot en adequaat": a fast reply only counts as on time
        // when it is adequate (at least half of what the message needed), so
        // a quick brush-off does not earn the response-time part.
        on_time: response.is_some_and(|r| r <= m.target) && adequate(gained, total),
        met,
        missed,
        warnings,
        score: percent(gained as f64, total as f64).round() as u32,
        must_escalate: m.escalate,
        escalated,
        escalation_ok: escalated == m.escalate,
        privacy_ok,
        tone_issues: reply
            .map(|r| tone_issues(company, &r.text, &r.detection))
            .unwrap_or_default(),
    }
}

const UNPROFESSIONAL: &str = "onprofessioneel";

/// At least half of a message's expectation weight, net of what was to be
/// avoided (a message that expects nothing: any reply).
fn adequate(gained: i64, total: i64) -> bool {
    total == 0 || 2 * gained >= total
}

/// A Dutch reply that blames, dismisses or belittles the customer where the
/// message's author did not avoid it: warned and −1, as in a dialogue
/// (docs/webcare-format.md, "Scoring").
fn unprofessional_unwarned(p: &PreparedScenario, m: &Message, d: &Detection) -> bool {
    p.scenario.language == crate::dialogue::Language::Nl
        && d.has(UNPROFESSIONAL)
        && !m.avoid.iter().any(|a| d.has(&a.behaviour))
}

/// What in a reply does not fit the company's voice.
pub fn tone_issues(company: &super::Company, text: &str, d: &Detection) -> Vec<ToneIssue> {
    let mut issues = Vec::new();
    let wrong_form = match company.register {
        Register::U => d.has("je-vorm"),
        Register::Je => d.has("u-vorm"),
    };
    if wrong_form {
        issues.push(ToneIssue::Register {
            expected: company.register,
        });
    }
    if !signed(text, &company.signature) {
        issues.push(ToneIssue::Signature {
            marker: company.signature.clone(),
        });
    }
    let count = text.chars().filter(|c| is_emoji(*c)).count();
    let allowed = match company.emoji {
        EmojiPolicy::Geen => 0,
        EmojiPolicy::Spaarzaam => 1,
        EmojiPolicy::Vrij => usize::MAX,
    };
    if count > allowed {
        issues.push(ToneIssue::Emoji {
            policy: company.emoji,
            count,
        });
    }
    issues
}

/// A reply is signed when it ends with the marker and a short name
/// (`^Sanne`, `^ SB`); an emoji or full stop after the name is fine.
pub fn signed(text: &str, marker: &str) -> bool {
    let marker = marker.trim();
    if marker.is_empty() {
        return true;
    }
    let Some(i) = text.rfind(marker) else {
        return false;
    };
    let name: String = text[i + marker.len()..]
        .chars()
        .filter(|c| !is_emoji(*c) && !c.is_whitespace() && !matches!(c, '.' | '!' | '-'))
        .collect();
    !name.is_empty() && name.chars().count() <= 20 && name.chars().all(char::is_alphabetic)
}

/// Pictographic emoji and symbols (the ranges phones insert).
pub fn is_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55)
}

fn priority(m: &Message) -> (Level, Level) {
    (m.impact, m.urgency)
}

/// Share of the pairs that were open at the same time and differ in priority
/// in which the higher one was answered first; and the pairs that were not.
fn triage(arrived: &[(&Post, &Message)]) -> (f64, Vec<(u32, u32)>) {
    let (mut relevant, mut right) = (0u32, 0u32);
    let mut mistakes = Vec::new();
    for (hi, hm) in arrived {
        for (lo, lm) in arrived {
            if priority(hm) <= priority(lm) {
                continue;
            }
            let hi_at = hi.reply.as_ref().map(|r| r.at);
            let lo_at = lo.reply.as_ref().map(|r| r.at);
            if hi_at.is_none() && lo_at.is_none() {
                continue;
            }
            // Both open at the same moment: each arrived before the other was answered.
            let overlap = hi.arrived_at < lo_at.unwrap_or(u64::MAX)
                && lo.arrived_at < hi_at.unwrap_or(u64::MAX);
            if !overlap {
                continue;
            }
            relevant += 1;
            match (hi_at, lo_at) {
                (Some(h), Some(l)) if h <= l => right += 1,
                (Some(_), None) => right += 1,
                _ => mistakes.push((hi.number, lo.number)),
            }
        }
    }
    mistakes.sort_unstable();
    (percent(f64::from(right), f64::from(relevant)), mistakes)
}

struct Parts {
    all_answered: bool,
    triage: u32,
    tone: u32,
    privacy: u32,
    timeliness: u32,
    escalation_assessed: bool,
    escalation_in_time: bool,
}

/// One result per assessed Gedrag line: the shift's own measures merged with
/// the scenario's criteria for the same line.
fn gedrag_lines(
    p: &PreparedScenario,
    arrived: &[(&Post, &Message)],
    parts: &Parts,
    messages: &[MessageResult],
) -> Vec<CriterionResult> {
    let w = words(p.scenario.language);
    let status = |ok: bool| {
        if ok {
            CriterionStatus::Met
        } else {
            CriterionStatus::NotMet
        }
    };
    let part =
        |id: &str, gedrag: &str, label: &str, tip: &str, st: CriterionStatus| CriterionResult {
            id: id.to_string(),
            label: label.to_string(),
            gedrag: gedrag.to_string(),
            werkproces: WEBCARE.to_string(),
            status: st,
            quote: None,
            tip: tip.to_string(),
            basis: None,
        };
    let mut results = vec![
        part(
            "kanalen",
            GEDRAG_KANALEN,
            w.shift_kanalen.0,
            w.shift_kanalen.1,
            status(parts.all_answered),
        ),
        part(
            "impact",
            GEDRAG_IMPACT,
            w.shift_impact.0,
            w.shift_impact.1,
            status(parts.triage >= PART_MET),
        ),
        part(
            "richtlijnen",
            GEDRAG_RICHTLIJNEN,
            w.shift_richtlijnen.0,
            w.shift_richtlijnen.1,
            status(parts.tone >= PART_MET && parts.privacy == 100),
        ),
        part(
            "vlot",
            GEDRAG_VLOT,
            w.shift_vlot.0,
            w.shift_vlot.1,
            status(parts.timeliness >= PART_MET),
        ),
    ];
    if parts.escalation_assessed {
        results.push(part(
            "inschakelen",
            GEDRAG_INSCHAKELEN,
            w.shift_inschakelen.0,
            w.shift_inschakelen.1,
            status(
                messages
                    .iter()
                    .filter(|m| m.must_escalate || m.escalated)
                    .all(|m| m.escalation_ok)
                    && parts.escalation_in_time,
            ),
        ));
    }
    for c in &p.scenario.criteria {
        results.push(criterion(c, arrived));
    }
    merge(results)
}

/// The dialogue rule for a criterion (docs/dialogue-format.md, "Criterion
/// met"), over the expectations of the messages that arrived.
fn criterion(c: &crate::dialogue::Criterion, arrived: &[(&Post, &Message)]) -> CriterionResult {
    let mut tally = Tally::default();
    for (post, m) in arrived {
        let det = post.reply.as_ref().map(|r| &r.detection);
        for e in m.expect.iter().filter(|e| e.criterion == c.id) {
            let shown = det.is_some_and(|d| d.has(&e.behaviour));
            let quote = post.reply.as_ref().and_then(|r| {
                r.detection.evidence_for(&e.behaviour).map(|ev| {
                    whole_words(&r.text, ev.start, ev.end).unwrap_or_else(|| ev.matched.clone())
                })
            });
            tally.expectation(e, shown, quote.as_deref());
        }
        tally.avoid_fired |= m
            .avoid
            .iter()
            .any(|a| a.criterion == c.id && det.is_some_and(|d| d.has(&a.behaviour)));
    }
    tally.result(c)
}

/// One result per (werkproces, Gedrag line): progress counts each line once
/// per shift. Not met wins over met; the first not-met part gives the tip.
fn merge(results: Vec<CriterionResult>) -> Vec<CriterionResult> {
    let key = |r: &CriterionResult| (r.werkproces.clone(), r.gedrag.trim().to_lowercase());
    let mut merged: Vec<CriterionResult> = Vec::new();
    for r in results {
        match merged.iter_mut().find(|m| key(m) == key(&r)) {
            None => merged.push(r),
            Some(m) => {
                use CriterionStatus::*;
                match (m.status, r.status) {
                    (NotAssessed, _) | (Met, NotMet) => {
                        m.status = r.status;
                        m.tip = r.tip.clone();
                        if m.status == NotMet || m.label.is_empty() {
                            m.label = r.label.clone();
                        }
                    }
                    _ => {}
                }
                if m.quote.is_none() {
                    m.quote = r.quote;
                }
            }
        }
    }
    merged
}

//! The editor's preview of a webcare shift: the teacher plays the file as a
//! student would, through the domain's shift engine (`webcare::shift`),
//! with its feedback, notices and shift report.
//!
//! As the dialogue preview, it keeps no state on the server: the form
//! carries the steps taken so far and every request replays them on the
//! file as it is now. The engine is pure and takes the clock as an input,
//! so a replay is the shift. The clock is simulated as in the terminal's
//! practice: a reply takes [`REPLY_SECONDS`], an escalation
//! [`ESCALATE_SECONDS`], and instead of waiting for the next message the
//! teacher presses "Volgend bericht", which moves the clock to its arrival
//! (or to the end of the shift when nothing more is scheduled).

use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use crate::dialogue::Catalogue;
use crate::matching::Matcher;
use crate::webcare::shift::{self, ESCALATE_SECONDS, Input, Output, REPLY_SECONDS, ShiftSession};
use crate::webcare::{PreparedScenario, render};

/// One thing the teacher did in the preview, as the form keeps it (JSON).
/// Post numbers are the shift's own (`#2`), as a student names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "doe", rename_all = "snake_case")]
pub enum Step {
    /// A reply to post `bericht` (none: the oldest open one).
    Reageer {
        bericht: Option<u32>,
        tekst: String,
    },
    /// Calls in a colleague for post `bericht` (none: the oldest open one).
    Escaleer {
        bericht: Option<u32>,
    },
    Hint,
    /// Moves the clock to the next arrival, or to the end of the shift.
    Volgende,
    Stop,
    /// The reflection after the report.
    Reflectie {
        tekst: String,
    },
}

/// The shift as replayed from the form.
pub struct ShiftPreview {
    /// The steps that were applied (steps after the end are dropped).
    pub steps: Vec<Step>,
    pub items: Vec<Item>,
    pub session: ShiftSession,
    pub duration: u64,
}

pub enum Item {
    /// What the teacher typed, with the post it went to.
    Student {
        number: Option<u32>,
        text: String,
    },
    Output(Box<Output>),
}

/// Replays `steps` on `p`: the shift so far.
pub fn play(p: &PreparedScenario, m: &Matcher, steps: Vec<Step>) -> ShiftPreview {
    let (mut s, outputs) = shift::start(p);
    let mut items: Vec<Item> = outputs
        .into_iter()
        .map(|o| Item::Output(Box::new(o)))
        .collect();
    let duration = p.scenario.duration;
    let mut used = Vec::with_capacity(steps.len());
    for step in steps {
        if s.finished && !s.awaits_reflection() {
            break;
        }
        let now = s.now;
        let message_of = |number: Option<u32>| {
            // A number that is not a post is passed on as written: the
            // engine answers it with its notice, as for a student.
            number.map(|n| {
                s.post(n)
                    .map_or_else(|| format!("#{n}"), |post| post.message.clone())
            })
        };
        let (input, at) = match &step {
            Step::Reageer { bericht, tekst } => (
                Input::Reply {
                    message: message_of(*bericht),
                    text: tekst.clone(),
                },
                now + REPLY_SECONDS,
            ),
            Step::Escaleer { bericht } => (
                Input::Escalate {
                    message: message_of(*bericht),
                },
                now + ESCALATE_SECONDS,
            ),
            Step::Hint => (Input::Hint, now),
            Step::Volgende => (
                Input::Tick,
                s.next_arrival().unwrap_or(duration).min(duration),
            ),
            Step::Stop => (Input::Stop, now),
            Step::Reflectie { tekst } => (Input::Reflection(tekst.clone()), now),
        };
        let (next, outputs) = shift::handle(p, m, s, input, at);
        s = next;
        match &step {
            Step::Reageer { tekst, .. } | Step::Reflectie { tekst } => {
                // The post the reply went to, as the engine placed it.
                let number = outputs.iter().find_map(|o| match o {
                    Output::Posted { number, .. } => Some(*number),
                    _ => None,
                });
                items.push(Item::Student {
                    number,
                    text: tekst.clone(),
                });
            }
            _ => {}
        }
        items.extend(outputs.into_iter().map(|o| Item::Output(Box::new(o))));
        used.push(step);
    }
    ShiftPreview {
        steps: used,
        items,
        session: s,
        duration,
    }
}

/// The preview's part of the editor page (inside the editor's form).
pub fn section(p: &ShiftPreview, titles: &Catalogue, max_reply_chars: usize) -> Markup {
    let s = &p.session;
    let open: Vec<_> = s.open().collect();
    // The post a reply without a choice goes to: the focused one, else the
    // oldest open one (the engine's rule).
    let default = s
        .focus
        .filter(|n| open.iter().any(|post| post.number == *n))
        .or_else(|| open.first().map(|post| post.number));
    let cards: std::collections::BTreeMap<u32, String> = p
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Output(o) => match o.as_ref() {
                Output::Arrived(card) => Some((card.number, render::post_header(card))),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let next = s.next_arrival().filter(|at| *at < p.duration);
    html! {
        section.preview #oefenen {
            h2 { "Oefenen: webcaredienst" }
            p.small { "Zo ziet een leerling de dienst (zelfde dienstmotor, feedback en dienstverslag). \
                       De klok loopt hier niet vanzelf: een reactie kost 1 minuut, doorzetten een halve minuut, \
                       en met Volgend bericht spring je naar het moment dat het volgende bericht binnenkomt." }
            p.klok #klok {
                "Diensttijd: " (render::clock(s.now.min(p.duration))) " van " (render::clock(p.duration))
                @if !s.finished {
                    @match next {
                        Some(at) => { ". Volgend bericht om " (render::clock(at)) "." },
                        None => { ". Er komen geen nieuwe berichten meer." },
                    }
                }
            }
            ol.chat {
                @for item in &p.items {
                    @match item {
                        Item::Student { number, text } => li.reply {
                            span.who { "Jij" @if let Some(n) = number { " (#" (n) ")" } ": " } (text)
                        },
                        Item::Output(o) => (output_item(o, titles)),
                    }
                }
            }
            input type="hidden" name="dienst" value=(serde_json::to_string(&p.steps).unwrap_or_default());
            @if !s.finished {
                @if open.is_empty() {
                    p { "Er staat geen bericht open. Druk op Volgend bericht." }
                } @else {
                    label for="bericht" { "Op bericht" }
                    select #bericht name="bericht" {
                        @for post in &open {
                            option value=(post.number) selected[Some(post.number) == default] {
                                (cards.get(&post.number).cloned().unwrap_or_else(|| format!("#{}", post.number)))
                            }
                        }
                    }
                    label for="antwoord" { "Jouw reactie" }
                    div.reply-row {
                        input #antwoord type="text" name="antwoord" autocomplete="off" maxlength=(max_reply_chars) autofocus;
                        button #stuur type="submit" name="actie" value="reageer" formaction="/editor/oefen#oefenen" { "Plaats reactie" }
                    }
                }
                div.buttons {
                    @if !open.is_empty() {
                        button type="submit" name="actie" value="escaleer" formaction="/editor/oefen#oefenen" { "Zet door naar je leidinggevende" }
                        button type="submit" name="actie" value="hint" formaction="/editor/oefen#oefenen" { "Hint" }
                    }
                    button #volgende type="submit" name="actie" value="volgende" formaction="/editor/oefen#oefenen" {
                        @if next.is_some() { "Volgend bericht" } @else { "Naar het einde van de dienst" }
                    }
                    button type="submit" name="actie" value="stop" formaction="/editor/oefen#oefenen" { "Stop de dienst" }
                }
            } @else if s.awaits_reflection() {
                label for="antwoord" { "Jouw reflectie" }
                div.reply-row {
                    input #antwoord type="text" name="antwoord" autocomplete="off" maxlength=(max_reply_chars) autofocus;
                    button #stuur type="submit" name="actie" value="reflectie" formaction="/editor/oefen#oefenen" { "Reflectie opslaan" }
                }
            } @else {
                p { "De dienst is klaar. Begin opnieuw met de knop Oefen." }
            }
        }
    }
}

fn output_item(o: &Output, titles: &Catalogue) -> Markup {
    let css = match o {
        Output::Briefing(_) => "briefing",
        Output::Arrived(_) | Output::Answer { .. } => "customer",
        Output::Report(_) => "scorecard",
        Output::Hint { .. } => "hint",
        Output::Notice(_) => "notice",
        _ => "feedback",
    };
    let text = render::output(o, titles);
    let at = match o {
        Output::Arrived(card) => Some(card.at),
        _ => None,
    };
    html! {
        @if !text.trim().is_empty() {
            li class=(css) {
                @if let Some(at) = at { span.small { "om " (render::clock(at)) } br; }
                @for line in text.lines() { (line) br; }
            }
        }
    }
}

/// The step a press of one of the preview's buttons adds (`actie` is the
/// button, `antwoord` the text field, `bericht` the chosen post).
pub fn step(actie: &str, antwoord: &str, bericht: &str, max_chars: usize) -> Option<Step> {
    let text = antwoord.trim();
    let text = || text.chars().take(max_chars).collect::<String>();
    let bericht = bericht.trim().parse::<u32>().ok();
    match actie {
        "reageer" if !antwoord.trim().is_empty() => Some(Step::Reageer {
            bericht,
            tekst: text(),
        }),
        "escaleer" => Some(Step::Escaleer { bericht }),
        "hint" => Some(Step::Hint),
        "volgende" => Some(Step::Volgende),
        "stop" => Some(Step::Stop),
        "reflectie" if !antwoord.trim().is_empty() => Some(Step::Reflectie { tekst: text() }),
        _ => None,
    }
}

//! A teacher's assignments and weekly plan on the dashboard: give a
//! dialogue to the class now (with a deadline), and change, pause and
//! resume the weekly plan. What these do is the school's
//! ([`crate::school::assignments`], [`crate::school::plans`]), the same
//! functions the bot's `/opdracht` and `/planning` use; each takes the
//! [`TeacherOf`] proof (admins change only their own classes, as in the
//! bot) and every POST the session's CSRF token.
//!
//! The students get an assignment in the front end that reaches them: its
//! announcement comes from the injected
//! [`Announcer`](crate::school::assignments::Announcer) (in the bot: the
//! same message as `/opdracht`'s), queued in the unit that records it; the
//! bot's queue sends it. The dashboard does not know which front end that is.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use maud::{Markup, html};
use serde::Deserialize;

use super::Web;
use super::manage::own_class;
use super::pages::{Page, PageError, page};
use super::session::Viewer;
use crate::school::assignments::Give;
use crate::school::auth::TeacherOf;
use crate::school::calendar::{self, Deadline, DeadlineError, WeeklySlot};
use crate::school::library::Audience;
use crate::school::plans::{self, Plan, PlanChange, PlanRefusal};
use crate::store::assignments::Recipients;
use crate::store::prelude::*;

/// Weekdays in the plan's form, Monday first.
const DAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// The dialogues the class may be given, id -> title, by id: what the
/// school's library shows the class's students (shipped, published to
/// everyone, the class teacher's own), the same list as the bot's
/// `/opdracht`.
async fn offered(web: &Web, class: &TeacherOf) -> Result<BTreeMap<String, String>, PageError> {
    let library = &web.0.library;
    library.refresh(&mut *web.0.store.read().await?).await?;
    Ok(library
        .visible(&Audience::class_of(class.teacher_id))
        .into_iter()
        .map(|d| (d.dialogue.id.clone(), d.dialogue.title.clone()))
        .collect())
}

fn title_of(offered: &BTreeMap<String, String>, id: &str) -> String {
    offered.get(id).cloned().unwrap_or_else(|| id.to_string())
}

#[derive(Deserialize)]
pub struct DoneQuery {
    klaar: Option<String>,
}

/// `GET /klas/{id}/opdrachten`: the forms, the current assignment and the plan.
pub async fn assignments(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Page {
    let (viewer, class) = match own_class(&web, &headers, &class, None).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let notice = match query.klaar.as_deref() {
        Some("opdracht") => Some(
            "De opdracht is gegeven. De leerlingen krijgen hem in Telegram; bij een grote klas duurt versturen even.",
        ),
        Some("planning") => Some("De weekplanning is opgeslagen."),
        _ => None,
    };
    render(&web, &viewer, &class, StatusCode::OK, notice, None).await
}

/// The page, with a notice after a change or the problem of a refused one
/// (nothing changed).
async fn render(
    web: &Web,
    viewer: &Viewer,
    class: &TeacherOf,
    status: StatusCode,
    notice: Option<&str>,
    problem: Option<&str>,
) -> Page {
    let tz = web.0.config.timezone;
    let offered = offered(web, class).await?;
    let now = Utc::now().timestamp();
    let mut reads = web.0.store.read().await?;
    let current = reads.current_assignment(class.class_id(), now).await?;
    let not_done = match &current {
        Some(a) => Some(reads.not_done(a).await?.len()),
        None => None,
    };
    let plan = reads.plan(class.class_id()).await?;
    drop(reads);
    let id = class.class_id().0;
    let date = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|t| calendar::dutch(tz, t))
            .unwrap_or_default()
    };
    let title = format!("Opdrachten en weekplanning · klas {}", class.name);
    Ok(page(
        status,
        &title,
        Some(viewer),
        html! {
            p.crumbs { a href="/" { "Klassen" } " › " a href={ "/klas/" (id) } { (class.name) } " › Opdrachten" }
            h1 { (title) }
            @if let Some(n) = notice { p.notice role="status" { (n) } }
            @if let Some(p) = problem { p.notice role="alert" { (p) } }
            h2 { "Huidige opdracht" }
            @match &current {
                Some(a) => p {
                    strong { (title_of(&offered, &a.dialogue_id)) }
                    @if let Some(due) = a.due_at { " · vóór " (date(due)) }
                    @if let Some(n) = not_done { " · nog niet gedaan: " (n) }
                },
                None => p { "Deze klas heeft nog geen opdracht." },
            }
            h2 { "Opdracht geven" }
            p.small { "Iedere leerling van de klas krijgt in Telegram een bericht met een knop om te beginnen. \
                       Zonder datum is de deadline over 7 dagen; zonder tijd om 23:59 (" (tz.name()) ")." }
            form method="post" action={ "/klas/" (id) "/opdracht" } {
                input type="hidden" name="csrf" value=(viewer.csrf_token());
                p {
                    label for="oefening" { "Oefening" } " "
                    (dialogue_select("oefening", &offered))
                }
                p {
                    label for="datum" { "Deadline (datum)" } " "
                    input type="date" id="datum" name="datum";
                    " "
                    label for="tijd" { "Tijd" } " "
                    input type="time" id="tijd" name="tijd";
                }
                button type="submit" { "Opdracht geven" }
            }
            h2 { "Weekplanning" }
            (plan_view(web, viewer, id, plan.as_ref(), &offered))
        },
    ))
}

fn dialogue_select(id: &str, offered: &BTreeMap<String, String>) -> Markup {
    html! {
        select id=(id) name="oefening" required {
            @for (dialogue, title) in offered {
                option value=(dialogue) { (title) " (" (dialogue) ")" }
            }
        }
    }
}

fn plan_view(
    web: &Web,
    viewer: &Viewer,
    id: i64,
    plan: Option<&Plan>,
    offered: &BTreeMap<String, String>,
) -> Markup {
    let tz = web.0.config.timezone;
    let slot = plan.map(plans::slot).unwrap_or_default();
    let paused = plan.is_some_and(|p| p.paused);
    let next = plan.map(|p| plans::schedule(tz, p)).unwrap_or_default();
    let action = format!("/klas/{id}/planning");
    let csrf = viewer.csrf_token();
    html! {
        p { "Elke " (slot.dutch()) " (" (tz.name()) ") krijgt de klas de volgende oefening uit de reeks, met als deadline de week erna."
            @if paused { " " strong { "Gepauzeerd:" } " er gaat niets weg tot je hervat." } }
        @if next.is_empty() {
            p { "Er staat niets gepland." }
        } @else {
            ol.plan {
                @for (n, (item, at)) in next.iter().enumerate() {
                    li {
                        @if paused { "na hervatten" } @else { (calendar::dutch(tz, *at)) }
                        " – " (title_of(offered, &item.dialogue_id)) " (" (item.dialogue_id) ") "
                        form.inline method="post" action=(action) {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="actie" value="weg";
                            input type="hidden" name="nummer" value=(n + 1);
                            button type="submit" { "Weghalen" span.sr { ": " (item.dialogue_id) } }
                        }
                    }
                }
            }
        }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="actie" value="erbij";
            p {
                label for="plan-oefening" { "Oefening achteraan toevoegen" } " "
                (dialogue_select("plan-oefening", offered))
                " " button type="submit" { "Toevoegen" }
            }
        }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="actie" value="tijd";
            p {
                label for="dag" { "Dag" } " "
                select id="dag" name="dag" {
                    @for (i, day) in DAYS.iter().enumerate() {
                        option value=(day) selected[i as u32 == slot.weekday.num_days_from_monday()] { (day) }
                    }
                }
                " " label for="plan-tijd" { "Tijd" } " "
                input type="time" id="plan-tijd" name="tijd" required value=(slot.time.format("%H:%M"));
                " " button type="submit" { "Dag en tijd opslaan" }
            }
        }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            @if paused {
                input type="hidden" name="actie" value="hervat";
                button type="submit" { "Hervatten" }
            } @else {
                input type="hidden" name="actie" value="pauze";
                button type="submit" { "Pauzeren" }
            }
        }
        @if !next.is_empty() {
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="actie" value="wis";
                button type="submit" { "Alles wat nog komt weghalen" }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct GiveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    oefening: String,
    #[serde(default)]
    datum: String,
    #[serde(default)]
    tijd: String,
}

/// `POST /klas/{id}/opdracht`: the class gets a dialogue now.
pub async fn give(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
    Form(form): Form<GiveForm>,
) -> Page {
    let (viewer, class) = match own_class(&web, &headers, &class, Some(&form.csrf)).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let offered = offered(&web, &class).await?;
    let id = form.oefening.trim().to_string();
    let tz = web.0.config.timezone;
    let now = Utc::now();
    let (datum, tijd) = (form.datum.trim(), form.tijd.trim());
    let chosen = match offered.get(&id) {
        None => Err("Kies een oefening uit de lijst."),
        Some(title) if datum.is_empty() => Ok((title.clone(), Deadline::in_a_week(tz, now))),
        Some(title) => match Deadline::parse(tz, format!("{datum} {tijd}").trim(), now) {
            Ok(due) => Ok((title.clone(), due)),
            Err(DeadlineError::Past) => {
                Err("Die deadline ligt in het verleden. Kies een moment na nu.")
            }
            Err(DeadlineError::Unreadable) => {
                Err("Die deadline kan ik niet lezen. Kies een datum (en eventueel een tijd).")
            }
        },
    };
    let (title, due) = match chosen {
        Ok(chosen) => chosen,
        Err(problem) => {
            let problem = format!("{problem} Er is niets verstuurd.");
            return render(
                &web,
                &viewer,
                &class,
                StatusCode::BAD_REQUEST,
                None,
                Some(&problem),
            )
            .await;
        }
    };
    let push = web
        .0
        .announcer
        .new_assignment(&class.name, &id, &title, tz, due)?;
    let to = format!("/klas/{}/opdrachten?klaar=opdracht", class.class_id().0);
    let give = std::sync::Arc::new(Give {
        class,
        dialogue_id: id,
        due,
    });
    let push = std::sync::Arc::new(push);
    let at = now.timestamp();
    web.0
        .store
        .write(move |tx| {
            let (give, push) = (give.clone(), push.clone());
            Box::pin(async move {
                if give.record(tx, at).await?.is_some() {
                    for json in push.iter() {
                        tx.outbox_push_class(give.class.class_id(), Recipients::Everyone, json, at)
                            .await?;
                    }
                }
                Ok::<_, PageError>(())
            })
        })
        .await?;
    tracing::info!(teacher = viewer.user, "assignment given on the dashboard");
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    actie: String,
    #[serde(default)]
    oefening: String,
    #[serde(default)]
    nummer: String,
    #[serde(default)]
    dag: String,
    #[serde(default)]
    tijd: String,
}

/// The plan change a form asks for, or its problem (Dutch).
fn plan_change(
    form: &PlanForm,
    offered: &BTreeMap<String, String>,
) -> Result<PlanChange, &'static str> {
    match form.actie.as_str() {
        "erbij" => {
            let id = form.oefening.trim();
            if offered.contains_key(id) {
                Ok(PlanChange::Append(vec![id.to_string()]))
            } else {
                Err("Kies een oefening uit de lijst.")
            }
        }
        "weg" => form
            .nummer
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .map(PlanChange::Remove)
            .ok_or("Kies een oefening uit de lijst om weg te halen."),
        "tijd" => match (
            calendar::parse_weekday(&form.dag),
            calendar::parse_time(&form.tijd),
        ) {
            (Some(weekday), Some(time)) => Ok(PlanChange::Slot(WeeklySlot { weekday, time })),
            _ => Err("Kies een dag en een tijd, bijvoorbeeld woensdag 10:00."),
        },
        "pauze" => Ok(PlanChange::Pause),
        "hervat" => Ok(PlanChange::Resume),
        "wis" => Ok(PlanChange::Replace(Vec::new())),
        _ => Err("Die wijziging ken ik niet."),
    }
}

/// `POST /klas/{id}/planning`: a change to the weekly plan.
pub async fn plan(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
    Form(form): Form<PlanForm>,
) -> Page {
    let (viewer, class) = match own_class(&web, &headers, &class, Some(&form.csrf)).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let offered = offered(&web, &class).await?;
    let change = match plan_change(&form, &offered) {
        Ok(change) => change,
        Err(problem) => {
            let problem = format!("{problem} Er is niets veranderd.");
            return render(
                &web,
                &viewer,
                &class,
                StatusCode::BAD_REQUEST,
                None,
                Some(&problem),
            )
            .await;
        }
    };
    let to = format!("/klas/{}/opdrachten?klaar=planning", class.class_id().0);
    let unit = std::sync::Arc::new((class.clone(), change));
    let now = Utc::now().timestamp();
    let changed = web
        .0
        .store
        .write(move |tx| {
            let unit = unit.clone();
            Box::pin(async move { plans::change(tx, &unit.0, &unit.1, now).await })
        })
        .await?;
    match changed {
        Ok(_) => {
            tracing::info!(
                teacher = viewer.user,
                "weekly plan changed on the dashboard"
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(PlanRefusal::NoSuchNumber { asked, .. }) => {
            let problem =
                format!("Nummer {asked} staat niet (meer) in de planning. Er is niets veranderd.");
            render(
                &web,
                &viewer,
                &class,
                StatusCode::BAD_REQUEST,
                None,
                Some(&problem),
            )
            .await
        }
    }
}

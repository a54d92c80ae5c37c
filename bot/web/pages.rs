//! The pages (Dutch, server-rendered with maud, which escapes every value).
//! Every handler finds the viewer first; every class page then asks the
//! school for a [`ClassView`] and answers "niet gevonden" when there is
//! none, exactly as for a class that does not exist.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use super::Web;
use super::session::{self, Viewer};
use super::transcript::{CustomerLines, customer_lines};
use crate::engine::{CriterionStatus, render};
use crate::report::{self, CellStatus, ClassReport, Sources, export};
use crate::school::auth::{ClassView, Role, viewer_of_id, visible_classes};
use crate::school::library::Library;
use crate::school::login::{self, Secret};
use crate::store::prelude::*;
use crate::store::reports::Member;
use crate::store::{Attempt, AttemptStatus, ClassId, LearnerId, StoreError, StoredTurn};

/// The stylesheet, compiled into the binary.
const STYLE: &str = include_str!("style.css");

/// A request that could not be answered: logged, and a Dutch page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] report::ReportError),
    #[error(transparent)]
    Class(#[from] crate::school::classes::ClassChangeError),
    /// An assignment's push could not be written as the bot's message.
    #[error(transparent)]
    Announce(#[from] crate::school::assignments::AnnounceError),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        tracing::error!(error = %self, "dashboard page failed");
        let body = layout(
            "Er ging iets mis",
            None,
            html! {
                h1 { "Er ging iets mis" }
                p { "De pagina kon niet worden gemaakt. Probeer het over een minuut opnieuw; \
                     blijft het misgaan, meld het dan bij de beheerder." }
            },
        );
        (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
    }
}

pub(super) type Page = Result<Response, PageError>;

/// The frame of every page: title, header with logout, main.
fn layout(title: &str, viewer: Option<&Viewer>, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Gesprekscoach" }
                link rel="stylesheet" href="/stijl.css";
            }
            body {
                header {
                    a.home href="/" { "Gesprekscoach · dashboard" }
                    @if let Some(v) = viewer {
                        form.logout method="post" action="/uitloggen" {
                            input type="hidden" name="csrf" value=(v.csrf_token());
                            span.who { (role_words(v.role)) " " (v.user) }
                            button type="submit" { "Uitloggen" }
                        }
                    }
                }
                main { (main) }
            }
        }
    }
}

fn role_words(role: Role) -> &'static str {
    match role {
        Role::Admin => "beheerder",
        Role::Teacher => "docent",
        Role::Student => "leerling",
    }
}

pub(super) fn page(
    status: StatusCode,
    title: &str,
    viewer: Option<&Viewer>,
    main: Markup,
) -> Response {
    (status, layout(title, viewer, main)).into_response()
}

/// Without a session: how to get in.
pub(super) fn login_needed() -> Response {
    page(
        StatusCode::UNAUTHORIZED,
        "Inloggen",
        None,
        html! {
            h1 { "Inloggen" }
            p { "Je bent niet ingelogd (of je sessie is verlopen: een sessie duurt 12 uur)." }
            p { "Stuur " code { "/dashboard" } " naar de Gesprekscoach-bot in Telegram: je krijgt een \
                 inloglink die 15 minuten één keer werkt. Zonder Telegram maakt de beheerder er een met "
                code { "gesprekscoach web --login-link JOUW-TELEGRAM-ID" } "." }
        },
    )
}

pub(super) fn not_found_page(viewer: Option<&Viewer>) -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Niet gevonden",
        viewer,
        html! {
            h1 { "Niet gevonden" }
            p { "Deze pagina bestaat niet, of hij hoort bij een klas die niet van jou is." }
            p { a href="/" { "Naar je klassen" } }
        },
    )
}

pub async fn not_found(State(web): State<Web>, headers: HeaderMap) -> Page {
    let viewer = session::viewer(&web, &headers).await?;
    Ok(not_found_page(viewer.as_ref()))
}

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// `/`: the viewer's classes.
pub async fn home(State(web): State<Web>, headers: HeaderMap) -> Page {
    let Some(viewer) = session::viewer(&web, &headers).await? else {
        return Ok(login_needed());
    };
    let mut conn = web.0.store.read().await?;
    let classes = visible_classes(&mut *conn, &web.0.config.admins, viewer.user)
        .await?
        .unwrap_or_default();
    drop(conn);
    let title = if viewer.role == Role::Admin {
        "Alle klassen"
    } else {
        "Je klassen"
    };
    Ok(page(
        StatusCode::OK,
        title,
        Some(&viewer),
        html! {
            h1 { (title) }
            p { a href="/editor" { "Dialoog-editor" } ": schrijf of pas een dialoog aan, controleer hem, \
                oefen hem zoals een leerling en zet hem klaar voor je klassen." }
            @if classes.is_empty() {
                p { "Je hebt nog geen klassen. Maak er een met " code { "/nieuweklas NAAM" }
                    " in Telegram." }
            } @else {
                ul.classes {
                    @for c in &classes {
                        li {
                            a href={ "/klas/" (c.id) } { (c.name) }
                            " · " (export::students(c.students as usize))
                        }
                    }
                }
            }
        },
    ))
}

/// `/inloggen/TOKEN`: a button, not the login itself, so that a link
/// preview (Telegram fetches links to show them) does not use the link up.
pub async fn login_page(Path(token): Path<String>) -> Response {
    let Some(token) = Secret::parse(&token) else {
        return link_used_up();
    };
    page(
        StatusCode::OK,
        "Inloggen",
        None,
        html! {
            h1 { "Inloggen op het dashboard" }
            form method="post" action="/inloggen" {
                input type="hidden" name="token" value=(token.as_str());
                button type="submit" { "Inloggen" }
            }
            p.small { "De link werkt één keer en 15 minuten lang. Je blijft 12 uur ingelogd." }
        },
    )
}

fn link_used_up() -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Link werkt niet",
        None,
        html! {
            h1 { "Deze inloglink werkt niet (meer)" }
            p { "Een inloglink werkt één keer en 15 minuten lang. Vraag een nieuwe met "
                code { "/dashboard" } " in Telegram." }
        },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    token: String,
}

/// `POST /inloggen`: uses the link and starts the session.
pub async fn login(State(web): State<Web>, Form(form): Form<LoginForm>) -> Page {
    let Some(token) = Secret::parse(&form.token) else {
        return Ok(link_used_up());
    };
    let now = Utc::now().timestamp();
    let Some((secret, _user)) = login::log_in(&web.0.store, &token, now).await? else {
        return Ok(link_used_up());
    };
    let cookie = session::start_cookie(&secret, web.0.config.secure());
    Ok(see_other("/", Some(cookie)))
}

fn see_other(to: &'static str, cookie: Option<String>) -> Response {
    let mut response = Redirect::to(to).into_response();
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}

/// `POST /uitloggen`: ends the session (with the session's CSRF token only).
pub async fn logout(
    State(web): State<Web>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Page {
    let Some(viewer) = session::viewer(&web, &headers).await? else {
        return Ok(see_other(
            "/",
            Some(session::end_cookie(web.0.config.secure())),
        ));
    };
    if !viewer.secret.csrf_matches(&form.csrf) {
        return Ok(forbidden(&viewer));
    }
    login::log_out(&web.0.store, &viewer.secret).await?;
    Ok(see_other(
        "/",
        Some(session::end_cookie(web.0.config.secure())),
    ))
}

/// The answer to a POST without the session's CSRF token.
pub(super) fn forbidden(viewer: &Viewer) -> Response {
    page(
        StatusCode::FORBIDDEN,
        "Niet toegestaan",
        Some(viewer),
        html! {
            h1 { "Niet toegestaan" }
            p { "Dit verzoek kwam niet van een pagina van het dashboard. Je bent nog ingelogd." }
        },
    )
}

/// The viewer and the class, or the page to answer instead.
async fn class_of(
    web: &Web,
    headers: &HeaderMap,
    class: &str,
) -> Result<Result<(Viewer, ClassView), Response>, PageError> {
    let Some(viewer) = session::viewer(web, headers).await? else {
        return Ok(Err(login_needed()));
    };
    let Ok(id) = class.parse::<i64>() else {
        return Ok(Err(not_found_page(Some(&viewer))));
    };
    let mut conn = web.0.store.read().await?;
    match viewer_of_id(&mut *conn, &web.0.config.admins, viewer.user, ClassId(id)).await? {
        Ok(view) => Ok(Ok((viewer, view))),
        Err(_) => Ok(Err(not_found_page(Some(&viewer)))),
    }
}

/// The school's library with the teachers' current uploads, as `/overzicht`
/// sees them: uploads change while the dashboard runs, so every page that
/// names dialogues brings them in line with the store first.
async fn library(web: &Web) -> Result<&Library, PageError> {
    let mut conn = web.0.store.read().await?;
    web.0.library.refresh(&mut *conn).await?;
    Ok(&web.0.library)
}

/// The class's report: `report::build`, as for `/overzicht` and the CSV.
/// `None` when the class was deleted since the check.
async fn class_report(web: &Web, class: &ClassView) -> Result<Option<ClassReport>, PageError> {
    let library = library(web).await?;
    let mut conn = web.0.store.read().await?;
    let Some(listing) = conn.class_listing(class.class_id()).await? else {
        return Ok(None);
    };
    let sources = Sources {
        dialogues: library,
        werkprocessen: library.werkprocessen(),
    };
    Ok(Some(
        report::build(&mut *conn, &listing, sources, Utc::now()).await?,
    ))
}

#[derive(Deserialize)]
pub struct SortQuery {
    sorteer: Option<String>,
}

/// How the heatmap's rows are ordered (`?sorteer=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    /// By name (the report's order).
    Name,
    /// Most criteria met first.
    Met,
    /// Most recent activity first.
    Active,
    /// By the status on criterion `nr`: met first, never practised last.
    Criterion(u32),
}

impl Sort {
    fn parse(text: Option<&str>, criteria: usize) -> Sort {
        match text.unwrap_or("") {
            "behaald" => Sort::Met,
            "actief" => Sort::Active,
            other => other
                .strip_prefix('k')
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| (1..=criteria as u32).contains(n))
                .map_or(Sort::Name, Sort::Criterion),
        }
    }

    fn param(self) -> String {
        match self {
            Sort::Name => "naam".into(),
            Sort::Met => "behaald".into(),
            Sort::Active => "actief".into(),
            Sort::Criterion(n) => format!("k{n}"),
        }
    }

    fn words(self) -> String {
        match self {
            Sort::Name => "op naam".into(),
            Sort::Met => "meeste criteria behaald eerst".into(),
            Sort::Active => "laatst actief eerst".into(),
            Sort::Criterion(n) => {
                format!("op criterium K{n}: behaald eerst, nooit geoefend laatst")
            }
        }
    }
}

/// The mark, its CSS class and its words: never colour alone.
fn mark(status: CellStatus) -> (&'static str, &'static str) {
    match status {
        CellStatus::Behaald => ("✓", "behaald"),
        CellStatus::Deels => ("~", "deels"),
        CellStatus::NietBehaald => ("✗", "niet-behaald"),
        CellStatus::NietGeoefend => ("·", "niet-geoefend"),
    }
}

fn status_rank(status: CellStatus) -> u8 {
    match status {
        CellStatus::Behaald => 0,
        CellStatus::Deels => 1,
        CellStatus::NietBehaald => 2,
        CellStatus::NietGeoefend => 3,
    }
}

/// `/klas/ID`: the summary and the heatmap of students × criteria.
pub async fn class_overview(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
    Query(query): Query<SortQuery>,
) -> Page {
    let (viewer, class) = match class_of(&web, &headers, &class).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let Some(report) = class_report(&web, &class).await? else {
        return Ok(not_found_page(Some(&viewer)));
    };
    let tz = web.0.config.timezone;
    let sort = Sort::parse(query.sorteer.as_deref(), report.criteria.len());
    let width = report.criteria.len().max(1);
    // The report's rows are per student, criteria in order.
    let cells = |nr: u32| -> &[report::Row] {
        let start = (nr as usize - 1) * width;
        report.rows.get(start..start + width).unwrap_or(&[])
    };
    let mut order: Vec<&report::StudentLine> = report.students.iter().collect();
    match sort {
        Sort::Name => {}
        Sort::Met => {
            order.sort_by_key(|s| std::cmp::Reverse(cells(s.nr).iter().filter(|r| r.met).count()))
        }
        Sort::Active => order.sort_by_key(|s| std::cmp::Reverse(s.last_activity)),
        Sort::Criterion(n) => order.sort_by_key(|s| {
            cells(s.nr)
                .get(n as usize - 1)
                .map_or(u8::MAX, |r| status_rank(r.status))
        }),
    }
    let sort_link = |to: Sort| format!("/klas/{}?sorteer={}", class.id, to.param());
    let title = format!("Klas {}", report.class);
    Ok(page(
        StatusCode::OK,
        &title,
        Some(&viewer),
        html! {
            p.crumbs { a href="/" { "Klassen" } " › " (report.class) }
            h1 { (title) }
            p { (export::students(report.students.len()))
                " · " a href={ "/klas/" (class.id) "/overzicht.csv" } download { "Download CSV (Excel)" }
                " · " a href={ "/klas/" (class.id) "/webcare" } { "Webcarediensten en reflecties" }
                @if class.teacher_id == Some(viewer.user) {
                    " · " a href={ "/klas/" (class.id) "/opdrachten" } { "Opdrachten en weekplanning" }
                } }
            (summary(&report, tz))
            h2 { "Per leerling en criterium" }
            @if report.students.is_empty() {
                p { "Nog geen leerlingen. Ze melden zich aan met de code " code { (class.join_code) }
                    " in Telegram." }
            } @else if report.criteria.is_empty() {
                p { "Nog geen criteria: er is nog geen opdracht gegeven en niemand heeft een oefening afgerond." }
            } @else {
                p.legend { "✓ behaald · ~ deels (eerder wel, laatst niet) · ✗ niet behaald · · nooit geoefend. "
                    "Gesorteerd " (sort.words()) ". Sorteer: "
                    a href=(sort_link(Sort::Name)) { "op naam" } ", "
                    a href=(sort_link(Sort::Met)) { "meeste behaald" } ", "
                    a href=(sort_link(Sort::Active)) { "laatst actief" }
                    ", of op een criterium (kop van de kolom)." }
                div.scroll {
                    table.heatmap {
                        caption { "Klas " (report.class) ": per leerling de stand op elk criterium" }
                        thead {
                            tr {
                                th scope="col" { "Nr" }
                                th scope="col" { "Leerling" }
                                @for c in &report.criteria {
                                    th scope="col" title=(c.label) {
                                        a href=(sort_link(Sort::Criterion(c.nr))) { "K" (c.nr) }
                                    }
                                }
                                th scope="col" { "Afgerond" }
                                th scope="col" { "Laatst actief" }
                            }
                        }
                        tbody {
                            @for s in &order {
                                tr {
                                    td { (s.nr) }
                                    th scope="row" {
                                        @if let Some(learner) = s.learner {
                                            a href={ "/klas/" (class.id) "/leerling/" (learner.0) } { (s.name) }
                                        } @else {
                                            (s.name)
                                        }
                                    }
                                    @for (c, r) in report.criteria.iter().zip(cells(s.nr)) {
                                        @let (sign, css) = mark(r.status);
                                        td class={ "cell " (css) }
                                            title={ "K" (c.nr) " " (c.label) ": " (r.status.words())
                                                ", " (r.times_met) " van " (r.attempts) " keer behaald"
                                                @if let Some(last) = r.last_score { ", laatste score " (last) } } {
                                            (sign)
                                            span.sr { " " (r.status.words()) }
                                        }
                                    }
                                    td { (s.completed) }
                                    td { (s.last_activity.map(|t| export::local(t, tz)).unwrap_or_else(|| "–".into())) }
                                }
                            }
                        }
                    }
                }
                @if class.teacher_id == Some(viewer.user) {
                    h2 { "Klascode" }
                    p { "Leerlingen worden lid met " code { (class.join_code) }
                        " (in Telegram: /klas " (class.join_code) "). Een nieuwe code maakt de oude ongeldig;                          wie al lid is, blijft lid." }
                    form method="post" action={ "/klas/" (class.id) "/klascode" } {
                        input type="hidden" name="csrf" value=(viewer.csrf_token());
                        button type="submit" { "Nieuwe klascode maken" }
                    }
                }
                h2 { "Criteria" }
                ol.criteria {
                    @for c in &report.criteria {
                        li { strong { "K" (c.nr) } " " (c.label) " "
                            span.small { "(" (c.werkproces)
                                @if let Some(t) = &c.werkproces_title { " " (t) }
                                ": " (c.gedrag) ")" } }
                    }
                }
            }
        },
    ))
}

/// The report's summary: the current assignment, averages, most missed.
fn summary(report: &ClassReport, tz: chrono_tz::Tz) -> Markup {
    let s = &report.summary;
    html! {
        section.summary {
            h2 { "Samenvatting" }
            @match &s.assignment {
                Some(a) => {
                    p { "Opdracht: " strong { (a.title) }
                        @if let Some(d) = a.deadline { " (deadline " (export::local(d, tz)) ")" }
                        " – " (a.completed) " van " (a.students) " afgerond." }
                    @if !a.missing.is_empty() {
                        p.small { "Nog niet afgerond: " (a.missing.join(", ")) }
                    }
                }
                None => p { "Geen opdracht gegeven." }
            }
            @if !s.werkprocessen.is_empty() {
                ul {
                    @for w in &s.werkprocessen {
                        li { (w.werkproces) @if let Some(t) = &w.title { " " (t) } ": "
                            @match w.average {
                                Some(avg) => { "gemiddelde laatste score " (export::decimal(avg))
                                    " (" (export::students(w.students as usize)) ")" }
                                None => "nog niet geoefend",
                            } }
                    }
                }
            }
            @if !s.most_missed.is_empty() {
                p { "Meest gemist: "
                    @for (i, m) in s.most_missed.iter().enumerate() {
                        @if i > 0 { "; " }
                        "K" (m.nr) " " (m.label) " (" (m.missed) " van " (m.tried) ")"
                    } }
            }
        }
    }
}

/// `/klas/ID/webcare`: every finished webcare shift of the class's students
/// with score and reflection, newest first (what `/reflecties` sends in the
/// bot), so the teacher can pick the reflections up in class.
pub async fn class_webcare(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
) -> Page {
    let (viewer, class) = match class_of(&web, &headers, &class).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let mut conn = web.0.store.read().await?;
    let members = conn.report_members(class.class_id()).await?;
    let mut rows = Vec::new();
    for m in &members {
        let Some(learner) = m.learner else { continue };
        for s in conn.shifts(learner).await? {
            if s.finished_at.is_some() {
                rows.push((m.name.clone(), learner, s));
            }
        }
    }
    // The title of the scenario (or uploaded version) each shift ran on.
    let mut titles = std::collections::HashMap::new();
    for (_, _, s) in &rows {
        let ran_on = web
            .0
            .library
            .scenario_of_shift(&mut *conn, s.id, &s.scenario_id)
            .await?;
        let title = ran_on.map_or_else(|| s.scenario_id.clone(), |p| p.scenario.title.clone());
        titles.insert(s.id, title);
    }
    drop(conn);
    rows.sort_by_key(|r| std::cmp::Reverse(r.2.finished_at));
    let tz = web.0.config.timezone;
    Ok(page(
        StatusCode::OK,
        &format!("Webcarediensten van klas {}", class.name),
        Some(&viewer),
        html! {
            p.crumbs { a href="/" { "Klassen" } " › " a href={ "/klas/" (class.id) } { (class.name) }
                " › Webcarediensten" }
            h1 { "Webcarediensten van klas " (class.name) }
            @if rows.is_empty() {
                p { "Nog niemand in deze klas heeft een webcaredienst afgerond." }
            } @else {
                table.shifts {
                    caption { "Afgeronde diensten, nieuwste eerst" }
                    thead { tr { th { "Leerling" } th { "Dienst" } th { "Afgerond" } th { "Score" } th { "Reflectie" } } }
                    tbody {
                        @for (name, learner, s) in &rows {
                            tr {
                                td { a href={ "/klas/" (class.id) "/leerling/" (learner.0) "#dienst-" (s.id.0) } { (name) } }
                                td { (titles.get(&s.id).map_or(s.scenario_id.as_str(), String::as_str)) }
                                td { (s.finished_at.map(|t| export::local(t, tz)).unwrap_or_default()) }
                                td { (s.score.map(|x| format!("{x}/100")).unwrap_or_else(|| "–".into())) }
                                td { (s.reflection.clone().unwrap_or_else(|| format!("({})", crate::webcare::render::no_reflection(&s.session, "nog geen reflectie")))) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// `/klas/ID/overzicht.csv`: the same file as `/overzicht` sends.
pub async fn class_csv(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
) -> Page {
    let (viewer, class) = match class_of(&web, &headers, &class).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let Some(report) = class_report(&web, &class).await? else {
        return Ok(not_found_page(Some(&viewer)));
    };
    let tz = web.0.config.timezone;
    let csv = export::csv(&report, tz)?;
    // The file name has only letters, digits and '-' (export::file_name).
    let disposition = format!(
        "attachment; filename=\"{}\"",
        export::file_name(&report, tz, "csv")
    );
    let mut response = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

fn attempt_status(s: AttemptStatus) -> &'static str {
    match s {
        AttemptStatus::Completed => "afgerond",
        AttemptStatus::Stopped => "gestopt",
        AttemptStatus::InProgress => "bezig",
    }
}

/// `/klas/ID/leerling/LEARNER`: every attempt with its transcript (the
/// customer's lines replayed, the replies as saved), the feedback per reply
/// and the scorecard.
pub async fn student(
    State(web): State<Web>,
    headers: HeaderMap,
    Path((class, learner)): Path<(String, String)>,
) -> Page {
    let (viewer, class) = match class_of(&web, &headers, &class).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let Ok(learner) = learner.parse::<i64>().map(LearnerId) else {
        return Ok(not_found_page(Some(&viewer)));
    };
    let mut conn = web.0.store.read().await?;
    let members = conn.report_members(class.class_id()).await?;
    // Only a student of this class: another class's student id in the URL
    // is "not found", as is a class that is not the viewer's.
    let Some(member): Option<&Member> = members.iter().find(|m| m.learner == Some(learner)) else {
        return Ok(not_found_page(Some(&viewer)));
    };
    let attempts = conn.attempts(learner).await?;
    let shifts = conn.shifts(learner).await?;
    let mut turns = Vec::with_capacity(attempts.len());
    // The dialogue each attempt ran on: its upload version, else shipped.
    let library = &web.0.library;
    library.refresh(&mut *conn).await?;
    let mut ran_on = Vec::with_capacity(attempts.len());
    for a in &attempts {
        turns.push(conn.turns(a.id).await?);
        ran_on.push(
            library
                .dialogue_of_attempt(&mut *conn, a.id, &a.dialogue_id)
                .await?,
        );
    }
    // The scenario each shift ran on: its upload version, else shipped.
    let mut shift_scenarios = Vec::with_capacity(shifts.len());
    for s in &shifts {
        shift_scenarios.push(
            library
                .scenario_of_shift(&mut *conn, s.id, &s.scenario_id)
                .await?,
        );
    }
    drop(conn);
    let lines: Vec<Option<CustomerLines>> = attempts
        .iter()
        .zip(&turns)
        .zip(&ran_on)
        .map(|((a, t), d)| {
            let d = d.as_deref()?;
            customer_lines(d, &web.0.matcher, &a.session, t)
        })
        .collect();
    let tz = web.0.config.timezone;
    let title = format!("{} (klas {})", member.name, class.name);
    Ok(page(
        StatusCode::OK,
        &title,
        Some(&viewer),
        html! {
            p.crumbs { a href="/" { "Klassen" } " › " a href={ "/klas/" (class.id) } { (class.name) }
                " › " (member.name) }
            h1 { (member.name) }
            p { "Klas " (class.name) " · " (attempts.len()) " oefeningen, nieuwste eerst." }
            @if attempts.is_empty() {
                p { "Nog geen oefening gedaan." }
            }
            @for ((a, t), l) in attempts.iter().zip(&turns).zip(&lines) {
                (attempt_view(a, t, l.as_ref(), &library.title(&a.dialogue_id), tz))
            }
            @if class.teacher_id == Some(viewer.user) {
                h2 { "Uit de klas halen" }
                form method="post" action={ "/klas/" (class.id) "/leerling/" (learner.0) "/uit-klas" } {
                    input type="hidden" name="csrf" value=(viewer.csrf_token());
                    p {
                        input type="checkbox" id="zeker" name="zeker" value="ja" required;
                        " "
                        label for="zeker" { "Ja, haal " (member.name) " uit klas " (class.name)
                            ". Het geoefende werk blijft bewaard." }
                    }
                    button type="submit" { "Uit de klas halen" }
                }
            }
            @if !shifts.is_empty() {
                h2 { "Webcarediensten" }
                @for (s, scenario) in shifts.iter().zip(&shift_scenarios) {
                    (shift_view(s, scenario.as_deref(), tz))
                }
            }
        },
    ))
}

fn attempt_view(
    a: &Attempt,
    turns: &[StoredTurn],
    lines: Option<&CustomerLines>,
    title: &str,
    tz: chrono_tz::Tz,
) -> Markup {
    html! {
        article.attempt id={ "poging-" (a.id.0) } {
            h2 { (title) }
            p.small { (export::local(a.started_at, tz)) " · " (attempt_status(a.status))
                @if let Some(score) = a.score { " · score " (score) "/100" } }
            @if let Some(l) = lines {
                @for line in &l.opening { p.customer { (line) } }
            }
            @if turns.is_empty() {
                p { "Nog geen antwoorden gegeven." }
            } @else {
                @if lines.is_none() {
                    p.small { "De zinnen van de klant zijn niet te tonen: de dialoog is veranderd \
                               sinds deze oefening. Hieronder de antwoorden van de leerling." }
                }
                ol.transcript {
                    @for (i, t) in turns.iter().enumerate() {
                        li {
                            p.reply { span.step { (t.step) } " " (highlighted(t)) }
                            @let feedback = render::feedback(&t.feedback);
                            @if !feedback.is_empty() {
                                ul.feedback { @for line in feedback.lines() { li { (line) } } }
                            }
                            @if !t.feedback.answered.is_empty() {
                                p.small { "Beantwoord uit kennis: "
                                    (t.feedback.answered.iter().map(|x| x.about.as_str()).collect::<Vec<_>>().join(", ")) }
                            }
                            @if t.feedback.unknown_question {
                                p.small { "De klant wist het antwoord niet." }
                            }
                            @if let Some(after) = lines.and_then(|l| l.after.get(i)) {
                                @for line in after { p.customer { (line) } }
                            }
                        }
                    }
                }
            }
            @match &a.scorecard {
                Some(card) => {
                    h3 { "Scorekaart: " (card.score) "/100" }
                    ul.scorecard {
                        @for c in &card.criteria {
                            @match (c.status, &c.quote) {
                                (CriterionStatus::Met, Some(q)) => li.met { "✓ " (c.label) ": “" mark { (q) } "” (" (c.werkproces) ")" },
                                (CriterionStatus::Met, None) => li.met { "✓ " (c.label) " (" (c.werkproces) ")" },
                                (CriterionStatus::NotMet, _) => li.missed { "✗ " (c.label)
                                    @if let Some(b) = c.basis { (crate::engine::words::words(card.language).basis(b)) }
                                    " – tip: " (c.tip) " (" (c.werkproces) ")" },
                                (CriterionStatus::NotAssessed, _) => li.na { "– " (c.label) ": niet beoordeeld (" (c.werkproces) ")" },
                            }
                        }
                    }
                }
                None => p.small { "Nog geen scorekaart: de oefening is niet afgemaakt." }
            }
        }
    }
}

/// One webcare shift: every message with the student's reply, what the
/// customer answered to the student's own questions, the report's score and
/// the reflection the teacher reads.
fn shift_view(
    s: &crate::store::Shift,
    scenario: Option<&crate::webcare::PreparedScenario>,
    tz: chrono_tz::Tz,
) -> Markup {
    let title = scenario.map_or(s.scenario_id.as_str(), |p| p.scenario.title.as_str());
    html! {
        article.attempt id={ "dienst-" (s.id.0) } {
            h3 { (title) }
            p.small { (export::local(s.started_at, tz)) " · " (attempt_status(s.status))
                @if let Some(score) = s.score { " · score " (score) "/100" } }
            ol.transcript {
                @for post in &s.session.posts {
                    @let message = scenario.and_then(|p| p.message(&post.message));
                    li {
                        @if let Some(m) = message {
                            p.customer { "#" (post.number) " " (m.author) " (" (m.platform) "): " (m.text) }
                        } @else {
                            p.customer { "#" (post.number) " " (post.message) }
                        }
                        @if let Some(a) = &post.answer { p.customer { (a) } }
                        @match &post.reply {
                            Some(r) => {
                                p.reply { (r.text) }
                                @if let Some(answer) = &r.answer {
                                    @if answer.topics.is_empty() {
                                        p.small { "De klant wist het antwoord niet." }
                                    } @else {
                                        p.small { "Beantwoord uit kennis: " (answer.about.join(", ")) }
                                    }
                                }
                            }
                            None => p.small { "Niet beantwoord." }
                        }
                        @if post.escalated_at.is_some() { p.small { "Doorgezet naar een collega." } }
                    }
                }
            }
            @match &s.reflection {
                Some(r) => { h4 { "Reflectie" } p { (r) } }
                None => p.small { "Reflectie: " (crate::webcare::render::no_reflection(&s.session, "nog niet gegeven")) "." }
            }
        }
    }
}

/// The student's reply with the recognised words marked (the evidence's
/// character spans; a negated hit is not evidence).
fn highlighted(turn: &StoredTurn) -> Markup {
    let chars: Vec<char> = turn.text.chars().collect();
    let mut spans: Vec<(usize, usize, &str)> = turn
        .detection
        .evidence
        .iter()
        .filter(|e| !e.negated && e.start < e.end && e.end <= chars.len())
        .map(|e| (e.start, e.end, e.behaviour.as_str()))
        .collect();
    spans.sort();
    let mut pieces: Vec<(String, Option<&str>)> = Vec::new();
    let mut at = 0;
    for (start, end, behaviour) in spans {
        if start < at {
            continue; // overlapping spans: the first one is marked
        }
        pieces.push((chars[at..start].iter().collect(), None));
        pieces.push((chars[start..end].iter().collect(), Some(behaviour)));
        at = end;
    }
    pieces.push((chars[at..].iter().collect(), None));
    html! {
        @for (text, behaviour) in &pieces {
            @match behaviour {
                Some(b) => mark title=(b) { (text) },
                None => (text),
            }
        }
    }
}

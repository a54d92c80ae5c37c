//! The dialogue editor (`/editor`): a teacher writes or adapts a dialogue
//! file in the browser, checks it, runs its examples, practises it as a
//! student would and saves it as an upload.
//!
//! - Everything is one form with one textarea; each button posts it to its
//!   own address (`formaction`), so the page works without script. With
//!   script (`/editor.js`, kept in the repository and compiled into the
//!   binary; the CSP forbids inline script) the check runs on every change,
//!   debounced, and its problems appear next to the lines.
//! - Check and examples are the domain's: `dialogue::check_source` and
//!   `checking::run_examples` (webcare files: `webcare::check_scenario_source`
//!   and `webcare::transcripts::run_examples`), the same as `gesprekscoach
//!   check`/`test` and a Telegram upload.
//! - A webcare file's preview is a shift ([`super::shift_preview`]) on a
//!   simulated clock that the teacher moves on with "Volgend bericht".
//! - The preview keeps no state on the server: the form carries the seed
//!   and the replies given so far, and every turn replays them through the
//!   engine on the file as it is now. The engine is deterministic for a
//!   seed, so the replay is the conversation; nothing in the form is
//!   trusted beyond what the teacher could type anyway, a restart loses
//!   nothing and two instances behind one database answer the same.
//! - Saving follows the upload rules of `school::uploads` and stores a
//!   version with `insert_upload` (every version kept, offered to the
//!   teacher's classes), for dialogues and webcare files alike, as a
//!   Telegram upload does; students start a saved shift with `/webcare`.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use maud::{Markup, html};
use serde::{Deserialize, Serialize};

use super::Web;
use super::pages::{Page, PageError, login_needed, page};
use super::session::{self, Viewer};
use super::shift_preview::{self, ShiftPreview};
use crate::checking;
use crate::dialogue::{self, ExampleOutcome, MAX_FILE_BYTES, Prepared, Problem};
use crate::engine::{self, Input, Output, render};
use crate::matching::Matcher;
use crate::school::uploads::{self, UploadFacts, VERIFY_TIMEOUT};
use crate::store::prelude::*;
use crate::store::uploads::{NewUpload, UploadKind};
use crate::webcare::PreparedScenario;

/// The editor's script, compiled into the binary.
const SCRIPT: &str = include_str!("editor.js");
/// Replies one preview keeps (a real conversation has a handful).
const MAX_PREVIEW_REPLIES: usize = 100;
/// Longest reply in the preview (characters).
const MAX_REPLY_CHARS: usize = 2_000;
/// Problems shown at once; the rest are counted.
const MAX_LISTED: usize = 50;

/// A new file: a pointer to the templates rather than a half dialogue.
const EMPTY: &str = "# Kies hierboven een bestaande dialoog als sjabloon, of schrijf er zelf een.\n\
                     # Het formaat staat in dialogues/README.md.\n";

pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// The editor's form. `antwoorden` is the preview's replies so far (a JSON
/// list of strings), `zaad` its seed.
#[derive(Debug, Default, Deserialize)]
pub struct EditorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    bron: String,
    #[serde(default)]
    antwoorden: String,
    #[serde(default)]
    zaad: String,
    #[serde(default)]
    antwoord: String,
    /// The "begin again" button.
    #[serde(default)]
    opnieuw: String,
    /// A webcare preview's steps so far (a JSON list, [`shift_preview::Step`]).
    #[serde(default)]
    dienst: String,
    /// The webcare preview's button that was pressed.
    #[serde(default)]
    actie: String,
    /// The post a webcare reply or escalation is about.
    #[serde(default)]
    bericht: String,
}

impl EditorForm {
    /// Browsers send a textarea's lines with CRLF; the file has LF.
    fn source(&self) -> String {
        self.bron.replace("\r\n", "\n")
    }
}

/// A problem as the page and the script show it.
#[derive(Debug, Clone, Serialize)]
pub struct ShownProblem {
    pub line: usize,
    pub column: usize,
    pub error: bool,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Problem> for ShownProblem {
    fn from(p: &Problem) -> ShownProblem {
        ShownProblem {
            line: p.line,
            column: p.column,
            error: p.is_error(),
            message: p.message.clone(),
            hint: p.hint.clone(),
        }
    }
}

/// The answer to the script's check.
#[derive(Debug, Serialize)]
struct CheckAnswer {
    errors: usize,
    warnings: usize,
    problems: Vec<ShownProblem>,
}

/// What the file is, from its text.
enum Kind {
    Dialogue,
    Webcare,
}

fn kind(source: &str) -> Kind {
    match crate::webcare::declared_type(source) {
        Some((t, _)) if t == "webcare" => Kind::Webcare,
        _ => Kind::Dialogue,
    }
}

/// The file name the check uses: `<id>.toml`, as the file would be called
/// (so the check does not warn that the name differs from the id).
fn file_name(source: &str) -> String {
    let id = toml::de::DeTable::parse(source).ok().and_then(|root| {
        root.get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str().map(str::to_string))
    });
    match id.filter(|id| crate::dialogue::validate::valid_id(id)) {
        Some(id) => format!("{id}.toml"),
        None => "dialoog.toml".to_string(),
    }
}

/// What a file without errors prepares to.
enum Checked {
    Dialogue(Box<Prepared>),
    Webcare(Box<PreparedScenario>),
    /// The file has errors.
    Broken,
}

impl Checked {
    /// What saving stores: the kind, id and title of a file without errors.
    fn upload(&self) -> Option<(UploadKind, String, String)> {
        match self {
            Checked::Dialogue(d) => Some((
                UploadKind::Dialogue,
                d.dialogue.id.clone(),
                d.dialogue.title.clone(),
            )),
            Checked::Webcare(p) => Some((
                UploadKind::Webcare,
                p.scenario.id.clone(),
                p.scenario.title.clone(),
            )),
            Checked::Broken => None,
        }
    }
}

/// `check` on the text: the prepared dialogue or webcare scenario, and
/// every problem.
fn check(source: &str, catalogue: &dialogue::Catalogue) -> (Checked, Vec<Problem>) {
    if source.len() > MAX_FILE_BYTES {
        return (
            Checked::Broken,
            vec![Problem {
                file: "editor".into(),
                line: 1,
                column: 1,
                message: format!(
                    "het bestand is te groot ({} KiB; maximaal {} KiB)",
                    source.len().div_ceil(1024),
                    MAX_FILE_BYTES / 1024
                ),
                hint: Some("splits het gesprek op in meerdere dialogen".into()),
                severity: dialogue::Severity::Error,
            }],
        );
    }
    let name = file_name(source);
    match kind(source) {
        Kind::Webcare => {
            let (p, problems, _) = crate::webcare::check_scenario_source(&name, source, catalogue);
            (
                p.map_or(Checked::Broken, |p| Checked::Webcare(Box::new(p))),
                problems,
            )
        }
        Kind::Dialogue => {
            let (d, problems) = dialogue::check_source(&name, source.as_bytes(), catalogue);
            (
                d.map_or(Checked::Broken, |d| Checked::Dialogue(Box::new(d))),
                problems,
            )
        }
    }
}

/// The check's problems, for the script (JSON) or the page.
async fn checked(web: &Web, source: String) -> Vec<ShownProblem> {
    let shared = web.0.clone();
    let job =
        tokio::task::spawn_blocking(move || check(&source, &shared.library.catalogue_or_empty()).1);
    match tokio::time::timeout(VERIFY_TIMEOUT, job).await {
        Ok(Ok(problems)) => problems.iter().map(ShownProblem::from).collect(),
        _ => vec![gave_up()],
    }
}

fn gave_up() -> ShownProblem {
    ShownProblem {
        line: 1,
        column: 1,
        error: true,
        message: "het controleren duurde te lang of liep vast".into(),
        hint: Some("maak het bestand kleiner (minder stappen, regels of voorbeelden)".into()),
    }
}

#[derive(Deserialize)]
pub struct TemplateQuery {
    van: Option<String>,
}

/// The text of a template: a shipped dialogue's file, or an upload the
/// viewer owns (admins: any upload).
async fn template(web: &Web, viewer: &Viewer, id: &str) -> Result<Option<String>, PageError> {
    if shipped(web, id) && crate::dialogue::validate::valid_id(id) {
        let path = web.0.dialogues_dir.join(format!("{id}.toml"));
        return Ok(match tokio::fs::read_to_string(&path).await {
            Ok(text) => Some(text),
            Err(e) => {
                tracing::error!(error = %e, id, "template file unreadable");
                None
            }
        });
    }
    let upload = web.0.store.read().await?.current_upload(id).await?;
    Ok(upload
        .filter(|u| u.owner_id == viewer.user || viewer.role == crate::school::auth::Role::Admin)
        .map(|u| u.source))
}

/// A shipped dialogue or webcare shift has this id (its file is in the
/// dialogues folder).
fn shipped(web: &Web, id: &str) -> bool {
    web.0.library.is_shipped(id) || web.0.library.find_scenario(id).is_some()
}

/// `/editor` and `/editor?van=ID`.
pub async fn editor(
    State(web): State<Web>,
    headers: HeaderMap,
    Query(query): Query<TemplateQuery>,
) -> Page {
    let Some(viewer) = session::viewer(&web, &headers).await? else {
        return Ok(login_needed());
    };
    let mut view = View::default();
    let source = match query.van.as_deref().filter(|v| !v.is_empty()) {
        Some(id) => match template(&web, &viewer, id).await? {
            Some(text) => {
                view.template = Some(id.to_string());
                let webcare = web.0.library.find_scenario(id).is_some();
                view.notice = Some(if webcare {
                    format!(
                        "Webcaredienst '{id}' geladen. Controleer hem, voer de voorbeelddiensten uit \
                         of oefen de dienst. Geef hem een eigen id voor je opslaat."
                    )
                } else if shipped(&web, id) {
                    format!(
                        "Sjabloon '{id}' geladen. Geef de dialoog een eigen id voor je opslaat."
                    )
                } else if matches!(kind(&text), Kind::Webcare) {
                    format!(
                        "Je webcaredienst '{id}' geladen. Opslaan maakt er een nieuwe versie van."
                    )
                } else {
                    format!("Je dialoog '{id}' geladen. Opslaan maakt er een nieuwe versie van.")
                });
                text
            }
            None => {
                view.notice = Some(format!(
                    "Een dialoog '{id}' die je als sjabloon kunt gebruiken, ken ik niet."
                ));
                EMPTY.to_string()
            }
        },
        None => EMPTY.to_string(),
    };
    editor_page(&web, &viewer, &source, view).await
}

/// What a POST adds to the editor page.
#[derive(Default)]
struct View {
    /// The check's problems (None: not checked).
    problems: Option<Vec<ShownProblem>>,
    /// The examples' outcomes.
    outcomes: Option<Vec<ExampleOutcome>>,
    preview: Option<Played>,
    notice: Option<String>,
    saved: Option<String>,
    /// The template the text came from (selected in the list).
    template: Option<String>,
}

/// The viewer and the CSRF check of a POST, or the page to answer instead.
async fn poster(
    web: &Web,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<Result<Viewer, Response>, PageError> {
    let Some(viewer) = session::viewer(web, headers).await? else {
        return Ok(Err(login_needed()));
    };
    if !viewer.secret.csrf_matches(csrf) {
        return Ok(Err(super::pages::forbidden(&viewer)));
    }
    Ok(Ok(viewer))
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// `POST /editor/controleer`: the problems with line and column, as JSON
/// for the script (`Accept: application/json`) or as the editor page.
pub async fn check_post(
    State(web): State<Web>,
    headers: HeaderMap,
    Form(form): Form<EditorForm>,
) -> Page {
    let viewer = match poster(&web, &headers, &form.csrf).await? {
        Ok(v) => v,
        Err(response) => {
            return Ok(if wants_json(&headers) {
                (
                    response.status(),
                    axum::Json(serde_json::json!({"problems": []})),
                )
                    .into_response()
            } else {
                response
            });
        }
    };
    let source = form.source();
    let problems = checked(&web, source.clone()).await;
    if wants_json(&headers) {
        let errors = problems.iter().filter(|p| p.error).count();
        return Ok(axum::Json(CheckAnswer {
            errors,
            warnings: problems.len() - errors,
            problems,
        })
        .into_response());
    }
    let view = View {
        problems: Some(problems),
        preview: kept_preview(&web, &source, &form).await,
        ..View::default()
    };
    editor_page(&web, &viewer, &source, view).await
}

/// A file's check and what `gesprekscoach test` runs for it: a
/// dialogue's samples and example transcripts (`checking::run_examples`),
/// a webcare file's rule and topic samples and example shifts
/// (`webcare::transcripts::run_examples`).
struct Tested {
    checked: Checked,
    problems: Vec<Problem>,
    /// Empty when the file has errors (nothing could run).
    outcomes: Vec<ExampleOutcome>,
}

impl Tested {
    /// True when the file has no errors and every example passed (what a
    /// Telegram upload needs too, `dialogue::Verified::accepted`).
    fn accepted(&self) -> bool {
        !matches!(self.checked, Checked::Broken)
            && !self.problems.iter().any(Problem::is_error)
            && self.outcomes.iter().all(ExampleOutcome::passed)
    }
}

fn test_file(source: &str, catalogue: &dialogue::Catalogue, matcher: &Matcher) -> Tested {
    let (checked, problems) = check(source, catalogue);
    let outcomes = match &checked {
        Checked::Dialogue(d) => checking::run_examples(d, matcher),
        Checked::Webcare(p) => crate::webcare::transcripts::run_examples(p, matcher),
        Checked::Broken => Vec::new(),
    };
    Tested {
        checked,
        problems,
        outcomes,
    }
}

/// Check and examples on a blocking thread, one file at a time, within
/// [`VERIFY_TIMEOUT`]; `None` on a timeout or a panic.
async fn verify(web: &Web, source: String) -> Option<Tested> {
    let turn = web.0.verifying.clone().acquire_owned().await.ok()?;
    let shared = web.0.clone();
    let job = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        test_file(
            &source,
            &shared.library.catalogue_or_empty(),
            &shared.matcher,
        )
    });
    match tokio::time::timeout(VERIFY_TIMEOUT, job).await {
        Ok(Ok(v)) => Some(v),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "verifying in the editor panicked");
            None
        }
        Err(_) => {
            tracing::warn!("verifying in the editor timed out");
            None
        }
    }
}

/// `POST /editor/voorbeelden`: check, then the file's samples and example
/// transcripts.
pub async fn examples_post(
    State(web): State<Web>,
    headers: HeaderMap,
    Form(form): Form<EditorForm>,
) -> Page {
    let viewer = match poster(&web, &headers, &form.csrf).await? {
        Ok(v) => v,
        Err(response) => return Ok(response),
    };
    let source = form.source();
    let mut view = View::default();
    if source.len() > MAX_FILE_BYTES {
        view.problems = Some(checked(&web, source.clone()).await);
    } else {
        match verify(&web, source.clone()).await {
            Some(v) => {
                view.problems = Some(v.problems.iter().map(ShownProblem::from).collect());
                if !matches!(v.checked, Checked::Broken) {
                    view.outcomes = Some(v.outcomes);
                }
            }
            None => view.problems = Some(vec![gave_up()]),
        }
    }
    view.preview = kept_preview(&web, &source, &form).await;
    editor_page(&web, &viewer, &source, view).await
}

/// The preview as replayed from the form.
struct Preview {
    seed: u64,
    replies: Vec<String>,
    /// Every output in order, with the reply that came before it.
    items: Vec<PreviewItem>,
    finished: bool,
}

enum PreviewItem {
    Reply(String),
    Output(Box<Output>),
}

/// Plays `replies` from `seed` on `d`: the conversation so far (replies
/// after the end are dropped).
fn play(d: &Prepared, m: &Matcher, seed: u64, replies: Vec<String>) -> Preview {
    let (mut s, outputs) = engine::start(d, seed);
    let mut items: Vec<PreviewItem> = outputs
        .into_iter()
        .map(|o| PreviewItem::Output(Box::new(o)))
        .collect();
    let mut used = Vec::with_capacity(replies.len());
    for reply in replies {
        if s.finished {
            break;
        }
        // As in the terminal and Telegram: /hint and /stop are no replies.
        let input = match reply.trim() {
            "/hint" => Input::Hint,
            "/stop" => Input::Stop,
            _ => Input::Reply(reply.clone()),
        };
        let (next, outputs, _) = engine::handle(d, m, s, input);
        s = next;
        items.push(PreviewItem::Reply(reply.clone()));
        items.extend(
            outputs
                .into_iter()
                .map(|o| PreviewItem::Output(Box::new(o))),
        );
        used.push(reply);
    }
    Preview {
        seed,
        replies: used,
        items,
        finished: s.finished,
    }
}

/// What a preview is, either kind.
enum Played {
    Dialogue(Preview),
    Shift(ShiftPreview),
}

/// The preview as the form carries it, before it is replayed.
enum Carried {
    Dialogue { seed: u64, replies: Vec<String> },
    Shift { steps: Vec<shift_preview::Step> },
}

impl Carried {
    /// The preview in the form as it is (no new reply), for a file of this
    /// kind; `None` when the form has none.
    fn kept(kind: &Kind, form: &EditorForm) -> Option<Carried> {
        Some(match kind {
            Kind::Dialogue => {
                let seed = form.zaad.trim().parse::<u64>().ok()?;
                let mut replies: Vec<String> =
                    serde_json::from_str(&form.antwoorden).unwrap_or_default();
                replies.truncate(MAX_PREVIEW_REPLIES);
                Carried::Dialogue { seed, replies }
            }
            Kind::Webcare => {
                let mut steps: Vec<shift_preview::Step> =
                    serde_json::from_str(&form.dienst).ok()?;
                steps.truncate(MAX_PREVIEW_REPLIES);
                Carried::Shift { steps }
            }
        })
    }

    /// The preview after the button the teacher pressed: afresh for
    /// "Oefen", else the form's with the new reply or step added; anything
    /// unreadable starts afresh.
    fn next(kind: &Kind, form: &EditorForm) -> Carried {
        let fresh = !form.opnieuw.is_empty();
        let kept = if fresh {
            None
        } else {
            Carried::kept(kind, form)
        };
        match (kind, kept) {
            (_, Some(Carried::Dialogue { seed, mut replies })) => {
                let reply = form.antwoord.trim();
                if !reply.is_empty() && replies.len() < MAX_PREVIEW_REPLIES {
                    replies.push(reply.chars().take(MAX_REPLY_CHARS).collect());
                }
                Carried::Dialogue { seed, replies }
            }
            (_, Some(Carried::Shift { mut steps })) => {
                let step = shift_preview::step(
                    &form.actie,
                    &form.antwoord,
                    &form.bericht,
                    MAX_REPLY_CHARS,
                );
                if let Some(step) = step.filter(|_| steps.len() < MAX_PREVIEW_REPLIES) {
                    steps.push(step);
                }
                Carried::Shift { steps }
            }
            (Kind::Dialogue, None) => Carried::Dialogue {
                seed: rand::random::<u64>() % 1_000_000,
                replies: Vec::new(),
            },
            (Kind::Webcare, None) => Carried::Shift { steps: Vec::new() },
        }
    }

    /// Plays it on the checked file; `None` when the file has errors.
    fn replay(self, checked: Checked, matcher: &Matcher) -> Option<Played> {
        match (checked, self) {
            (Checked::Dialogue(d), Carried::Dialogue { seed, replies }) => {
                Some(Played::Dialogue(play(&d, matcher, seed, replies)))
            }
            (Checked::Webcare(p), Carried::Shift { steps }) => {
                Some(Played::Shift(shift_preview::play(&p, matcher, steps)))
            }
            _ => None,
        }
    }
}

/// The preview the form carries, replayed on `source` without a new reply:
/// the conversation or shift stays on the page when the teacher checks or
/// runs the examples in between. `None` without one or when the file has
/// errors now.
async fn kept_preview(web: &Web, source: &str, form: &EditorForm) -> Option<Played> {
    let carried = Carried::kept(&kind(source), form)?;
    let shared = web.0.clone();
    let text = source.to_string();
    let job = tokio::task::spawn_blocking(move || {
        carried.replay(
            check(&text, &shared.library.catalogue_or_empty()).0,
            &shared.matcher,
        )
    });
    tokio::time::timeout(VERIFY_TIMEOUT, job).await.ok()?.ok()?
}

/// `POST /editor/oefen`: starts the preview (without replies so far) or
/// adds the reply in `antwoord` (a webcare shift: the step of the button
/// pressed) and shows the conversation.
pub async fn practise_post(
    State(web): State<Web>,
    headers: HeaderMap,
    Form(form): Form<EditorForm>,
) -> Page {
    let viewer = match poster(&web, &headers, &form.csrf).await? {
        Ok(v) => v,
        Err(response) => return Ok(response),
    };
    let source = form.source();
    let mut view = View::default();
    let carried = Carried::next(&kind(&source), &form);
    let shared = web.0.clone();
    let text = source.clone();
    let job = tokio::task::spawn_blocking(move || {
        let (checked, problems) = check(&text, &shared.library.catalogue_or_empty());
        (carried.replay(checked, &shared.matcher), problems)
    });
    match tokio::time::timeout(VERIFY_TIMEOUT, job).await {
        Ok(Ok((preview, problems))) => {
            view.problems = Some(problems.iter().map(ShownProblem::from).collect());
            if preview.is_none() {
                view.notice = Some("Los eerst de fouten op; dan kun je oefenen.".into());
            }
            view.preview = preview;
        }
        _ => view.problems = Some(vec![gave_up()]),
    }
    editor_page(&web, &viewer, &source, view).await
}

/// `POST /editor/opslaan`: check and examples as for a Telegram upload,
/// the school's upload rules, then a new version for the teacher's classes.
pub async fn save_post(
    State(web): State<Web>,
    headers: HeaderMap,
    Form(form): Form<EditorForm>,
) -> Page {
    let viewer = match poster(&web, &headers, &form.csrf).await? {
        Ok(v) => v,
        Err(response) => return Ok(response),
    };
    let source = form.source();
    let mut view = View::default();
    if source.len() > MAX_FILE_BYTES {
        view.problems = Some(checked(&web, source.clone()).await);
        view.notice = Some("Niet opgeslagen: het bestand is te groot.".into());
        return Ok(status(
            StatusCode::UNPROCESSABLE_ENTITY,
            editor_page(&web, &viewer, &source, view).await?,
        ));
    }
    let Some(verified) = verify(&web, source.clone()).await else {
        view.problems = Some(vec![gave_up()]);
        view.notice = Some("Niet opgeslagen.".into());
        return Ok(status(
            StatusCode::UNPROCESSABLE_ENTITY,
            editor_page(&web, &viewer, &source, view).await?,
        ));
    };
    view.problems = Some(verified.problems.iter().map(ShownProblem::from).collect());
    let accepted = verified.accepted();
    let Some((kind, id, title)) = verified.checked.upload().filter(|_| accepted) else {
        view.outcomes = Some(verified.outcomes);
        view.notice = Some(
            "Niet opgeslagen: los eerst de fouten op en zorg dat alle voorbeelden slagen.".into(),
        );
        return Ok(status(
            StatusCode::UNPROCESSABLE_ENTITY,
            editor_page(&web, &viewer, &source, view).await?,
        ));
    };
    view.outcomes = Some(verified.outcomes);
    let now = Utc::now().timestamp();
    let mut db = web.0.store.read().await?;
    let current = db.current_upload(&id).await?;
    let versions_today = db.uploads_since(viewer.user, now - 24 * 3600).await?;
    let all = db.current_uploads().await?;
    drop(db);
    // Both kinds count towards the limit and share the ids.
    let own_ids: Vec<&str> = all
        .iter()
        .filter(|u| u.owner_id == viewer.user)
        .map(|u| u.dialogue_id.as_str())
        .collect();
    let facts = UploadFacts {
        id: &id,
        uploader: viewer.user,
        shipped: web.0.library.is_shipped_id(&id),
        current_owner: current.as_ref().map(|u| u.owner_id),
        versions_today,
        own_ids,
    };
    if let Some(clash) = uploads::clash(&facts) {
        view.notice = Some(format!("Niet opgeslagen. {clash}"));
        return Ok(status(
            StatusCode::UNPROCESSABLE_ENTITY,
            editor_page(&web, &viewer, &source, view).await?,
        ));
    }
    let new = NewUpload {
        dialogue_id: id.clone(),
        kind,
        owner_id: viewer.user,
        title: title.clone(),
        file_name: format!("{id}.toml"),
        source: source.clone(),
    };
    web.0
        .store
        .write(move |tx| {
            let new = new.clone();
            Box::pin(async move { tx.insert_upload(&new).await })
        })
        .await?;
    tracing::info!(dialogue = %id, kind = kind.as_str(), teacher = viewer.user, "file saved in the editor");
    let (command, going_on) = match kind {
        UploadKind::Dialogue => (
            "/oefen",
            " Wie nog bezig was, maakt het gesprek af met de vorige versie.",
        ),
        UploadKind::Webcare => (
            "/webcare",
            " Wie nog bezig was, maakt de dienst af met de vorige versie.",
        ),
    };
    view.saved = Some(format!(
        "'{title}' ({id}) is opgeslagen en staat klaar voor je klassen{}. Leerlingen starten hem \
         met {command} {id}.{}",
        if current.is_some() {
            " als nieuwe versie"
        } else {
            ""
        },
        if current.is_some() { going_on } else { "" }
    ));
    editor_page(&web, &viewer, &source, view).await
}

fn status(code: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = code;
    response
}

/// The templates a viewer can start from: shipped dialogues and their own
/// uploads (admins: every upload).
async fn templates(web: &Web, viewer: &Viewer) -> Result<Vec<(String, String)>, PageError> {
    let mut list: Vec<(String, String)> = web
        .0
        .library
        .shipped_dialogues()
        .iter()
        .map(|d| (d.dialogue.id.clone(), d.dialogue.title.clone()))
        .chain(web.0.library.scenarios().iter().map(|p| {
            (
                p.scenario.id.clone(),
                format!("{} (webcaredienst)", p.scenario.title),
            )
        }))
        .collect();
    let uploads = web.0.store.read().await?.current_uploads().await?;
    list.extend(
        uploads
            .into_iter()
            .filter(|u| {
                u.owner_id == viewer.user || viewer.role == crate::school::auth::Role::Admin
            })
            .map(|u| (u.dialogue_id, format!("{} (eigen)", u.title))),
    );
    list.sort();
    Ok(list)
}

async fn editor_page(
    web: &Web,
    viewer: &Viewer,
    source: &str,
    view: View,
) -> Result<Response, PageError> {
    let templates = templates(web, viewer).await?;
    let line_count = source.lines().count().max(1) + usize::from(source.ends_with('\n'));
    let problems = view.problems.as_deref().unwrap_or(&[]);
    let errors = problems.iter().filter(|p| p.error).count();
    let status = if errors > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    // Per line: an error there, and the first problem's words (the mark's
    // tooltip, so the message is next to its line too).
    let mut marked: std::collections::BTreeMap<usize, (bool, &str)> = Default::default();
    for p in problems {
        let e = marked.entry(p.line).or_insert((false, p.message.as_str()));
        e.0 |= p.error;
    }
    let catalogue = web.0.library.catalogue_or_empty();
    let titles: &dialogue::Catalogue = &catalogue;
    Ok(page(
        status,
        "Dialoog-editor",
        Some(viewer),
        html! {
            p.crumbs { a href="/" { "Klassen" } " › Dialoog-editor" }
            h1 { "Dialoog-editor" }
            form.template method="get" action="/editor" {
                label for="van" { "Begin met een bestaande dialoog als sjabloon" }
                select #van name="van" {
                    @for (id, title) in &templates {
                        option value=(id) selected[view.template.as_deref() == Some(id.as_str())] { (title) " – " (id) }
                    }
                }
                button type="submit" { "Sjabloon laden" }
            }
            @if let Some(n) = &view.notice { p.notice role="status" { (n) } }
            @if let Some(s) = &view.saved { p.saved role="status" { "✓ " (s) } }
            form #editor method="post" action="/editor/controleer" {
                input type="hidden" name="csrf" value=(viewer.csrf_token());
                label for="bron" { "Dialoogbestand (TOML)" }
                p.small #bron-uitleg { "Regelnummers staan links; een regel met een fout krijgt ✗, met een waarschuwing !. \
                    Met script wordt het bestand bij elke wijziging gecontroleerd; anders met de knop Controleer." }
                div.code {
                    pre.gutter #regels aria-hidden="true" {
                        @for n in 1..=line_count {
                            @match marked.get(&n) {
                                Some((true, words)) => span.fout title={ "fout: " (words) } { (n) " ✗" } ,
                                Some((false, words)) => span.waarschuwing title={ "waarschuwing: " (words) } { (n) " !" },
                                None => span { (n) },
                            }
                            "\n"
                        }
                    }
                    textarea #bron name="bron" rows=(line_count + 1) wrap="off" spellcheck="false"
                        autocapitalize="off" aria-describedby="bron-uitleg problemen" {
                        // A parser drops a textarea's first newline: this one, not the file's.
                        "\n" (source)
                    }
                }
                div.buttons {
                    button type="submit" formaction="/editor/controleer#problemen" { "Controleer" }
                    button type="submit" formaction="/editor/voorbeelden#voorbeelden" { "Voorbeelden uitvoeren" }
                    button type="submit" formaction="/editor/oefen#oefenen" name="opnieuw" value="1" { "Oefen (opnieuw beginnen)" }
                    button type="submit" formaction="/editor/opslaan" { "Opslaan voor je klassen" }
                }
                section #problemen aria-live="polite" {
                    (problem_list(view.problems.as_deref()))
                }
                @if let Some(outcomes) = &view.outcomes { (outcome_list(outcomes)) }
                @if let Some(Played::Shift(p)) = &view.preview {
                    (shift_preview::section(p, titles, MAX_REPLY_CHARS))
                }
                @if let Some(Played::Dialogue(p)) = &view.preview {
                    section.preview #oefenen {
                        h2 { "Oefenen" }
                        p.small { "Zo ziet een leerling het gesprek (zelfde motor, feedback en scorekaart). \
                                   Het gesprek staat in dit formulier: het volgt je wijzigingen in het bestand." }
                        ol.chat {
                            @for item in &p.items {
                                @match item {
                                    PreviewItem::Reply(r) => li.reply { span.who { "Jij: " } (r) },
                                    PreviewItem::Output(o) => (output_item(o, titles)),
                                }
                            }
                        }
                        input type="hidden" name="antwoorden" value=(serde_json::to_string(&p.replies).unwrap_or_default());
                        input type="hidden" name="zaad" value=(p.seed);
                        @if p.finished {
                            p { "Het gesprek is klaar. Begin opnieuw met de knop Oefen." }
                        } @else {
                            label for="antwoord" { "Jouw antwoord" }
                            div.reply-row {
                                input #antwoord type="text" name="antwoord" autocomplete="off" maxlength=(MAX_REPLY_CHARS) autofocus;
                                button #stuur type="submit" formaction="/editor/oefen#oefenen" { "Stuur" }
                            }
                        }
                    }
                }
            }
            script src="/editor.js" defer {}
        },
    ))
}

fn output_item(o: &Output, titles: &crate::dialogue::Catalogue) -> Markup {
    let (css, text) = match o {
        Output::Briefing(b) => ("briefing", render::briefing(b, titles)),
        Output::Customer { name, text } => ("customer", render::customer(name, text)),
        Output::Feedback(f) => ("feedback", render::feedback(f)),
        Output::Hint(h) => ("hint", format!("Hint: {h}")),
        Output::Scorecard(card) => ("scorecard", render::scorecard(card, titles)),
        Output::Notice(n) => ("notice", render::notice(n)),
    };
    html! {
        @if !text.trim().is_empty() {
            li class=(css) {
                @for line in text.lines() { (line) br; }
            }
        }
    }
}

fn problem_list(problems: Option<&[ShownProblem]>) -> Markup {
    html! {
        @match problems {
            None => {},
            Some([]) => p.ok { "✓ Geen fouten of waarschuwingen gevonden." },
            Some(list) => {
                @let errors = list.iter().filter(|p| p.error).count();
                h2 { (errors) " " (if errors == 1 { "fout" } else { "fouten" }) ", "
                     (list.len() - errors) " " (if list.len() - errors == 1 { "waarschuwing" } else { "waarschuwingen" }) }
                ul.problems {
                    @for p in list.iter().take(MAX_LISTED) {
                        li class=(if p.error { "fout" } else { "waarschuwing" }) data-line=(p.line) {
                            strong { "Regel " (p.line) ", kolom " (p.column) }
                            " – " (if p.error { "fout" } else { "waarschuwing" }) ": " (p.message)
                            @if let Some(h) = &p.hint { br; span.small { "Tip: " (h) } }
                        }
                    }
                }
                @if list.len() > MAX_LISTED { p.small { "… en nog " (list.len() - MAX_LISTED) "." } }
            }
        }
    }
}

fn outcome_list(outcomes: &[ExampleOutcome]) -> Markup {
    let failed: Vec<&ExampleOutcome> = outcomes.iter().filter(|o| !o.passed()).collect();
    html! {
        section.outcomes #voorbeelden {
            h2 { "Voorbeelden: " (outcomes.len() - failed.len()) " van de " (outcomes.len()) " geslaagd" }
            @if outcomes.is_empty() {
                p { "Dit bestand heeft geen voorbeelden (of ze konden niet draaien door fouten)." }
            }
            @if !failed.is_empty() {
                ul.problems {
                    @for o in &failed {
                        li.fout {
                            strong { "MISLUKT: " (o.name) }
                            @for f in &o.failures { br; (f) }
                        }
                    }
                }
            }
        }
    }
}

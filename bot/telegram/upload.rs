//! Teachers' own dialogues and webcare shifts: a teacher sends a `.toml`
//! document, the bot fetches it, checks it and runs its examples exactly as
//! `gesprekscoach check` and `test` do ([`crate::checking::verify`],
//! [`crate::checking::verify_scenario`] for `type = "webcare"`), and answers
//! with the problems (line:column and the Dutch hint) or a short summary. A
//! valid file is stored (every version) and offered to the teacher's
//! classes (`/oefen` or `/webcare`); admins can publish it to everyone.
//! Commands: `/mijndialogen`, `/verwijderdialoog ID`, `/publiceer ID`,
//! `/depubliceer ID` (for both kinds).
//!
//! Safety: a file never reaches the parser unless it is small
//! ([`MAX_FILE_BYTES`], checked on Telegram's announced size before the
//! download and again while downloading); the loader refuses bad encodings,
//! deep nesting, oversized regexes and overlong lists; verification runs on
//! a blocking thread, one at a time, within [`VERIFY_TIMEOUT`]. A panic or
//! timeout there is a refusal, never a crash.
//!
//! Attempts and shifts refer to the version they started on
//! (`uploaded_dialogue_attempts`, `uploaded_scenario_shifts`), so a
//! re-upload or removal does not pull the steps from under a student who is
//! mid-conversation.

use std::sync::Arc;

use teloxide::types::Document;

use super::TelegramError;
use super::api::{Api, DownloadError};
use super::decision::{Context, Effects, Student};
use super::teacher::{Role, role};
use super::writes::{UploadWrite, Write};
use crate::checking::{self, Verified, VerifiedScenario};
use crate::dialogue::{self, MAX_FILE_BYTES, Prepared};
use crate::matching::Matcher;
use crate::school::library::{Audience, Upload};
use crate::store::prelude::*;
use crate::store::telegram as tg;
use crate::store::uploads::{NewUpload, UploadKind};
use crate::store::{Attempt, AttemptId, UploadId};

use crate::school::uploads::VERIFY_TIMEOUT;

/// Problems listed in one answer; the rest are counted.
const MAX_LISTED: usize = 15;

pub(super) async fn apply(
    tx: &mut dyn Tx,
    w: &UploadWrite,
    last_attempt: Option<AttemptId>,
) -> Result<(), TelegramError> {
    match w {
        UploadWrite::Store { new, .. } => {
            tx.insert_upload(new).await?;
        }
        UploadWrite::LinkAttempt { version } => match last_attempt {
            Some(attempt) => tx.link_attempt_upload(attempt, UploadId(*version)).await?,
            None => tracing::error!(version, "upload version without a started attempt"),
        },
        UploadWrite::Remove { dialogue_id } => tx.remove_upload(dialogue_id).await?,
        UploadWrite::Publish {
            dialogue_id,
            everyone,
        } => tx.set_upload_everyone(dialogue_id, *everyone).await?,
    }
    Ok(())
}

/// After the update's transaction committed: brings the in-memory offer in
/// line with the database for every dialogue the writes touched.
pub(super) async fn committed(ctx: &Context, writes: &[Write]) -> Result<(), TelegramError> {
    for w in writes {
        let Write::Upload(w) = w else { continue };
        let (dialogue_id, prepared) = match w {
            // A scenario: the library reads it back from the store.
            UploadWrite::Store {
                prepared: None,
                new,
            } => {
                refresh(ctx).await?;
                tracing::debug!(id = %new.dialogue_id, "uploaded scenario offered");
                continue;
            }
            UploadWrite::Store {
                new,
                prepared: Some(prepared),
            } => (&new.dialogue_id, Some(prepared)),
            UploadWrite::Remove { dialogue_id } | UploadWrite::Publish { dialogue_id, .. } => {
                (dialogue_id, None)
            }
            UploadWrite::LinkAttempt { .. } => continue,
        };
        let current = ctx.store.read().await?.current_upload(dialogue_id).await?;
        match current {
            None => ctx.content.remove(dialogue_id),
            Some(row) if row.kind == UploadKind::Webcare => {
                refresh(ctx).await?;
            }
            Some(row) => {
                let known = ctx.content.upload(dialogue_id);
                let prepared = match (prepared, &known) {
                    (Some(p), _) => p.clone(),
                    (None, Some(u)) if u.version == row.id => u.prepared.clone(),
                    // Changed by someone else meanwhile: take the stored text.
                    (None, _) => match ctx.content.catalogue().and_then(|c| row.prepare(&c)) {
                        Some(p) => Arc::new(p),
                        None => continue,
                    },
                };
                ctx.content.install(Upload {
                    version: row.id,
                    owner: row.owner_id,
                    everyone: row.everyone,
                    prepared,
                });
            }
        }
    }
    Ok(())
}

/// Loads the current uploads from the database into the offer (at start).
pub(super) async fn load(ctx: &Context) -> Result<(), TelegramError> {
    let count = refresh(ctx).await?;
    tracing::info!(count, "uploaded dialogues loaded");
    Ok(())
}

/// Brings the offer in line with the database (`Library::refresh`).
/// Returns how many uploads are current.
pub(super) async fn refresh(ctx: &Context) -> Result<usize, TelegramError> {
    let mut db = ctx.store.read().await?;
    Ok(ctx.content.refresh(&mut *db).await?)
}

/// The dialogue an attempt runs on: for uploads the exact version it
/// started with (`Library::dialogue_of_attempt`).
pub(super) async fn dialogue_of_attempt(
    ctx: &Context,
    attempt: &Attempt,
) -> Result<Option<Arc<Prepared>>, TelegramError> {
    let mut db = ctx.store.read().await?;
    Ok(ctx
        .content
        .dialogue_of_attempt(&mut *db, attempt.id, &attempt.dialogue_id)
        .await?)
}

/// Who the sender is for the purpose of seeing uploads.
pub(super) async fn audience(ctx: &Context, me: &Student) -> Result<Audience, TelegramError> {
    // Everything that offers or starts a dialogue asks for the audience
    // first: the moment to pick up uploads saved elsewhere.
    refresh(ctx).await?;
    let class_teacher = me.class(ctx).await?.and_then(|c| c.teacher_id);
    Ok(Audience {
        user_id: me.user.user_id,
        class_teacher,
    })
}

/// A document in a private chat. None for students: they get the usual
/// answer to media.
pub(super) async fn document(
    ctx: &Context,
    me: &Student,
    doc: &Document,
) -> Result<Option<Effects>, TelegramError> {
    if !role(ctx, me.user.user_id).await?.is_teacher() {
        return Ok(None);
    }
    Ok(Some(receive(ctx, me, doc).await?))
}

async fn receive(ctx: &Context, me: &Student, doc: &Document) -> Result<Effects, TelegramError> {
    let say = |text: String| Ok(Effects::default().say(text));
    let name = doc
        .file_name
        .clone()
        .unwrap_or_else(|| "dialoog.toml".to_string());
    if !name.to_lowercase().ends_with(".toml") {
        return say(format!(
            "'{name}' is geen dialoogbestand. Stuur een bestand dat eindigt op .toml \
             (bijvoorbeeld klacht-levering.toml). Met /sjabloon ID krijg je een bestaand \
             bestand met uitleg om aan te passen."
        ));
    }
    if doc.file.size as usize > MAX_FILE_BYTES {
        return say(too_big(&name, doc.file.size as usize));
    }
    let Some(catalogue) = ctx.content.catalogue() else {
        tracing::error!("upload refused: no werkproces catalogue loaded");
        return say(
            "Ik kan nu geen dialogen controleren: de lijst met werkprocessen ontbreekt op de server. \
             Meld dit bij de beheerder."
                .to_string(),
        );
    };
    let bytes = match fetch(&ctx.uploads.api, &doc.file.id.0).await {
        Ok(bytes) => bytes,
        Err(DownloadError::TooBig) => return say(too_big(&name, MAX_FILE_BYTES + 1)),
        Err(e) => {
            tracing::warn!(error = %e, "upload download failed");
            return say(
                "Ik kon je bestand niet ophalen bij Telegram. Stuur het over een minuut nog eens."
                    .to_string(),
            );
        }
    };
    let verified = match verify(ctx, &name, bytes.clone(), catalogue).await {
        Some(Checked::Dialogue(v)) => *v,
        Some(Checked::Webcare(v)) => return receive_scenario(ctx, me, name, bytes, *v).await,
        None => {
            return say(format!(
                "Het controleren van '{name}' duurde te lang of liep vast, dus ik heb het niet \
                 geplaatst. Maak het bestand kleiner (minder stappen, regels of voorbeelden) en \
                 stuur het opnieuw."
            ));
        }
    };
    if !verified.accepted() {
        return say(refusal(&name, &verified.problems, &verified.outcomes));
    }
    let Some(prepared) = verified.prepared.as_ref() else {
        return say(refusal(&name, &verified.problems, &verified.outcomes));
    };
    let id = prepared.dialogue.id.clone();
    if let Some(reason) = clash(ctx, me, &id).await? {
        return say(reason);
    }
    // Accepted files passed the UTF-8 check, so this does not fail.
    let source = String::from_utf8(bytes).unwrap_or_default();
    let replaced = ctx.content.any_upload(&id).is_some();
    let summary = summary(&name, &verified, replaced);
    let Some(prepared) = verified.prepared else {
        return say(summary);
    };
    Ok(Effects::default()
        .write(Write::Upload(UploadWrite::Store {
            new: NewUpload {
                dialogue_id: id,
                kind: UploadKind::Dialogue,
                owner_id: me.user.user_id,
                title: prepared.dialogue.title.clone(),
                file_name: name,
                source,
            },
            prepared: Some(Arc::new(prepared)),
        }))
        .say(summary))
}

/// A verified webcare file: the same rules as a dialogue (all examples
/// pass, the school's id rules and limits), then a new version.
async fn receive_scenario(
    ctx: &Context,
    me: &Student,
    name: String,
    bytes: Vec<u8>,
    verified: VerifiedScenario,
) -> Result<Effects, TelegramError> {
    let say = |text: String| Ok(Effects::default().say(text));
    let prepared = match &verified.prepared {
        Some(p) if verified.accepted() => p,
        _ => return say(refusal(&name, &verified.problems, &verified.outcomes)),
    };
    let sc = &prepared.scenario;
    if let Some(reason) = clash(ctx, me, &sc.id).await? {
        return say(reason);
    }
    let replaced = ctx.content.any_upload(&sc.id).is_some();
    let passed = verified.outcomes.iter().filter(|o| o.passed()).count();
    let mut text = format!(
        "✅ '{name}' is goedgekeurd en staat klaar voor je klassen.\n\n\
         Id: {}\nTitel: {}\nSoort: webcaredienst\nBerichten: {}\nVoorbeelden: {passed} van de {} \
         geslaagd",
        sc.id,
        sc.title,
        sc.messages.len(),
        verified.outcomes.len(),
    );
    push_warnings(&mut text, &verified.problems);
    if replaced {
        text.push_str(
            "\n\nDit vervangt je vorige versie. Leerlingen die nog met een dienst bezig waren, \
             maken die af met de oude versie.",
        );
    }
    text.push_str(&format!(
        "\n\nJe leerlingen starten hem met /webcare {} of kiezen hem uit /webcare. Je eigen \
         dialogen en diensten: /mijndialogen.",
        sc.id
    ));
    // Accepted files passed the UTF-8 check, so this does not fail.
    let source = String::from_utf8(bytes).unwrap_or_default();
    Ok(Effects::default()
        .write(Write::Upload(UploadWrite::Store {
            new: NewUpload {
                dialogue_id: sc.id.clone(),
                kind: UploadKind::Webcare,
                owner_id: me.user.user_id,
                title: sc.title.clone(),
                file_name: name,
                source,
            },
            prepared: None,
        }))
        .say(text))
}

/// Gets a file from Telegram: its size as Telegram knows it, then the
/// bytes, never more than the limit.
async fn fetch(api: &Api, file_id: &str) -> Result<Vec<u8>, DownloadError> {
    let (path, size) = api.file(file_id).await?;
    if size as usize > MAX_FILE_BYTES {
        return Err(DownloadError::TooBig);
    }
    api.download(&path, MAX_FILE_BYTES).await
}

/// What verification found.
enum Checked {
    Dialogue(Box<Verified>),
    Webcare(Box<VerifiedScenario>),
}

/// Checks and tests on a blocking thread, one file at a time; None on a
/// timeout or a panic.
async fn verify(
    ctx: &Context,
    name: &str,
    bytes: Vec<u8>,
    catalogue: Arc<dialogue::Catalogue>,
) -> Option<Checked> {
    // The permit moves into the job: after a timeout the job may still run,
    // and the next file waits until it really ended.
    let turn = ctx.uploads.verifying.clone().acquire_owned().await.ok()?;
    let matcher: Arc<Matcher> = ctx.matcher.clone();
    let name = name.to_string();
    let job = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let webcare = bytes.len() <= MAX_FILE_BYTES
            && std::str::from_utf8(&bytes)
                .ok()
                .and_then(crate::webcare::declared_type)
                .is_some_and(|(kind, _)| kind == "webcare");
        if webcare {
            return Checked::Webcare(Box::new(checking::verify_scenario(
                &name, &bytes, &catalogue, &matcher,
            )));
        }
        Checked::Dialogue(Box::new(checking::verify(
            &name, &bytes, &catalogue, &matcher,
        )))
    });
    match tokio::time::timeout(VERIFY_TIMEOUT, job).await {
        Ok(Ok(verified)) => Some(verified),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "verifying an upload panicked");
            None
        }
        Err(_) => {
            tracing::warn!("verifying an upload timed out");
            None
        }
    }
}

fn too_big(name: &str, size: usize) -> String {
    format!(
        "'{name}' is te groot ({} KiB; maximaal {} KiB). Een dialoog is meestal maar een paar \
         KiB: splits het gesprek op in meerdere dialogen.",
        size.div_ceil(1024),
        MAX_FILE_BYTES / 1024
    )
}

/// Why an id cannot be used by this sender, if it can't (the school's
/// rules, [`crate::school::uploads::clash`]).
async fn clash(ctx: &Context, me: &Student, id: &str) -> Result<Option<String>, TelegramError> {
    let mut db = ctx.store.read().await?;
    let current_owner = db.current_upload(id).await?.map(|row| row.owner_id);
    let versions_today = db
        .uploads_since(me.user.user_id, tg::now() - 24 * 3600)
        .await?;
    drop(db);
    // Both kinds count towards the limit and share the ids.
    let mine = ctx.content.own_uploads(me.user.user_id);
    let facts = crate::school::uploads::UploadFacts {
        id,
        uploader: me.user.user_id,
        shipped: ctx.content.is_shipped_id(id),
        current_owner,
        versions_today,
        own_ids: mine.iter().map(|u| u.id.as_str()).collect(),
    };
    Ok(crate::school::uploads::clash(&facts).map(|c| c.to_string()))
}

/// The answer to a file with errors or failing examples: the same lines as
/// `gesprekscoach check` and `test` print.
fn refusal(
    name: &str,
    problems: &[dialogue::Problem],
    outcomes: &[dialogue::ExampleOutcome],
) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let mut out = if errors > 0 {
        format!(
            "❌ '{name}' is niet geplaatst: {} gevonden.\n",
            plural(errors, "fout", "fouten")
        )
    } else {
        let failed = outcomes.iter().filter(|o| !o.passed()).count();
        format!(
            "❌ '{name}' is niet geplaatst: {} van de {} voorbeelden {} mislukt.\n",
            failed,
            outcomes.len(),
            if failed == 1 { "is" } else { "zijn" }
        )
    };
    let mut lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.extend(
        outcomes
            .iter()
            .filter(|o| !o.passed())
            .map(|o| format!("{name}: {o}")),
    );
    let more = lines.len().saturating_sub(MAX_LISTED);
    for line in lines.iter().take(MAX_LISTED) {
        out.push('\n');
        out.push_str(line);
    }
    if more > 0 {
        out.push_str(&format!(
            "\n… en nog {more}. Los eerst deze op; op de computer zie je alles met \
             gesprekscoach check {name}."
        ));
    }
    out.push_str("\n\nPas het bestand aan en stuur het opnieuw.");
    out
}

fn summary(name: &str, v: &Verified, replaced: bool) -> String {
    let Some(p) = &v.prepared else {
        return String::new();
    };
    let d = &p.dialogue;
    let passed = v.outcomes.iter().filter(|o| o.passed()).count();
    let mut out = format!(
        "✅ '{name}' is goedgekeurd en staat klaar voor je klassen.\n\n\
         Id: {}\nTitel: {}\nWerkprocessen: {}\nVoorbeelden: {passed} van de {} geslaagd",
        d.id,
        d.title,
        d.werkprocessen.join(", "),
        v.outcomes.len(),
    );
    push_warnings(&mut out, &v.problems);
    if replaced {
        out.push_str(
            "\n\nDit vervangt je vorige versie. Leerlingen die nog bezig waren, maken hun \
             gesprek af met de oude versie.",
        );
    }
    out.push_str(&format!(
        "\n\nJe leerlingen starten hem met /oefen {} of kiezen hem uit /oefen. \
         Je eigen dialogen: /mijndialogen.",
        d.id
    ));
    out
}

/// The warnings of an accepted file, listed after its summary.
fn push_warnings(out: &mut String, problems: &[dialogue::Problem]) {
    let warnings: Vec<String> = problems
        .iter()
        .filter(|p| !p.is_error())
        .take(MAX_LISTED)
        .map(ToString::to_string)
        .collect();
    if !warnings.is_empty() {
        out.push_str("\n\nLet op:\n");
        out.push_str(&warnings.join("\n"));
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The sender's role when they are a teacher; else the refusal to send.
async fn teacher_role(ctx: &Context, me: &Student) -> Result<Result<Role, Effects>, TelegramError> {
    let role = role(ctx, me.user.user_id).await?;
    Ok(if role.is_teacher() {
        Ok(role)
    } else {
        Err(Effects::default().say(super::teacher::NOT_A_TEACHER))
    })
}

/// `/mijndialogen`.
pub(super) async fn list(ctx: &Context, me: &Student) -> Result<Effects, TelegramError> {
    Ok(match teacher_role(ctx, me).await? {
        Ok(_) => own_list(ctx, me),
        Err(refusal) => refusal,
    })
}

/// `/verwijderdialoog ID`.
pub(super) async fn remove(
    ctx: &Context,
    me: &Student,
    id: &str,
) -> Result<Effects, TelegramError> {
    Ok(match teacher_role(ctx, me).await? {
        Ok(role) => remove_own(ctx, me, role, id),
        Err(refusal) => refusal,
    })
}

/// `/publiceer ID` (`everyone`) and `/depubliceer ID`.
pub(super) async fn publish(
    ctx: &Context,
    me: &Student,
    id: &str,
    everyone: bool,
) -> Result<Effects, TelegramError> {
    Ok(match teacher_role(ctx, me).await? {
        Ok(role) => publish_as(ctx, role, id, everyone),
        Err(refusal) => refusal,
    })
}

fn own_list(ctx: &Context, me: &Student) -> Effects {
    let mine = ctx.content.own_uploads(me.user.user_id);
    if mine.is_empty() {
        return Effects::default().say(
            "Je hebt nog geen eigen dialogen of webcarediensten. Stuur mij een bestand (.toml) \
             als document; ik controleer het en zet het klaar voor je klassen.",
        );
    }
    let mut out = String::from("📚 Je eigen dialogen en webcarediensten\n");
    for u in &mine {
        let scope = if u.everyone {
            "voor iedereen"
        } else {
            "voor je klassen"
        };
        let kind = match u.kind {
            UploadKind::Dialogue => "",
            UploadKind::Webcare => "webcaredienst, ",
        };
        out.push_str(&format!("\n• {} – {} ({kind}{scope})", u.id, u.title));
    }
    out.push_str(
        "\n\nNieuwe versie: stuur het bestand opnieuw (zelfde id). \
         Verwijderen: /verwijderdialoog ID.",
    );
    Effects::default().say(out)
}

fn remove_own(ctx: &Context, me: &Student, role: Role, id: &str) -> Effects {
    if id.is_empty() {
        return Effects::default()
            .say("Noem de id van de dialoog, bijvoorbeeld /verwijderdialoog klacht-levering. Je dialogen: /mijndialogen.");
    }
    match ctx.content.any_upload(id) {
        Some(u) if u.owner == me.user.user_id || role == Role::Admin => Effects::default()
            .write(Write::Upload(UploadWrite::Remove {
                dialogue_id: id.to_string(),
            }))
            .say(match u.kind {
                UploadKind::Dialogue => format!(
                    "De dialoog '{id}' is verwijderd: leerlingen kunnen hem niet meer starten. \
                     Wie al bezig was, kan het gesprek afmaken."
                ),
                UploadKind::Webcare => format!(
                    "De webcaredienst '{id}' is verwijderd: leerlingen kunnen hem niet meer \
                     starten. Wie al bezig was, kan de dienst afmaken."
                ),
            }),
        _ => Effects::default().say(format!(
            "Je hebt geen eigen dialoog met de id '{id}'. Je dialogen: /mijndialogen."
        )),
    }
}

fn publish_as(ctx: &Context, role: Role, id: &str, everyone: bool) -> Effects {
    let command = if everyone { "publiceer" } else { "depubliceer" };
    if role != Role::Admin {
        return Effects::default().say(format!(
            "Alleen een beheerder kan een dialoog voor iedereen publiceren. Vraag de beheerder \
             van de Gesprekscoach: /{command} ID."
        ));
    }
    if id.is_empty() {
        return Effects::default().say(format!(
            "Noem de id van de geüploade dialoog, bijvoorbeeld /{command} klacht-levering."
        ));
    }
    let Some(upload) = ctx.content.any_upload(id) else {
        return Effects::default().say(format!(
            "Er is geen geüploade dialoog of webcaredienst met de id '{id}'. Controleer de id (de \
             docent ziet hem bij /mijndialogen)."
        ));
    };
    let (what, menu) = match upload.kind {
        UploadKind::Dialogue => ("De dialoog", "/oefen"),
        UploadKind::Webcare => ("De webcaredienst", "/webcare"),
    };
    let text = if everyone {
        format!("{what} '{id}' staat nu voor alle leerlingen klaar in {menu}.")
    } else {
        format!("{what} '{id}' is weer alleen voor de klassen van de docent die hem maakte.")
    };
    Effects::default()
        .write(Write::Upload(UploadWrite::Publish {
            dialogue_id: id.to_string(),
            everyone,
        }))
        .say(text)
}

//! A teacher changes their own class from the dashboard: a new join code,
//! a student out of the class. Each change takes the session's CSRF token
//! and a [`TeacherOf`] proof from `school::auth` (admins read every class but
//! change only their own, as in the bot), and is one `ClassChange` unit, the
//! same the bot's buttons apply.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::Web;
use super::pages::{CsrfForm, Page, forbidden, login_needed, not_found_page};
use super::session::{self, Viewer};
use crate::school::auth::{TeacherOf, teacher_of_id};
use crate::school::classes::{ClassChange, JoinCode};
use crate::store::prelude::*;
use crate::store::{ClassId, LearnerId};

/// `POST /klas/{id}/klascode`: a new join code for the class.
pub async fn renew_code(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(class): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Page {
    let (viewer, class) = match own_class(&web, &headers, &class, Some(&form.csrf)).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let to = format!("/klas/{}", class.class_id().0);
    let change = ClassChange::RenewCode {
        class,
        code: JoinCode::new(),
    };
    apply(&web, change).await?;
    tracing::info!(teacher = viewer.user, "join code renewed on the dashboard");
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    csrf: String,
    /// The confirmation box.
    #[serde(default)]
    zeker: String,
}

/// `POST /klas/{id}/leerling/{learner}/uit-klas`: the student leaves the
/// class (their work stays theirs).
pub async fn remove_student(
    State(web): State<Web>,
    headers: HeaderMap,
    Path((class, learner)): Path<(String, String)>,
    Form(form): Form<RemoveForm>,
) -> Page {
    let (viewer, class) = match own_class(&web, &headers, &class, Some(&form.csrf)).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let Ok(learner) = learner.parse::<i64>().map(LearnerId) else {
        return Ok(not_found_page(Some(&viewer)));
    };
    let members = web
        .0
        .store
        .read()
        .await?
        .report_members(ClassId(class.class_id().0))
        .await?;
    if !members.iter().any(|m| m.learner == Some(learner)) {
        return Ok(not_found_page(Some(&viewer)));
    }
    let back = format!("/klas/{}/leerling/{}", class.class_id().0, learner.0);
    if form.zeker != "ja" {
        // Without the box ticked nothing happens: back to the student.
        return Ok(Redirect::to(&back).into_response());
    }
    let to = format!("/klas/{}", class.class_id().0);
    apply(&web, ClassChange::RemoveStudent { class, learner }).await?;
    tracing::info!(
        teacher = viewer.user,
        "student removed from a class on the dashboard"
    );
    Ok(Redirect::to(&to).into_response())
}

/// The viewer and the proof that they teach the class, or the page to
/// answer instead: no session, a wrong CSRF token (`csrf`: the POST's; None
/// for a page that changes nothing), or a class that is not theirs (the
/// same "not found" as a class that does not exist).
pub(super) async fn own_class(
    web: &Web,
    headers: &HeaderMap,
    class: &str,
    csrf: Option<&str>,
) -> Result<Result<(Viewer, TeacherOf), Response>, super::pages::PageError> {
    let Some(viewer) = session::viewer(web, headers).await? else {
        return Ok(Err(login_needed()));
    };
    if csrf.is_some_and(|csrf| !viewer.secret.csrf_matches(csrf)) {
        return Ok(Err(forbidden(&viewer)));
    }
    let Ok(id) = class.parse::<i64>() else {
        return Ok(Err(not_found_page(Some(&viewer))));
    };
    let mut reads = web.0.store.read().await?;
    let proof = teacher_of_id(&mut *reads, &web.0.config.admins, viewer.user, ClassId(id)).await?;
    drop(reads);
    Ok(match proof {
        Ok(class) => Ok((viewer, class)),
        Err(_) => Err(not_found_page(Some(&viewer))),
    })
}

async fn apply(web: &Web, change: ClassChange) -> Result<(), super::pages::PageError> {
    let change = std::sync::Arc::new(change);
    web.0
        .store
        .write(move |tx| {
            let change = change.clone();
            Box::pin(async move { change.apply(tx).await })
        })
        .await?;
    Ok(())
}

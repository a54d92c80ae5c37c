//! The session cookie and who is looking: [`Viewer`] comes from the cookie's
//! secret, a session in the database that has not ended, and the user's
//! role as it is now (a teacher who lost the role loses the dashboard).

use axum::http::HeaderMap;
use axum::http::header;

use crate::school::auth::{Role, role};
use crate::school::login::{self, SESSION_VALID, Secret};
use crate::store::{Database, StoreError};

use super::Web;

/// The cookie's name.
pub const COOKIE: &str = "coach_sessie";

/// A logged-in teacher or admin.
pub struct Viewer {
    pub user: i64,
    pub role: Role,
    /// The session's secret (for its CSRF token and logout).
    pub secret: Secret,
}

impl Viewer {
    pub fn csrf_token(&self) -> String {
        self.secret.csrf_token()
    }
}

/// The session secret in the request's cookies, if it looks like one.
pub fn secret_from(headers: &HeaderMap) -> Option<Secret> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Secret::parse(value.trim()))
}

/// Who is looking, or `None` without a live session or when the user is no
/// teacher (any more).
pub async fn viewer(web: &Web, headers: &HeaderMap) -> Result<Option<Viewer>, StoreError> {
    let Some(secret) = secret_from(headers) else {
        return Ok(None);
    };
    let now = chrono::Utc::now().timestamp();
    let Some(session) = login::session(&web.0.store, &secret, now).await? else {
        return Ok(None);
    };
    let mut conn = web.0.store.read().await?;
    let role = role(&mut *conn, &web.0.config.admins, session.user_id).await?;
    Ok(role.is_teacher().then_some(Viewer {
        user: session.user_id,
        role,
        secret,
    }))
}

/// The `Set-Cookie` value that starts a session.
pub fn start_cookie(secret: &Secret, secure: bool) -> String {
    format!(
        "{COOKIE}={}; Path=/; Max-Age={SESSION_VALID}; HttpOnly; SameSite=Lax{}",
        secret.as_str(),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes it.
pub fn end_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

//! Logging in to the web dashboard without passwords: a teacher or admin
//! gets a one-time link (from the bot's `/dashboard` or, without Telegram,
//! `gesprekscoach web --login-link ID`), valid [`LINK_VALID`] seconds and
//! usable once, which opens a session of [`SESSION_VALID`] seconds.
//!
//! Secrets (the link's token, the session id) are 256 random bits from the
//! operating system's generator; the database keeps only their SHA-256, so a
//! copy of the database logs nobody in. Both live in the database, not in
//! the process: a restart loses nothing and two instances can share one
//! PostgreSQL. The CSRF token of a session is derived from the session's
//! secret, so it is tied to the session without being stored.
//!
//! Front ends call [`login_link`] (and render its refusal), the web front end
//! [`log_in`], [`session`] and [`log_out`].

use rand::RngCore;
use sha2::{Digest, Sha256};

use super::auth::role;
use crate::store::StoreError;
use crate::store::prelude::*;
use crate::store::web::WebSession;

/// A login link works for 15 minutes.
pub const LINK_VALID: i64 = 15 * 60;
/// A session ends 12 hours after login (or at logout).
pub const SESSION_VALID: i64 = 12 * 60 * 60;
/// At most this many links per user within [`LINK_WINDOW`] seconds.
pub const LINKS_PER_WINDOW: i64 = 5;
pub const LINK_WINDOW: i64 = 60 * 60;

/// 32 random bytes as 64 lowercase hex digits: a link's token or a session id.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    fn new() -> Secret {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Secret(hex::encode(bytes))
    }

    /// A secret as it comes back from a URL or a cookie; `None` for
    /// anything that cannot be one (so it never reaches the database).
    pub fn parse(text: &str) -> Option<Secret> {
        (text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Secret(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps.
    fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }

    /// The session's CSRF token: every form of the session carries it.
    pub fn csrf_token(&self) -> String {
        hex::encode(Sha256::digest(format!("csrf:{}", self.0).as_bytes()))
    }

    /// Whether `given` is this session's CSRF token, compared in constant
    /// time so the response time gives nothing away.
    pub fn csrf_matches(&self, given: &str) -> bool {
        let wanted = self.csrf_token();
        wanted.len() == given.len()
            && wanted
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// Secrets stay out of logs.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Why no login link was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefusal {
    /// Students (and unknown users) have no dashboard.
    NotATeacher,
    /// [`LINKS_PER_WINDOW`] links within the last [`LINK_WINDOW`] seconds.
    TooManyLinks,
}

impl LoginRefusal {
    /// The Dutch sentence for the user.
    pub fn words(&self) -> &'static str {
        match self {
            LoginRefusal::NotATeacher => {
                "Het dashboard is alleen voor docenten en beheerders. \
                 Ben je docent? Vraag de beheerder om een uitnodigingscode."
            }
            LoginRefusal::TooManyLinks => {
                "Je hebt het afgelopen uur al vijf inloglinks gekregen. \
                 Gebruik de laatste, of probeer het over een uur opnieuw."
            }
        }
    }
}

/// Why `user` may not get a login link now, if anything: read-only, for a
/// front end that stores the link in its own write unit
/// ([`new_link`] + `create_login_link`).
pub async fn link_refusal(
    db: &mut dyn Reads,
    admins: &[i64],
    user: i64,
    now: i64,
) -> Result<Option<LoginRefusal>, StoreError> {
    if !role(db, admins, user).await?.is_teacher() {
        return Ok(Some(LoginRefusal::NotATeacher));
    }
    if db.login_links_since(user, now - LINK_WINDOW).await? >= LINKS_PER_WINDOW {
        return Ok(Some(LoginRefusal::TooManyLinks));
    }
    Ok(None)
}

/// A new link token and the hash the database keeps of it.
pub fn new_link() -> (Secret, String) {
    let token = Secret::new();
    let hash = token.hash();
    (token, hash)
}

/// A one-time login link's token for `user` (a teacher or an admin), stored
/// as a hash; refused for students and after too many links.
pub async fn login_link(
    db: &impl Database,
    admins: &[i64],
    user: i64,
    now: i64,
) -> Result<Result<Secret, LoginRefusal>, StoreError> {
    let token = Secret::new();
    let hash = token.hash();
    let admins = admins.to_vec();
    let made = db
        .write(move |tx| {
            let (hash, admins) = (hash.clone(), admins.clone());
            Box::pin(async move {
                if !role(tx, &admins, user).await?.is_teacher() {
                    return Ok(Err(LoginRefusal::NotATeacher));
                }
                if tx.login_links_since(user, now - LINK_WINDOW).await? >= LINKS_PER_WINDOW {
                    return Ok(Err(LoginRefusal::TooManyLinks));
                }
                tx.create_login_link(&hash, user, now, now + LINK_VALID)
                    .await?;
                Ok::<_, StoreError>(Ok(()))
            })
        })
        .await?;
    Ok(made.map(|()| token))
}

/// The link to open in a browser, below the dashboard's public address.
pub fn login_url(base_url: &str, token: &Secret) -> String {
    format!(
        "{}/inloggen/{}",
        base_url.trim_end_matches('/'),
        token.as_str()
    )
}

/// Uses a login link and opens a session: the session's secret (for the
/// cookie) and the user, or `None` when the link is unknown, used or
/// expired. One unit: a link never opens two sessions. Expired sessions and
/// old links are pruned on the way.
pub async fn log_in(
    db: &impl Database,
    token: &Secret,
    now: i64,
) -> Result<Option<(Secret, i64)>, StoreError> {
    let session = Secret::new();
    let (link_hash, session_hash) = (token.hash(), session.hash());
    let user = db
        .write(move |tx| {
            let (link_hash, session_hash) = (link_hash.clone(), session_hash.clone());
            Box::pin(async move {
                tx.prune_web(now, now - LINK_WINDOW).await?;
                let Some(user) = tx.redeem_login_link(&link_hash, now).await? else {
                    return Ok::<_, StoreError>(None);
                };
                tx.create_web_session(&session_hash, user, now, now + SESSION_VALID)
                    .await?;
                Ok(Some(user))
            })
        })
        .await?;
    Ok(user.map(|user| (session, user)))
}

/// The session with this secret, if it has not ended.
pub async fn session(
    db: &impl Database,
    secret: &Secret,
    now: i64,
) -> Result<Option<WebSession>, StoreError> {
    db.read().await?.web_session(&secret.hash(), now).await
}

/// Ends the session.
pub async fn log_out(db: &impl Database, secret: &Secret) -> Result<(), StoreError> {
    let hash = secret.hash();
    db.write(move |tx| {
        let hash = hash.clone();
        Box::pin(async move { tx.end_web_session(&hash).await })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_64_hex_digits_and_anything_else_is_not_parsed() {
        let s = Secret::new();
        assert_eq!(Secret::parse(s.as_str()), Some(s.clone()));
        assert_ne!(Secret::new(), s);
        assert_eq!(Secret::parse(&s.as_str().to_uppercase()), None);
        assert_eq!(Secret::parse("abc"), None);
        assert_eq!(Secret::parse(&format!("{}'", &s.as_str()[1..])), None);
        assert_ne!(s.hash(), s.as_str(), "only the hash is stored");
    }

    #[test]
    fn a_csrf_token_belongs_to_one_session() {
        let (a, b) = (Secret::new(), Secret::new());
        assert!(a.csrf_matches(&a.csrf_token()));
        assert!(!a.csrf_matches(&b.csrf_token()));
        assert!(!a.csrf_matches(""));
        assert!(!format!("{a:?}").contains(a.as_str()), "no secret in logs");
    }
}

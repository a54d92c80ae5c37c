//! The web dashboard for teachers (`gesprekscoach web`, or `serve` with
//! `COACH_WEB_ADDR`): a second front end over the same school domain as the
//! bot. Server-rendered Dutch HTML (maud escapes every value); one small
//! script file, for the dialogue editor, and every page works without it.
//!
//! - Login without passwords: a one-time link (`school::login`) opens a
//!   session kept in the database; the cookie holds only the session's
//!   secret (HttpOnly, SameSite=Lax, Secure under https).
//! - Every class page goes through `school::auth::viewer_of_id`: teachers
//!   see their own classes, admins all; a class that is not the user's
//!   answers exactly like one that does not exist.
//! - The numbers are `report::build`'s, the same as `/overzicht` and the CSV.
//! - A student's attempt shows the customer's lines too, replayed by the
//!   engine and checked against the saved replies ([`transcript`]).
//! - Every state-changing request (login, logout, the editor's) is a POST;
//!   all but login carry the session's CSRF token.
//! - Assignments and the weekly plan (`assign`): give, change, pause,
//!   resume, through the school's functions and its `TeacherOf` proof,
//!   the same the bot's commands use.
//! - The dialogue editor ([`editor`]): check, examples, a playable preview
//!   kept in the form (a webcare file: a shift, [`shift_preview`]), and
//!   saving as an upload under `school::uploads` (dialogues only). Every response gets the security headers of
//!   [`security_headers`].
//!
//! No teloxide and no SQL here: the store is reached through its traits.

mod assign;
mod editor;
mod manage;
mod pages;
mod session;
mod shift_preview;
pub mod transcript;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use chrono_tz::Tz;

use crate::config::Config;
use crate::matching::Matcher;
use crate::school::assignments::Announcer;
use crate::school::library::Library;
use crate::store::AnyStore;

/// The default address of the dashboard.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Where and how the dashboard runs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// `COACH_WEB_ADDR`.
    pub addr: SocketAddr,
    /// `COACH_WEB_URL`, the public base address of links (no trailing `/`).
    pub base_url: String,
    /// Telegram user ids of the admins (`COACH_ADMIN_IDS`): they see every class.
    pub admins: Vec<i64>,
    /// Dates on the pages and in the CSV (`COACH_TIMEZONE`).
    pub timezone: Tz,
}

impl WebConfig {
    /// The cookie gets `Secure` when the public address is https.
    pub fn secure(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// The configuration from the environment. `addr` is `COACH_WEB_ADDR`
    /// when set, else [`DEFAULT_ADDR`].
    pub fn from_env() -> Result<WebConfig, WebConfigError> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let addr_text = var("COACH_WEB_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_string());
        let addr = parse_addr(&addr_text)?;
        let base_url = match var("COACH_WEB_URL") {
            Some(url) => parse_base_url(&url)?,
            None => format!("http://{addr}"),
        };
        let admins = crate::config::admin_ids(&var("COACH_ADMIN_IDS").unwrap_or_default())?;
        let timezone = match var("COACH_TIMEZONE") {
            Some(tz) => crate::config::timezone(&tz)?,
            None => crate::report::export::DEFAULT_TIMEZONE,
        };
        Ok(WebConfig {
            addr,
            base_url,
            admins,
            timezone,
        })
    }

    /// Whether `serve` should also run the dashboard.
    pub fn wanted_by_serve() -> bool {
        std::env::var("COACH_WEB_ADDR").is_ok_and(|v| !v.trim().is_empty())
    }
}

/// A setting of the dashboard that cannot be used (Dutch, for the terminal).
#[derive(Debug, thiserror::Error)]
pub enum WebConfigError {
    #[error(
        "COACH_WEB_ADDR '{value}' is geen adres met poort; gebruik bijvoorbeeld 127.0.0.1:8080 (alleen deze computer) of 0.0.0.0:8080 (het netwerk)"
    )]
    BadAddr {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
    #[error(
        "COACH_WEB_URL '{value}' is geen webadres; gebruik het adres waarop docenten het dashboard openen, bijvoorbeeld https://coach.school.nl"
    )]
    BadUrl {
        value: String,
        #[source]
        source: url::ParseError,
    },
    /// A URL, but not one a browser opens a page at (`ftp:`, `mailto:`):
    /// nothing failed to parse, so there is no source to keep.
    #[error(
        "COACH_WEB_URL '{0}' is geen webadres; gebruik het adres waarop docenten het dashboard openen, bijvoorbeeld https://coach.school.nl"
    )]
    NotHttp(String),
    #[error(transparent)]
    Admins(#[from] crate::config::BadUserIds),
    #[error(transparent)]
    Timezone(#[from] crate::config::BadTimezone),
}

/// `COACH_WEB_ADDR`: an address with a port.
fn parse_addr(text: &str) -> Result<SocketAddr, WebConfigError> {
    text.parse().map_err(|source| WebConfigError::BadAddr {
        value: text.to_string(),
        source,
    })
}

/// `COACH_WEB_URL`: an `http(s)` address, kept without a trailing slash so
/// that links can append paths.
fn parse_base_url(text: &str) -> Result<String, WebConfigError> {
    let parsed = url::Url::parse(text).map_err(|source| WebConfigError::BadUrl {
        value: text.to_string(),
        source,
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(WebConfigError::NotHttp(text.to_string()));
    }
    Ok(text.trim_end_matches('/').to_string())
}

/// Why the dashboard stopped.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("kan niet luisteren op {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("de webserver stopte: {0}")]
    Serve(#[source] std::io::Error),
}

/// What every request handler shares.
pub(crate) struct Shared {
    pub(crate) store: AnyStore,
    pub(crate) config: WebConfig,
    /// Shipped dialogues and scenarios (titles, criteria, message texts)
    /// and teachers' uploads, refreshed from the store per request as they
    /// change while running.
    pub(crate) library: Arc<Library>,
    /// For replaying attempts (the customer's lines, [`transcript`]) and
    /// the editor's examples and preview.
    pub(crate) matcher: Matcher,
    /// `COACH_DIALOGUES_DIR`: the editor's templates are its files.
    pub(crate) dialogues_dir: std::path::PathBuf,
    /// One file's examples run at a time (the editor's, as for uploads).
    pub(crate) verifying: Arc<tokio::sync::Semaphore>,
    /// Tells the students about an assignment given here (injected: the
    /// dashboard names no other front end).
    pub(crate) announcer: Arc<dyn Announcer>,
}

/// The dashboard's state: cheap to clone.
#[derive(Clone)]
pub struct Web(Arc<Shared>);

impl Web {
    /// Loads the dialogues of `config.dialogues_dir` (broken files are
    /// `check`'s business and left out, as the report does). `announcer`
    /// tells a class's students about an assignment given on the dashboard
    /// (`main` passes the bot's, `telegram::AssignmentAnnouncer`).
    pub fn new(
        store: AnyStore,
        config: &Config,
        web: WebConfig,
        announcer: Arc<dyn Announcer>,
    ) -> Web {
        let library = Arc::new(Library::load(&config.dialogues_dir));
        Web::with_library(store, library, config, web, announcer)
    }

    /// As [`Web::new`] with a library already loaded from
    /// `config.dialogues_dir`: `serve` shares the bot's.
    pub fn with_library(
        store: AnyStore,
        library: Arc<Library>,
        config: &Config,
        web: WebConfig,
        announcer: Arc<dyn Announcer>,
    ) -> Web {
        Web(Arc::new(Shared {
            store,
            config: web,
            library,
            matcher: Matcher::new(),
            dialogues_dir: config.dialogues_dir.clone(),
            verifying: Arc::new(tokio::sync::Semaphore::new(1)),
            announcer,
        }))
    }

    pub fn config(&self) -> &WebConfig {
        &self.0.config
    }

    /// The routes, with the security headers on every response.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/", get(pages::home))
            .route("/inloggen/{token}", get(pages::login_page))
            .route("/inloggen", post(pages::login))
            .route("/uitloggen", post(pages::logout))
            .route("/klas/{class}", get(pages::class_overview))
            .route("/klas/{class}/overzicht.csv", get(pages::class_csv))
            .route("/klas/{class}/leerling/{learner}", get(pages::student))
            .route("/klas/{class}/webcare", get(pages::class_webcare))
            .route("/klas/{class}/klascode", post(manage::renew_code))
            .route("/klas/{class}/opdrachten", get(assign::assignments))
            .route("/klas/{class}/opdracht", post(assign::give))
            .route("/klas/{class}/planning", post(assign::plan))
            .route(
                "/klas/{class}/leerling/{learner}/uit-klas",
                post(manage::remove_student),
            )
            .route("/editor", get(editor::editor))
            .route("/editor/controleer", post(editor::check_post))
            .route("/editor/voorbeelden", post(editor::examples_post))
            .route("/editor/oefen", post(editor::practise_post))
            .route("/editor/opslaan", post(editor::save_post))
            .route("/editor.js", get(editor::script))
            .route("/stijl.css", get(pages::stylesheet))
            .fallback(pages::not_found)
            .layer(middleware::from_fn(security_headers))
            .with_state(self.clone())
    }

    /// Serves on `listener` until `shutdown` resolves.
    pub async fn serve(
        &self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), WebError> {
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(WebError::Serve)
    }

    /// Binds the configured address and serves until `shutdown`.
    pub async fn run(
        &self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), WebError> {
        let addr = self.0.config.addr;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| WebError::Bind { addr, source })?;
        tracing::info!(%addr, url = %self.0.config.base_url, "dashboard listening");
        self.serve(listener, shutdown).await
    }
}

/// The Content-Security-Policy: only our own stylesheet and script file
/// (no inline script), requests and forms only to ourselves, never inside
/// a frame.
pub const CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; \
                       style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; \
                       frame-ancestors 'none'";

/// Headers on every response, error pages included. `no-referrer` keeps a
/// login link's token out of other sites' logs; `no-store` keeps pages with
/// students' words out of shared computers' caches.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_web_address_without_a_port_keeps_the_value_and_the_parse_error() {
        let err = parse_addr("localhost").expect_err("no port");
        assert!(err.to_string().contains("'localhost'"), "{err}");
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<std::net::AddrParseError>(), "{source}");
    }

    #[test]
    fn a_web_url_that_is_no_url_keeps_the_value_and_the_parse_error() {
        let err = parse_base_url("coach.school.nl").expect_err("no scheme");
        assert!(err.to_string().contains("'coach.school.nl'"), "{err}");
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<url::ParseError>(), "{source}");
    }

    #[test]
    fn a_web_url_is_http_or_https_and_loses_its_trailing_slash() {
        assert_eq!(
            parse_base_url("https://coach.school.nl/").expect("url"),
            "https://coach.school.nl"
        );
        let err = parse_base_url("ftp://coach.school.nl").expect_err("not http");
        assert!(matches!(err, WebConfigError::NotHttp(_)), "{err}");
    }

    #[test]
    fn a_bad_timezone_for_the_dashboard_keeps_chrono_tz_s_parse_error() {
        let err = WebConfigError::from(crate::config::timezone("Mars/Olympus").expect_err("zone"));
        assert!(err.to_string().contains("'Mars/Olympus'"), "{err}");
        // `transparent` forwards to the inner error's source.
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<chrono_tz::ParseError>(), "{source}");
    }
}

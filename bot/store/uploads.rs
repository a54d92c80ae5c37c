//! Teachers' uploaded dialogue and webcare files: every accepted version
//! with its owner, kind and scope, and which version each attempt or shift
//! runs on.
//!
//! A dialogue id has at most one current version (a partial unique index
//! guards it). Replaced and removed versions are kept, so an attempt that
//! started on one can finish on exactly that text.

use sqlx::{Row, SqliteConnection};

use super::StoreError;
use super::telegram::now;

type Result<T> = std::result::Result<T, StoreError>;

/// What an uploaded file is: both kinds share ids, versions, limits and
/// scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UploadKind {
    /// A dialogue (`/oefen`).
    #[default]
    Dialogue,
    /// A webcare scenario (`type = "webcare"`, `/webcare`).
    Webcare,
}

impl UploadKind {
    /// The `kind` column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            UploadKind::Dialogue => "dialogue",
            UploadKind::Webcare => "webcare",
        }
    }

    /// Reads the `kind` column; an unknown value is an error rather than
    /// a guess (the column's CHECK allows only these two).
    pub fn parse(text: &str) -> Result<UploadKind> {
        match text {
            "dialogue" => Ok(UploadKind::Dialogue),
            "webcare" => Ok(UploadKind::Webcare),
            other => Err(StoreError::Corrupt(format!(
                "unknown upload kind '{other}'"
            ))),
        }
    }
}

/// One stored version of an uploaded dialogue or webcare scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUpload {
    /// The version's row id.
    pub id: i64,
    /// The file's id (a dialogue's or a scenario's).
    pub dialogue_id: String,
    pub kind: UploadKind,
    /// Telegram user id of the teacher who uploaded it.
    pub owner_id: i64,
    pub title: String,
    pub file_name: String,
    pub source: String,
    /// Published to everyone (by an admin).
    pub everyone: bool,
    pub uploaded_at: i64,
}

impl StoredUpload {
    /// Checks the stored file again (compiles its rules) exactly as `check`
    /// does; None, logged, when it no longer passes (e.g. the werkproces
    /// catalogue changed since the upload).
    pub fn prepare(
        &self,
        catalogue: &crate::dialogue::Catalogue,
    ) -> Option<crate::dialogue::Prepared> {
        let (prepared, problems) =
            crate::dialogue::check_source(&self.file_name, self.source.as_bytes(), catalogue);
        if prepared.is_none() {
            let errors: Vec<String> = problems
                .iter()
                .filter(|p| p.is_error())
                .map(ToString::to_string)
                .collect();
            tracing::warn!(id = self.id, dialogue = %self.dialogue_id, ?errors, "stored upload no longer valid; left out");
        }
        prepared
    }

    /// The scenario counterpart of [`StoredUpload::prepare`], for
    /// `UploadKind::Webcare` rows.
    pub fn prepare_scenario(
        &self,
        catalogue: &crate::dialogue::Catalogue,
    ) -> Option<crate::webcare::PreparedScenario> {
        let (prepared, problems, _) =
            crate::webcare::check_scenario_source(&self.file_name, &self.source, catalogue);
        if prepared.is_none() {
            let errors: Vec<String> = problems
                .iter()
                .filter(|p| p.is_error())
                .map(ToString::to_string)
                .collect();
            tracing::warn!(id = self.id, scenario = %self.dialogue_id, ?errors, "stored webcare upload no longer valid; left out");
        }
        prepared
    }
}

/// What a new version consists of.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub dialogue_id: String,
    pub kind: UploadKind,
    pub owner_id: i64,
    pub title: String,
    pub file_name: String,
    pub source: String,
}

const COLUMNS: &str =
    "id, dialogue_id, kind, owner_id, title, file_name, source, scope, uploaded_at";

fn from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredUpload> {
    let scope: String = row.try_get("scope")?;
    Ok(StoredUpload {
        id: row.try_get("id")?,
        dialogue_id: row.try_get("dialogue_id")?,
        kind: UploadKind::parse(row.try_get("kind")?)?,
        owner_id: row.try_get("owner_id")?,
        title: row.try_get("title")?,
        file_name: row.try_get("file_name")?,
        source: row.try_get("source")?,
        everyone: scope == "everyone",
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

/// Every current version (loaded at start-up).
pub(super) async fn current_all(conn: &mut SqliteConnection) -> Result<Vec<StoredUpload>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM uploaded_dialogues WHERE status = 'current' ORDER BY id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The current version of a dialogue id.
pub(super) async fn current(
    conn: &mut SqliteConnection,
    dialogue_id: &str,
) -> Result<Option<StoredUpload>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM uploaded_dialogues WHERE dialogue_id = ? AND status = 'current'"
    ))
    .bind(dialogue_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// One version, current or not.
pub(super) async fn version(conn: &mut SqliteConnection, id: i64) -> Result<Option<StoredUpload>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM uploaded_dialogues WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// How many versions `owner_id` uploaded since `since` (seconds).
pub(super) async fn uploaded_since(
    conn: &mut SqliteConnection,
    owner_id: i64,
    since: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM uploaded_dialogues WHERE owner_id = ? AND uploaded_at >= ?",
    )
    .bind(owner_id)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?)
}

/// Stores a new current version; the previous current version (if any) is
/// marked replaced and its scope carries over. Returns the new version's id.
pub(super) async fn insert(conn: &mut SqliteConnection, new: &NewUpload) -> Result<i64> {
    let at = now();
    let scope: Option<String> = sqlx::query_scalar(
        "UPDATE uploaded_dialogues SET status = 'replaced', ended_at = ? \
         WHERE dialogue_id = ? AND status = 'current' RETURNING scope",
    )
    .bind(at)
    .bind(&new.dialogue_id)
    .fetch_optional(&mut *conn)
    .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO uploaded_dialogues \
         (dialogue_id, kind, owner_id, title, file_name, source, scope, uploaded_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&new.dialogue_id)
    .bind(new.kind.as_str())
    .bind(new.owner_id)
    .bind(&new.title)
    .bind(&new.file_name)
    .bind(&new.source)
    .bind(scope.as_deref().unwrap_or("classes"))
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Takes a dialogue out of the offer; its versions stay for running attempts.
pub(super) async fn remove(conn: &mut SqliteConnection, dialogue_id: &str) -> Result<()> {
    sqlx::query(
        "UPDATE uploaded_dialogues SET status = 'removed', ended_at = ? \
         WHERE dialogue_id = ? AND status = 'current'",
    )
    .bind(now())
    .bind(dialogue_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Publishes the current version to everyone, or back to the owner's classes.
pub(super) async fn set_everyone(
    conn: &mut SqliteConnection,
    dialogue_id: &str,
    everyone: bool,
) -> Result<()> {
    sqlx::query(
        "UPDATE uploaded_dialogues SET scope = ? WHERE dialogue_id = ? AND status = 'current'",
    )
    .bind(if everyone { "everyone" } else { "classes" })
    .bind(dialogue_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records that an attempt runs on an upload version.
pub(super) async fn link_attempt(
    conn: &mut SqliteConnection,
    attempt_id: i64,
    version: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO uploaded_dialogue_attempts (attempt_id, version_id) VALUES (?, ?)")
        .bind(attempt_id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The upload version an attempt runs on; None for shipped dialogues.
pub(super) async fn attempt_version(
    conn: &mut SqliteConnection,
    attempt_id: i64,
) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar(
            "SELECT version_id FROM uploaded_dialogue_attempts WHERE attempt_id = ?",
        )
        .bind(attempt_id)
        .fetch_optional(&mut *conn)
        .await?,
    )
}

/// Records that a shift runs on an uploaded scenario's version.
pub(super) async fn link_shift(
    conn: &mut SqliteConnection,
    shift_id: i64,
    version: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO uploaded_scenario_shifts (shift_id, version_id) VALUES (?, ?)")
        .bind(shift_id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The upload version a shift runs on; None for shipped scenarios.
pub(super) async fn shift_version(
    conn: &mut SqliteConnection,
    shift_id: i64,
) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT version_id FROM uploaded_scenario_shifts WHERE shift_id = ?")
            .bind(shift_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

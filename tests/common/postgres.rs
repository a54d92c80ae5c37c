//! A throwaway PostgreSQL server for the tests, as the SQLite tests use a
//! temporary file: `initdb` and `pg_ctl` in a temporary folder, listening on
//! 127.0.0.1 at a free port. One server per test binary, one fresh database
//! per test.
//!
//! The server outlives no test binary: a small shell started with it waits on
//! a pipe that only this process holds, and stops the server and removes the
//! folder when the pipe closes, however the process ends (even `kill -9`).
//!
//! Without PostgreSQL's binaries [`database`] returns `None` and the tests on
//! PostgreSQL pass without running, saying so loudly on stderr; with
//! `COACH_REQUIRE_POSTGRES=1` (set by `.ci/run`) they fail instead.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use sqlx::{Connection, Executor};

/// The one command that installs what these tests need (Debian, Ubuntu).
pub const INSTALL: &str = "apt-get install -y postgresql";

/// The environment variable that turns a missing PostgreSQL into a failure.
pub const REQUIRE: &str = "COACH_REQUIRE_POSTGRES";

/// Another folder with PostgreSQL's `initdb` and `pg_ctl` (one that does
/// not have them: as if PostgreSQL were not installed).
pub const BIN: &str = "COACH_POSTGRES_BIN";

/// The running server of this test binary.
pub struct Server {
    port: u16,
    /// The shell that stops the server when its stdin closes (at exit);
    /// kept, with that stdin, for as long as the test binary runs.
    _watchdog: Mutex<Child>,
}

impl Server {
    /// URL of `database` on this server.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();
static DATABASES: AtomicU32 = AtomicU32::new(0);

/// The URL of a fresh, empty database for one test, or `None` (after saying
/// so on stderr) when PostgreSQL is not installed. `test` names the test in
/// that message.
pub async fn database(test: &str) -> Option<String> {
    let server = server(test)?;
    let name = format!(
        "coach_{}_{}",
        std::process::id(),
        DATABASES.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = sqlx::PgConnection::connect(&server.url("postgres"))
        .await
        .expect("connect to the test server");
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    conn.close().await.ok();
    Some(server.url(&name))
}

/// [`database`] for a test without a runtime of its own (the CLI tests).
pub fn database_blocking(test: &str) -> Option<String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(database(test))
}

fn server(test: &str) -> Option<&'static Server> {
    let server = SERVER.get_or_init(|| {
        let bin = binaries()?;
        Some(start(&bin))
    });
    if server.is_none() {
        missing(test);
    }
    server.as_ref()
}

/// Says that `test` did not run (once per binary the why and how), or fails
/// it when PostgreSQL is required.
fn missing(test: &str) {
    if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
        panic!(
            "{REQUIRE}=1 but PostgreSQL's initdb and pg_ctl are not on PATH nor in \
             /usr/lib/postgresql/*/bin; install them with: {INSTALL}"
        );
    }
    static HEADER: OnceLock<()> = OnceLock::new();
    // The test binary's name without cargo's hash.
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|n| n.to_string_lossy().into_owned()))
        .map(|name| match name.rsplit_once('-') {
            Some((name, _hash)) => name.to_string(),
            None => name,
        })
        .unwrap_or_default();
    let mut text = String::new();
    HEADER.get_or_init(|| {
        text = format!(
            "\n!!! PostgreSQL is not installed: the PostgreSQL tests of `{binary}` DID NOT RUN \
             (they pass empty).\n!!! Install it with: {INSTALL}\n"
        );
    });
    text.push_str(&format!("!!! not run on PostgreSQL: {binary}: {test}\n"));
    // Straight to the file descriptor in one write: the test harness
    // captures eprintln! of passing tests, and this must be seen.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The folder with `initdb` and `pg_ctl`: [`BIN`] when set, else on PATH,
/// else Debian's newest `/usr/lib/postgresql/<version>/bin`.
fn binaries() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os(BIN) {
        let dir = PathBuf::from(dir);
        return has_both(&dir).then_some(dir);
    }
    if let Some(path) = std::env::var_os("PATH")
        && let Some(dir) = std::env::split_paths(&path).find(|d| has_both(d))
    {
        return Some(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            has_both(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Creates and starts the server; panics with its log when it cannot.
fn start(bin: &Path) -> Server {
    let dir = tempfile::Builder::new()
        .prefix("coach-pg-")
        .tempdir()
        .expect("temporary folder")
        // Removed by the watchdog, after the server stopped.
        .keep();
    let data = dir.join("data");
    // PostgreSQL refuses to run as root: then run it as the `postgres` user
    // that Debian's package creates, in a folder it owns.
    let as_root = std::fs::metadata(&dir).expect("temporary folder").uid() == 0;
    let command = |program: &str| {
        let mut cmd = if as_root {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        };
        cmd.current_dir(&dir);
        cmd
    };
    if as_root {
        let chown = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .expect("chown runs");
        assert!(chown.success(), "chown of {} to postgres", dir.display());
    }
    let initdb = command(&bin.join("initdb").to_string_lossy())
        .arg("-D")
        .arg(&data)
        .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"])
        .arg("--no-sync")
        .output()
        .expect("initdb runs");
    assert!(
        initdb.status.success(),
        "initdb failed:\n{}",
        String::from_utf8_lossy(&initdb.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    // Durability does not matter for a throwaway server: no fsync.
    let options = format!(
        "-p {port} -h 127.0.0.1 -k {} -F -c max_connections=300 \
         -c synchronous_commit=off -c full_page_writes=off",
        dir.display()
    );
    let script = r#"
        "$0" start -w -D "$1" -l "$2/server.log" -o "$3" >/dev/null || exit 1
        echo ready
        read line
        "$0" stop -D "$1" -m immediate >/dev/null 2>&1
        rm -rf "$2"
    "#;
    let mut watchdog = command("sh")
        .arg("-c")
        .arg(script)
        .arg(bin.join("pg_ctl"))
        .arg(&data)
        .arg(&dir)
        .arg(&options)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pg_ctl starts");
    let mut line = String::new();
    let stdout = watchdog.stdout.take().expect("stdout");
    BufReader::new(stdout).read_line(&mut line).ok();
    if line.trim() != "ready" {
        let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
        panic!("the test PostgreSQL server did not start:\n{log}");
    }
    Server {
        port,
        _watchdog: Mutex::new(watchdog),
    }
}

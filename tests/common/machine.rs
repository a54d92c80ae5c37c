//! The real binary on a learner's machine: its own working folder and SQLite
//! file in a temporary directory, a chosen dialogues folder, and stdin piped
//! line by line.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::process::{Child, Command, Output, Stdio};
use std::str::FromStr;

use sqlx::sqlite::{Sqlite, SqliteConnectOptions};
use sqlx::{ConnectOptions, Decode, Type};

pub const BIN: &str = env!("CARGO_BIN_EXE_gesprekscoach");

pub struct Machine {
    pub dir: tempfile::TempDir,
    dialogues: PathBuf,
    /// Another database than the SQLite file in `dir` (a PostgreSQL URL).
    database: Option<String>,
}

impl Machine {
    /// A fresh machine whose dialogues folder is `dialogues`.
    pub fn new(dialogues: PathBuf) -> Machine {
        Machine {
            dir: tempfile::tempdir().expect("tempdir"),
            dialogues,
            database: None,
        }
    }

    /// A fresh machine whose database is at `url` (e.g. on a PostgreSQL server).
    pub fn with_database(dialogues: PathBuf, url: String) -> Machine {
        Machine {
            database: Some(url),
            ..Machine::new(dialogues)
        }
    }

    pub fn database_url(&self) -> String {
        match &self.database {
            Some(url) => url.clone(),
            None => format!("sqlite://{}/data/coach.db", self.dir.path().display()),
        }
    }

    /// The binary with `args`, run in the machine's folder with another
    /// dialogues folder.
    pub fn command_in(&self, dialogues: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            // A .env in the repository must not leak in: run elsewhere.
            .current_dir(self.dir.path())
            .env("DATABASE_URL", self.database_url())
            .env("COACH_DIALOGUES_DIR", dialogues)
            .env_remove("RUST_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    pub fn command(&self, args: &[&str]) -> Command {
        self.command_in(&self.dialogues, args)
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args).spawn().expect("binary starts")
    }

    /// Runs the binary with `lines` on stdin (one per line) in another
    /// dialogues folder.
    pub fn run_in(&self, dialogues: &Path, args: &[&str], lines: &[&str]) -> Output {
        let child = self
            .command_in(dialogues, args)
            .spawn()
            .expect("binary starts");
        feed(child, lines)
    }

    /// Runs the binary with `lines` on stdin (one per line).
    pub fn run(&self, args: &[&str], lines: &[&str]) -> Output {
        feed(self.spawn(args), lines)
    }

    /// The first column of the first row of `sql`; None while the database
    /// or table does not exist yet, or when the value is NULL.
    pub fn scalar<T>(&self, sql: &str) -> Option<T>
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + Send + Unpin,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let options = SqliteConnectOptions::from_str(&self.database_url()).ok()?;
            let mut conn = options.connect().await.ok()?;
            sqlx::query_scalar::<_, Option<T>>(sql)
                .fetch_one(&mut conn)
                .await
                .ok()
                .flatten()
        })
    }
}

fn feed(mut child: Child, lines: &[&str]) -> Output {
    let mut stdin = child.stdin.take().expect("stdin");
    for line in lines {
        // The binary may stop reading early (e.g. after an error): that is
        // what the test then looks at, not a failure to write.
        if writeln!(stdin, "{line}").is_err() {
            break;
        }
    }
    drop(stdin);
    child.wait_with_output().expect("binary finishes")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

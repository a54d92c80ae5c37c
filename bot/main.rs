//! The `gesprekscoach` command line.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gesprekscoach::config::Config;
use gesprekscoach::{checking, report, store, terminal};

/// Gesprekscoach: oefen verkoop- en klantgesprekken (mbo Commercie, Junior accountmanager).
#[derive(Debug, Parser)]
#[command(name = "gesprekscoach", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Oefen een gesprek in de terminal. Zonder ID kies je uit een lijst.
    Practice {
        /// Id van de dialoog (zie de lijst zonder ID).
        id: Option<String>,
        /// Vaste seed voor de varianten van de klant (herhaalbaar gesprek).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Toon je voortgang per werkproces.
    Progress,
    /// Voor docenten: alle afgeronde webcarediensten met score en reflectie.
    Reflecties,
    /// Klasoverzicht voor de beheerder: per leerling × werkproces × criterium
    /// pogingen, beste en laatste score, behaald en datum (CSV of JSON op stdout).
    Report {
        /// Naam van de klas (hoofdletters maken niet uit).
        #[arg(
            long,
            required_unless_present = "class_id",
            conflicts_with = "class_id"
        )]
        class: Option<String>,
        /// Id van de klas, als twee klassen dezelfde naam hebben.
        #[arg(long)]
        class_id: Option<i64>,
        /// csv (met ; en BOM, voor Excel) of json.
        #[arg(long, value_enum, default_value = "csv")]
        format: report::command::Format,
    },
    /// Controleer dialoogbestanden op fouten (standaard: de map met dialogen).
    Check {
        /// Een bestand of map.
        path: Option<std::path::PathBuf>,
    },
    /// Voer de voorbeelden en voorbeeldgesprekken van dialoogbestanden uit.
    Test {
        /// Een bestand of map.
        path: Option<std::path::PathBuf>,
    },
    /// Herken gedrag in antwoorden: de antwoorden als argumenten, of zonder
    /// argumenten één antwoord per regel op stdin; één JSON-object per
    /// antwoord op stdout.
    Detect {
        /// Antwoorden om te lezen (tussen aanhalingstekens); zonder: stdin.
        texts: Vec<String>,
        /// Id van een dialoog: lees in de taal van die dialoog en voeg met
        /// --step de eigen regels van een stap toe.
        #[arg(long, conflicts_with = "language")]
        dialogue: Option<String>,
        /// Id van de stap in die dialoog.
        #[arg(long, requires = "dialogue")]
        step: Option<String>,
        /// Taal van de antwoorden: nl (standaard) of en.
        #[arg(long)]
        language: Option<gesprekscoach::matching::Language>,
    },
    /// Start de Telegram-bot (TELOXIDE_TOKEN; webhook met COACH_WEBHOOK_URL).
    /// Met COACH_WEB_ADDR ook het dashboard voor docenten.
    Serve,
    /// Start alleen het dashboard voor docenten (zonder bot-token) op
    /// COACH_WEB_ADDR (standaard 127.0.0.1:8080).
    Web {
        /// Druk een inloglink af voor deze docent of beheerder (Telegram-id)
        /// in plaats van de server te starten.
        #[arg(long, value_name = "TELEGRAM_USER_ID")]
        login_link: Option<i64>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = Config::from_env();
    // The bot logs its liveness and restarts at info; the terminal stays quiet.
    init_logging(
        if matches!(
            cli.command,
            Command::Serve | Command::Web { login_link: None }
        ) {
            "info"
        } else {
            "warn"
        },
    );
    match cli.command {
        Command::Serve => serve(&config),
        Command::Web { login_link } => web(&config, login_link),
        Command::Practice { id, seed } => run_async(async {
            let store = store::open(&config.database_url).await?;
            let stdin = io::stdin();
            let interactive = stdin.is_terminal();
            let mut input = stdin.lock();
            let mut output = io::stdout().lock();
            let mut console = terminal::Console::new(&mut input, &mut output, interactive);
            terminal::practice(
                &store,
                &config.dialogues_dir,
                id.as_deref(),
                seed,
                &mut console,
            )
            .await
        }),
        Command::Progress => run_async(async {
            let store = store::open(&config.database_url).await?;
            terminal::progress(&store, &config.dialogues_dir, &mut io::stdout().lock()).await
        }),
        Command::Reflecties => run_async(async {
            let store = store::open(&config.database_url).await?;
            terminal::webcare::reflections(&store, &config.dialogues_dir, &mut io::stdout().lock())
                .await
        }),
        Command::Report {
            class,
            class_id,
            format,
        } => report_command(&config, class, class_id, format),
        Command::Check { path } => {
            let path = path.unwrap_or_else(|| config.dialogues_dir.clone());
            let mut out = std::io::stdout().lock();
            exit(checking::commands::check(
                &path,
                &config.dialogues_dir,
                &mut out,
            ))
        }
        Command::Test { path } => {
            let path = path.unwrap_or_else(|| config.dialogues_dir.clone());
            let matcher = gesprekscoach::matching::Matcher::new();
            let mut out = std::io::stdout().lock();
            exit(checking::commands::test(
                &path,
                &config.dialogues_dir,
                &matcher,
                &mut out,
            ))
        }
        Command::Detect {
            texts,
            dialogue,
            step,
            language,
        } => detect(&config, &texts, dialogue, step, language),
    }
}

/// One line of `detect` output.
#[derive(serde::Serialize)]
struct DetectLine<'a> {
    text: &'a str,
    behaviours: &'a [String],
    evidence: &'a [gesprekscoach::matching::Evidence],
}

/// `detect`: replies as arguments or on stdin, one JSON object per line on
/// stdout, in order. Bytes that are not UTF-8 are replaced (U+FFFD) rather
/// than refused, so one broken line never stops the rest; a trailing `\r` is
/// dropped.
fn detect(
    config: &Config,
    texts: &[String],
    dialogue_id: Option<String>,
    step_id: Option<String>,
    language: Option<gesprekscoach::matching::Language>,
) -> ExitCode {
    use std::io::{BufRead, Write};
    let prepared = match &dialogue_id {
        Some(id) => match checking::find_by_id(&config.dialogues_dir, id) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("fout: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let mut local = Vec::new();
    if let (Some(p), Some(step_id)) = (&prepared, &step_id) {
        let Some(step) = p.step(step_id) else {
            let steps: Vec<&str> = p.dialogue.steps.iter().map(|s| s.id.as_str()).collect();
            eprintln!(
                "fout: de dialoog '{}' heeft geen stap '{step_id}' (stappen: {})",
                p.dialogue.id,
                steps.join(", ")
            );
            return ExitCode::from(2);
        };
        let ids = step
            .expect
            .iter()
            .map(|e| e.behaviour.as_str())
            .chain(step.avoid.iter().map(|a| a.behaviour.as_str()));
        for id in ids {
            if let Some(rule) = p.rule(id)
                && !local
                    .iter()
                    .any(|r: &&gesprekscoach::matching::LocalRule| r.id == rule.id)
            {
                local.push(rule);
            }
        }
    }
    let language = prepared
        .as_ref()
        .map(|p| p.dialogue.language)
        .or(language)
        .unwrap_or_default();
    let matcher = gesprekscoach::matching::Matcher::new();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let interactive = io::stdin().is_terminal();
    // One JSON line per reply; `Some(code)` ends the run (a closed pipe such
    // as `| head` is a normal end).
    let mut emit = |text: &str| -> Option<ExitCode> {
        let det = matcher.detect_in(language, text, &local);
        let record = DetectLine {
            text,
            behaviours: &det.behaviours,
            evidence: &det.evidence,
        };
        let written = serde_json::to_writer(&mut out, &record)
            .map_err(io::Error::other)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| if interactive { out.flush() } else { Ok(()) });
        match written {
            Ok(()) => None,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Some(ExitCode::SUCCESS),
            Err(e) => {
                eprintln!("fout: kan de uitvoer niet schrijven: {e}");
                Some(ExitCode::FAILURE)
            }
        }
    };
    if texts.is_empty() {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut line = Vec::new();
        loop {
            line.clear();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    eprintln!("fout: kan de invoer niet lezen: {e}");
                    return ExitCode::FAILURE;
                }
            }
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            if let Some(code) = emit(&String::from_utf8_lossy(&line)) {
                return code;
            }
        }
    } else {
        for text in texts {
            if let Some(code) = emit(text) {
                return code;
            }
        }
    }
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fout: kan de uitvoer niet schrijven: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `report`: exit code 0 with the report on stdout; 2 with a Dutch
/// explanation on stderr when the class does not exist or its name is shared;
/// 1 on other failures.
fn report_command(
    config: &Config,
    class: Option<String>,
    class_id: Option<i64>,
    format: report::command::Format,
) -> ExitCode {
    use report::command::{CommandError, Selector, run};
    let selector = match (class_id, class) {
        (Some(id), _) => Selector::Id(id),
        (None, Some(name)) => Selector::Name(name),
        (None, None) => {
            eprintln!("fout: kies een klas met --class NAAM");
            return ExitCode::from(2);
        }
    };
    let tz = match std::env::var("COACH_TIMEZONE") {
        Ok(name) if !name.trim().is_empty() => match gesprekscoach::config::timezone(&name) {
            Ok(tz) => tz,
            Err(e) => {
                eprintln!("fout: {e}");
                return ExitCode::from(2);
            }
        },
        _ => report::export::DEFAULT_TIMEZONE,
    };
    let Some(runtime) = small_runtime() else {
        return ExitCode::FAILURE;
    };
    let result = runtime.block_on(async {
        let store = store::open(&config.database_url)
            .await
            .map_err(|e| CommandError::Report(e.into()))?;
        let mut out = io::stdout().lock();
        run(
            &store,
            &config.dialogues_dir,
            &selector,
            format,
            tz,
            &mut out,
        )
        .await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CommandError::Choice(text)) => {
            eprintln!("fout: {text}\n(database: {})", config.database_url);
            ExitCode::from(2)
        }
        Err(e) => {
            tracing::debug!(error = ?e, "report failed");
            eprintln!("fout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Exit status of `check`/`test`: 0 when all is well, 1 on problems or failures.
fn exit(result: std::io::Result<bool>) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("kan de uitvoer niet schrijven: {e}");
            ExitCode::from(1)
        }
    }
}

/// Log details go to stderr (`RUST_LOG`, default: warnings only); users see
/// the Dutch messages.
fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .try_init();
}

/// A single-threaded runtime for a terminal command (None after telling the user).
fn small_runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Some(runtime),
        Err(e) => {
            eprintln!("fout: kan niet starten: {e}");
            None
        }
    }
}

/// Runs a terminal command on a small runtime; errors become a Dutch line on
/// stderr and exit code 1.
fn run_async(command: impl Future<Output = Result<(), terminal::TerminalError>>) -> ExitCode {
    let Some(runtime) = small_runtime() else {
        return ExitCode::FAILURE;
    };
    match runtime.block_on(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::debug!(error = ?e, "command failed");
            eprintln!("fout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `serve`: the Telegram bot until SIGINT or SIGTERM.
fn serve(config: &Config) -> ExitCode {
    use gesprekscoach::telegram::TelegramConfig;
    let telegram = match TelegramConfig::from_env(config) {
        Ok(c) => c,
        // A missing token is a one-sentence hint on getting one from @BotFather.
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kan de runtime niet starten: {e}");
            return ExitCode::FAILURE;
        }
    };
    // One store (for SQLite: one writer) and one library for the bot and,
    // when asked, the dashboard.
    let store = match runtime.block_on(store::open(&config.database_url)) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("De bot is gestopt door een fout: {e}");
            return ExitCode::FAILURE;
        }
    };
    let library = std::sync::Arc::new(gesprekscoach::school::library::Library::load(
        &config.dialogues_dir,
    ));
    let dashboard = match web_for_serve(config, &runtime, &store, &library) {
        Ok(dashboard) => dashboard,
        Err(code) => return code,
    };
    let result = runtime.block_on(gesprekscoach::telegram::run_on(
        telegram,
        store,
        library,
        shutdown_signal(),
    ));
    if let Some(dashboard) = dashboard {
        dashboard.abort();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let e = anyhow::Error::from(e);
            eprintln!("De bot is gestopt door een fout: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The dashboard beside the bot when `COACH_WEB_ADDR` is set, on the bot's
/// store and library, bound before the bot starts so a taken port is
/// reported at once.
fn web_for_serve(
    config: &Config,
    runtime: &tokio::runtime::Runtime,
    store: &store::AnyStore,
    library: &std::sync::Arc<gesprekscoach::school::library::Library>,
) -> Result<Option<tokio::task::JoinHandle<()>>, ExitCode> {
    use gesprekscoach::web::{Web, WebConfig};
    if !WebConfig::wanted_by_serve() {
        return Ok(None);
    }
    let web_config = WebConfig::from_env().map_err(|e| {
        eprintln!("fout: {e}");
        ExitCode::from(2)
    })?;
    let started = runtime.block_on(async {
        let addr = web_config.addr;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| gesprekscoach::web::WebError::Bind { addr, source })?;
        let web = Web::with_library(
            store.clone(),
            library.clone(),
            config,
            web_config,
            announcer(),
        );
        Ok::<_, anyhow::Error>((web, listener))
    });
    let (dashboard, listener) = started.map_err(|e| {
        eprintln!("fout: het dashboard start niet: {e:#}");
        ExitCode::FAILURE
    })?;
    eprintln!("Dashboard voor docenten: {}", dashboard.config().base_url);
    Ok(Some(runtime.spawn(async move {
        if let Err(e) = dashboard.serve(listener, shutdown_signal()).await {
            tracing::error!(error = %e, "dashboard stopped");
        }
    })))
}

/// How the dashboard tells students about an assignment: through the bot's
/// chats (queued in the outbox, sent by `serve`). Wired here so that no
/// front end imports another.
fn announcer() -> std::sync::Arc<dyn gesprekscoach::school::assignments::Announcer> {
    std::sync::Arc::new(gesprekscoach::telegram::AssignmentAnnouncer)
}

/// `web`: the dashboard alone until SIGINT or SIGTERM, or with
/// `--login-link ID` one login link on stdout (exit 2 with a Dutch refusal
/// for a student or an unknown id).
fn web(config: &Config, login_link: Option<i64>) -> ExitCode {
    use gesprekscoach::school::login;
    use gesprekscoach::web::{Web, WebConfig};
    let web_config = match WebConfig::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fout: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("fout: kan niet starten: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let store = store::open(&config.database_url).await?;
        if let Some(user) = login_link {
            let now = chrono::Utc::now().timestamp();
            return Ok::<_, anyhow::Error>(
                match login::login_link(&store, &web_config.admins, user, now).await? {
                    Ok(token) => {
                        println!("{}", login::login_url(&web_config.base_url, &token));
                        eprintln!(
                            "Deze link werkt één keer, 15 minuten lang. Open hem in de browser."
                        );
                        ExitCode::SUCCESS
                    }
                    Err(refusal) => {
                        eprintln!("fout: gebruiker {user}: {}", refusal.words());
                        ExitCode::from(2)
                    }
                },
            );
        }
        let dashboard = Web::new(store, config, web_config, announcer());
        eprintln!(
            "Dashboard voor docenten: {} (stoppen met Ctrl-C). Een inloglink: gesprekscoach web --login-link TELEGRAM-ID",
            dashboard.config().base_url
        );
        dashboard.run(shutdown_signal()).await?;
        Ok(ExitCode::SUCCESS)
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fout: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

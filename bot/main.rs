//! The `gesprekscoach` command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
    /// Toon je voortgang per werkproces.
    Progress,
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
    /// Start de Telegram-bot (TELOXIDE_TOKEN; webhook met COACH_WEBHOOK_URL).
    Serve,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = gesprekscoach::config::Config::from_env();
    match cli.command {
        Command::Serve => serve(&config),
        Command::Practice { .. }
        | Command::Progress
        | Command::Check { .. }
        | Command::Test { .. } => {
            eprintln!("nog niet gebouwd");
            ExitCode::from(2)
        }
    }
}

/// `serve`: the Telegram bot until SIGINT or SIGTERM.
fn serve(config: &gesprekscoach::config::Config) -> ExitCode {
    use gesprekscoach::telegram::TelegramConfig;
    let telegram = match TelegramConfig::from_env(config) {
        Ok(c) => c,
        // A missing token is a one-sentence hint on getting one from @BotFather.
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kan de runtime niet starten: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(gesprekscoach::telegram::run(telegram, shutdown_signal()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let e = anyhow::Error::from(e);
            eprintln!("De bot is gestopt door een fout: {e:#}");
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

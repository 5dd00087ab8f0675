//! `tidemark-server`: the central server, on an embedded SQLite database in
//! a data directory.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tidemark_server::{router, ServerStore};

#[derive(Debug, Parser)]
#[command(
    name = "tidemark-server",
    version,
    about = "Tidemark central server: sync for field devices."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sync API
    Serve {
        /// Data directory of the embedded SQLite database
        #[arg(
            long,
            env = "TIDEMARK_SERVER_DATA_DIR",
            default_value = "tidemark-server-data"
        )]
        data_dir: PathBuf,
        /// Address to listen on
        #[arg(long, env = "TIDEMARK_LISTEN", default_value = "127.0.0.1:8787")]
        listen: String,
    },
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let Command::Serve { data_dir, listen } = Cli::parse().command;
    let store = match ServerStore::open(&data_dir.join("tidemark-server.sqlite")) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("cannot open the database in {}: {e}", data_dir.display());
            return ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    tracing::info!(address = %listen, "tidemark-server listening");
    match axum::serve(listener, router(store))
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::from(1)
        }
    }
}

//! `tidemark-server`: the central server on an embedded SQLite database in
//! a data directory, and the admin commands that manage its accounts,
//! devices and farming zones.

use clap::{Args, Parser, Subcommand};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tidemark_domain::admin::quang_yen_units;
use tidemark_domain::auth::NewAccount;
use tidemark_domain::ids::DeviceId;
use tidemark_domain::reference::Role;
use tidemark_domain::zone::geojson::parse_zones;
use tidemark_server::api::now_rfc3339;
use tidemark_server::config::{FileConfig, ServerConfig};
use tidemark_server::photos::PhotoVault;
use tidemark_server::{auth, router, store, Storage};

#[derive(Debug, Parser)]
#[command(
    name = "tidemark-server",
    version,
    about = "Tidemark central server: accounts and sync for field devices."
)]
struct Cli {
    /// TOML configuration file (keys: listen, data_dir)
    #[arg(long, global = true, env = "TIDEMARK_SERVER_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory of the embedded SQLite database
    #[arg(long, global = true, env = "TIDEMARK_SERVER_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://user:password@host/db); the server then
    /// uses PostgreSQL instead of SQLite
    #[arg(
        long,
        global = true,
        env = "TIDEMARK_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Where photo bytes go: s3://bucket/prefix for an S3-compatible store
    /// (credentials from the AWS_* variables) [default: files in the data
    /// directory]
    #[arg(long, global = true, env = "TIDEMARK_PHOTO_STORE")]
    photo_store: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API. On first start, creates the `admin` account with the
    /// password in TIDEMARK_ADMIN_PASSWORD, or prints a one-time password.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8787]
        #[arg(long, env = "TIDEMARK_LISTEN")]
        listen: Option<String>,
    },
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Manage enrolled devices
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Manage farming zones (vùng nuôi), the reference data devices check
    /// raft positions against
    #[command(subcommand)]
    Zone(ZoneCommand),
}

#[derive(Debug, Subcommand)]
enum ZoneCommand {
    /// Import zones from a GeoJSON file (WGS84): all or nothing; every
    /// problem is listed with its feature's index
    Import {
        file: PathBuf,
        /// Remove the zones the file does not name (default: keep them)
        #[arg(long)]
        replace: bool,
    },
    /// List the zones
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account; the password is read from TIDEMARK_NEW_PASSWORD or,
    /// when that is unset, from the first line of standard input
    Add(UserAdd),
    /// List accounts
    List {
        #[arg(long)]
        json: bool,
    },
    /// Disable an account: its devices stop syncing at once
    Disable { username: String },
    /// Enable a disabled account again
    Enable { username: String },
}

#[derive(Debug, Args)]
struct UserAdd {
    username: String,
    /// Name shown to people ("Nguyễn Thị Lan")
    #[arg(long)]
    name: String,
    /// inspector, supervisor or admin
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// A current ward code this user covers (repeatable), e.g. QY-HA-AN
    #[arg(long = "ward")]
    wards: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// List enrolled devices
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a device's token: it must sign in again to sync
    Revoke { device_id: DeviceId },
}

fn parse_role(s: &str) -> Result<Role, String> {
    match s {
        "inspector" => Ok(Role::Inspector),
        "supervisor" => Ok(Role::Supervisor),
        "admin" => Ok(Role::Admin),
        _ => Err("one of: inspector, supervisor, admin".into()),
    }
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

/// Opens the store and, when it is about to serve for the first time,
/// creates the admin account. Blocking work: runs before the async runtime
/// starts.
fn prepare(config: &ServerConfig, serving: bool) -> Result<Arc<dyn Storage>, String> {
    let store =
        store::open(config.database_url.as_deref(), &config.database_path()).map_err(|e| {
            match &config.database_url {
                Some(_) => format!("cannot open the PostgreSQL database: {e}"),
                None => format!(
                    "cannot open the database in {}: {e}",
                    config.data_dir.display()
                ),
            }
        })?;
    if !serving {
        return Ok(store);
    }
    let admin_password = std::env::var("TIDEMARK_ADMIN_PASSWORD").ok();
    match auth::bootstrap_admin(store.as_ref(), admin_password.as_deref(), &now_rfc3339())
        .map_err(|e| format!("cannot create the admin account: {e}"))?
    {
        Some(generated) => {
            // Printed once, to the terminal only: never into the logs.
            eprintln!(
                "Created the account `admin` with the one-time password: {generated}\n\
                 Sign in and create personal accounts; this password is not shown again."
            );
        }
        None if admin_password.is_some() => {
            tracing::info!("accounts exist; TIDEMARK_ADMIN_PASSWORD ignored")
        }
        None => {}
    }
    Ok(store)
}

async fn serve(config: ServerConfig, store: Arc<dyn Storage>) -> Result<(), String> {
    // The photo store first: a misconfigured one stops the start before
    // the port accepts anything.
    let photos = PhotoVault::open(config.photo_store.as_deref(), &config.data_dir)
        .map_err(|e| format!("cannot open the photo store: {e}"))?;
    match photos.sweep_abandoned(tidemark_server::photos::ABANDONED_AFTER) {
        Ok(0) => {}
        Ok(n) => tracing::info!(removed = n, "abandoned partial photo uploads removed"),
        // Disk space, not correctness: the server still serves.
        Err(e) => tracing::warn!(error = %e, "could not sweep abandoned photo uploads"),
    }
    tracing::info!(photos = ?photos, "photo store ready");
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    tracing::info!(address = %config.listen, database = if config.database_url.is_some() { "postgres" } else { "sqlite" }, "tidemark-server listening");
    axum::serve(listener, router(store, Arc::new(photos)))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))
}

fn read_new_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("TIDEMARK_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn set_disabled(store: &dyn Storage, username: &str, disabled: bool) -> Result<(), String> {
    let name = username.trim().to_ascii_lowercase();
    match store.set_disabled(&name, disabled) {
        Ok(true) => {
            println!("{name} {}", if disabled { "disabled" } else { "enabled" });
            Ok(())
        }
        Ok(false) => Err(format!("no account named {name}")),
        Err(e) => Err(e.to_string()),
    }
}

fn admin(store: &dyn Storage, command: Command) -> Result<(), String> {
    let fail = |e: tidemark_server::ServerError| format!("{} ({})", e, e.code());
    match command {
        Command::Serve { .. } => Ok(()),
        Command::User(UserCommand::Add(add)) => {
            let new = NewAccount {
                username: add.username,
                display_name: add.name,
                role: add.role,
                wards: add.wards,
                password: read_new_password()?,
            };
            let account = auth::create_account(store, &new, &now_rfc3339()).map_err(fail)?;
            println!("added {} ({:?})", account.username, account.role);
            Ok(())
        }
        Command::User(UserCommand::List { json }) => {
            let users = store.users().map_err(fail)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&users).map_err(|e| e.to_string())?
                );
            } else {
                for u in users {
                    println!(
                        "{:<20} {:<11} {:<30} {}{}",
                        u.username,
                        format!("{:?}", u.role).to_lowercase(),
                        u.display_name,
                        u.wards.join(","),
                        if u.disabled { "  [disabled]" } else { "" }
                    );
                }
            }
            Ok(())
        }
        Command::User(UserCommand::Disable { username }) => set_disabled(store, &username, true),
        Command::User(UserCommand::Enable { username }) => set_disabled(store, &username, false),
        Command::Device(DeviceCommand::List { json }) => {
            let devices = store.devices().map_err(fail)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&devices).map_err(|e| e.to_string())?
                );
            } else {
                for d in devices {
                    println!(
                        "{} {:<20} {:<24} {}{}",
                        d.device_id,
                        d.username,
                        d.label,
                        d.enrolled_at,
                        if d.revoked { "  [revoked]" } else { "" }
                    );
                }
            }
            Ok(())
        }
        Command::Zone(ZoneCommand::Import { file, replace }) => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let zones = parse_zones(&text, &quang_yen_units()).map_err(|errors| {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| {
                        let at = e
                            .feature
                            .map_or_else(|| "file".to_owned(), |i| format!("feature {i}"));
                        format!("  {at}: {} — {} / {}", e.code, e.message.en, e.message.vi)
                    })
                    .collect();
                format!(
                    "{} problem(s); nothing imported:\n{}",
                    errors.len(),
                    lines.join("\n")
                )
            })?;
            let outcome = store
                .import_zones(&zones, replace, &now_rfc3339())
                .map_err(fail)?;
            println!(
                "zones version {}: {} added, {} replaced, {} removed, {} unchanged{}",
                outcome.version,
                outcome.added,
                outcome.replaced,
                outcome.removed,
                outcome.unchanged,
                if outcome.changed() {
                    ""
                } else {
                    " (nothing changed: devices keep their copy)"
                }
            );
            Ok(())
        }
        Command::Zone(ZoneCommand::List { json }) => {
            let zones = store.zones(None).map_err(fail)?.zones.unwrap_or_default();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&zones).map_err(|e| e.to_string())?
                );
            } else {
                for z in zones {
                    println!("{:<16} {:<12} {}", z.code, z.admin_unit_code, z.name);
                }
            }
            Ok(())
        }
        Command::Device(DeviceCommand::Revoke { device_id }) => {
            match store
                .revoke_device(device_id, &now_rfc3339())
                .map_err(fail)?
            {
                0 => Err(format!("device {device_id} has no live enrolment")),
                _ => {
                    println!("revoked {device_id}");
                    Ok(())
                }
            }
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let file = match &cli.config {
        Some(path) => match FileConfig::load(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("configuration: {e}");
                return ExitCode::from(2);
            }
        },
        None => FileConfig::default(),
    };
    let listen = match &cli.command {
        Command::Serve { listen } => listen.clone(),
        _ => None,
    };
    let mut config = ServerConfig::resolve(listen, cli.data_dir, cli.database_url, &file);
    if let Some(store) = cli.photo_store.filter(|s| !s.trim().is_empty()) {
        config.photo_store = Some(store);
    }
    let serving = matches!(cli.command, Command::Serve { .. });
    let outcome = prepare(&config, serving).and_then(|store| match cli.command {
        Command::Serve { .. } => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the runtime: {e}"))
            .and_then(|runtime| runtime.block_on(serve(config, store))),
        command => admin(store.as_ref(), command),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

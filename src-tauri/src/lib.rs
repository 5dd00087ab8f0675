//! The Tidemark app shell: opens the device replica in the OS app-data
//! directory and exposes it to the web UI. Every command is a one-line
//! delegation into `tidemark_device::Replica`; errors cross IPC as
//! `{code, message, fields}` (`CommandError`).

pub mod commands;
pub mod media;
pub mod tiles;

use std::sync::Mutex;
use std::time::Instant;
use tauri::{Manager, Runtime};
use tidemark_device::sync::{SyncError, SyncWorker};
use tidemark_device::{CommandError, DeviceError, Replica};

/// What the commands share: the one replica of this device, and the sync
/// thread (on its own connection to the same database).
#[derive(Debug)]
pub struct AppState {
    /// The replica, or why it could not be opened (a database from a newer
    /// release, a full or unreadable disk): the window still opens and
    /// every screen says so in the inspector's language, instead of the
    /// app vanishing at start. The data itself is left exactly as it is.
    replica: Result<Mutex<Replica>, CommandError>,
    sync: Option<SyncWorker>,
    started: Instant,
    tiles: tiles::TileSource,
}

impl AppState {
    /// State without a sync thread (an in-memory replica in tests).
    pub fn new(replica: Replica) -> Self {
        Self {
            tiles: tiles::TileSource::new(replica.data_dir().map(std::path::Path::to_owned)),
            replica: Ok(Mutex::new(replica)),
            sync: None,
            started: Instant::now(),
        }
    }

    /// The replica in `dir` with its sync thread; or, when it cannot be
    /// opened, a state whose every command answers why.
    pub fn open(dir: &std::path::Path) -> Self {
        let opened = Replica::open(dir).map(|mut replica| {
            // Best effort: a sweep that fails leaves the files for next time.
            match replica.sweep_abandoned_photos() {
                Ok(0) => {}
                Ok(n) => eprintln!("tidemark: removed {n} photo(s) left in unsaved forms"),
                Err(e) => eprintln!("tidemark: photo sweep failed ({})", e.code()),
            }
            match SyncWorker::spawn(dir, true) {
                Ok(worker) => Self::new(replica).with_sync(worker),
                // The records are what matter offline: the app works without
                // its sync thread, and sync says it is not running.
                Err(e) => {
                    eprintln!("tidemark: sync could not start ({})", e.code());
                    Self::new(replica)
                }
            }
        });
        opened.unwrap_or_else(|e| {
            // The code only: the message may name paths.
            eprintln!(
                "tidemark: the data directory could not be opened ({})",
                e.code()
            );
            Self {
                tiles: tiles::TileSource::new(None),
                replica: Err(CommandError::from(e)),
                sync: None,
                started: Instant::now(),
            }
        })
    }

    pub fn with_sync(mut self, worker: SyncWorker) -> Self {
        self.sync = Some(worker);
        self
    }

    /// Runs `f` on the sync thread's handle.
    pub fn sync<T>(
        &self,
        f: impl FnOnce(&SyncWorker) -> Result<T, SyncError>,
    ) -> Result<T, CommandError> {
        // Without a replica there is nothing to sync: say why, not "offline".
        if let Err(e) = &self.replica {
            return Err(e.clone());
        }
        let worker = self.sync.as_ref().ok_or_else(|| {
            CommandError::from(SyncError::Unreachable(
                "sync is not running in this process".into(),
            ))
        })?;
        f(worker).map_err(CommandError::from)
    }

    /// Installs a base map and serves its tiles from now on. The copy (a
    /// map can be hundreds of MB) runs without the replica's lock, so the
    /// other screens keep answering.
    pub fn load_basemap(
        &self,
        path: &str,
    ) -> Result<tidemark_device::basemap::BasemapInfo, CommandError> {
        let dir = self.with(|r| r.basemap_dir())?;
        let info = tidemark_device::basemap::install_described(std::path::Path::new(path), &dir)
            .map_err(CommandError::from)?;
        self.tiles.reset();
        Ok(info)
    }

    /// Stages a photo: decoding and downscaling run without the replica's
    /// lock (seconds for a large photo on a tablet); only the record of it
    /// takes the lock.
    pub fn stage_photo(
        &self,
        bytes: &[u8],
    ) -> Result<tidemark_device::photos::StagedPhoto, CommandError> {
        let staging = self.with(|r| r.photo_staging())?;
        let prepared = staging.prepare(bytes).map_err(CommandError::from)?;
        self.with(|r| r.record_staged_photo(prepared))
    }

    /// Answers a `tiles://` request, without taking the replica's lock.
    pub fn tile(&self, path: &str) -> tauri::http::Response<Vec<u8>> {
        self.tiles.respond(path)
    }

    /// Runs `f` on the replica; its error becomes the IPC error object.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Replica) -> Result<T, DeviceError>,
    ) -> Result<T, CommandError> {
        // A panic while holding the lock cannot leave a half-written record
        // (each write is one SQLite transaction), so a poisoned lock is safe
        // to take over.
        let replica = self.replica.as_ref().map_err(Clone::clone)?;
        let mut replica = replica
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut replica).map_err(CommandError::from)
    }
}

/// Registers every command; shared by the real app and the mock-runtime tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::list_admin_units,
        commands::search_households,
        commands::get_household,
        commands::save_household,
        commands::delete_household,
        commands::get_raft,
        commands::save_raft,
        commands::delete_raft,
        commands::log_float_replacement,
        commands::log_relocation,
        commands::log_inspection,
        commands::void_event,
        commands::save_draft,
        commands::load_draft,
        commands::discard_draft,
        commands::ward_progress,
        commands::list_zones,
        commands::map_features,
        commands::basemap_info,
        commands::load_basemap,
        commands::stage_photo,
        commands::photo_statuses,
        commands::photo_thumbnail,
        commands::staged_photo,
        commands::photo_max_px,
        commands::set_photo_max_px,
        commands::list_serial_ports,
        commands::average_device_fixes,
        commands::read_gnss,
        commands::load_demo_data,
        commands::remove_demo_data,
        commands::ui_ready,
        commands::sync_status,
        commands::sync_now,
        commands::sign_in,
        commands::sign_out,
        commands::needs_attention,
        commands::resolve_attention,
    ])
}

/// Starts the app. The replica lives in the OS app-data directory
/// (on Linux `$XDG_DATA_HOME/vn.tidemark.field`), the same one the
/// `tidemark` CLI uses by default.
pub fn run() {
    let app = with_commands(tauri::Builder::default())
        .register_asynchronous_uri_scheme_protocol("tiles", |ctx, request, responder| {
            let app = ctx.app_handle().clone();
            let path = request.uri().path().to_owned();
            tauri::async_runtime::spawn_blocking(move || {
                responder.respond(app.state::<AppState>().tile(&path));
            });
        })
        .on_permission_request(|_, kind| media::permission(kind))
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                media::enable_capture(&window)?;
            }
            let dir = app.path().app_data_dir()?;
            app.manage(AppState::open(&dir));
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Tidemark could not start: {e}");
            std::process::exit(1);
        }
    }
}

//! The IPC surface. Each command delegates to the replica in one line; the
//! argument and result types are generated into ui/src/bindings by ts-rs.

use tauri::State;
use tidemark_device::basemap::BasemapInfo;
use tidemark_device::dto::{
    AppInfo, AttentionItem, DemoLoaded, HouseholdDetail, HouseholdSummary, RaftDetail, Saved,
    SyncStatus, WardProgress,
};
use tidemark_device::gnss::{self, GnssReading, SerialPortEntry};
use tidemark_device::location::{self, DeviceFix};
use tidemark_device::map::MapFeatures;
use tidemark_device::photos::StagedPhoto;
use tidemark_device::store::{DemoRemoved, Draft, PhotoStatus};
use tidemark_device::sync::SyncReport;
use tidemark_device::CommandError;
use tidemark_domain::admin::AdminUnit;
use tidemark_domain::auth::Account;
use tidemark_domain::input::{
    FloatReplacementInput, HouseholdInput, InspectionInput, RaftInput, RelocationInput,
};
use tidemark_domain::values::AveragedFix;
use tidemark_domain::void::EventVoidInput;
use tidemark_domain::zone::Zone;

use crate::AppState;

type Answer<T> = Result<T, CommandError>;

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> Answer<AppInfo> {
    state.with(|r| r.app_info())
}

#[tauri::command(async)]
pub fn list_admin_units(state: State<'_, AppState>) -> Answer<Vec<AdminUnit>> {
    state.with(|r| Ok(r.admin_units()))
}

#[tauri::command(async)]
pub fn search_households(
    state: State<'_, AppState>,
    query: String,
) -> Answer<Vec<HouseholdSummary>> {
    state.with(|r| r.search_households(&query))
}

#[tauri::command(async)]
pub fn get_household(state: State<'_, AppState>, id: String) -> Answer<HouseholdDetail> {
    state.with(|r| r.household_detail(&id))
}

#[tauri::command(async)]
pub fn save_household(
    state: State<'_, AppState>,
    id: Option<String>,
    input: HouseholdInput,
) -> Answer<Saved> {
    state.with(|r| r.save_household(id.as_deref(), &input))
}

#[tauri::command(async)]
pub fn delete_household(state: State<'_, AppState>, id: String) -> Answer<Saved> {
    state.with(|r| r.delete_household(&id))
}

#[tauri::command(async)]
pub fn get_raft(state: State<'_, AppState>, id: String) -> Answer<RaftDetail> {
    state.with(|r| r.raft_detail(&id))
}

#[tauri::command(async)]
pub fn save_raft(
    state: State<'_, AppState>,
    id: Option<String>,
    input: RaftInput,
) -> Answer<Saved> {
    state.with(|r| r.save_raft(id.as_deref(), &input))
}

#[tauri::command(async)]
pub fn delete_raft(state: State<'_, AppState>, id: String) -> Answer<Saved> {
    state.with(|r| r.delete_raft(&id))
}

#[tauri::command(async)]
pub fn log_float_replacement(
    state: State<'_, AppState>,
    input: FloatReplacementInput,
) -> Answer<Saved> {
    state.with(|r| r.log_float_replacement(&input))
}

#[tauri::command(async)]
pub fn log_relocation(state: State<'_, AppState>, input: RelocationInput) -> Answer<Saved> {
    state.with(|r| r.log_relocation(&input))
}

#[tauri::command(async)]
pub fn log_inspection(state: State<'_, AppState>, input: InspectionInput) -> Answer<Saved> {
    state.with(|r| r.log_inspection(&input))
}

#[tauri::command(async)]
pub fn void_event(state: State<'_, AppState>, input: EventVoidInput) -> Answer<Saved> {
    state.with(|r| r.void_event(&input))
}

/// Keeps what is typed into a form before Save (see `store::drafts`).
#[tauri::command(async)]
pub fn save_draft(state: State<'_, AppState>, key: String, body: serde_json::Value) -> Answer<()> {
    state.with(|r| r.store().save_draft(&key, &body))
}

#[tauri::command(async)]
pub fn load_draft(state: State<'_, AppState>, key: String) -> Answer<Option<Draft>> {
    state.with(|r| r.store().draft(&key))
}

#[tauri::command(async)]
pub fn discard_draft(state: State<'_, AppState>, key: String) -> Answer<()> {
    state.with(|r| r.store().discard_draft(&key))
}

#[tauri::command(async)]
pub fn list_zones(state: State<'_, AppState>) -> Answer<Vec<Zone>> {
    state.with(|r| r.zones())
}

#[tauri::command(async)]
pub fn map_features(state: State<'_, AppState>) -> Answer<MapFeatures> {
    state.with(|r| r.map_features())
}

#[tauri::command(async)]
pub fn basemap_info(state: State<'_, AppState>) -> Answer<Option<BasemapInfo>> {
    state.with(|r| r.basemap_info())
}

#[tauri::command(async)]
pub fn load_basemap(state: State<'_, AppState>, path: String) -> Answer<BasemapInfo> {
    state.load_basemap(&path)
}

/// Stages a photo sent as the raw bytes of the request (no JSON, no
/// base64): JPEG or PNG, from a file or the camera.
#[tauri::command(async)]
pub fn stage_photo(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Answer<StagedPhoto> {
    match request.body() {
        tauri::ipc::InvokeBody::Raw(bytes) => state.stage_photo(bytes),
        tauri::ipc::InvokeBody::Json(_) => {
            Err(CommandError::from(tidemark_device::DeviceError::invalid(
                "photo",
                tidemark_domain::ParseError::new(
                    "photo.body",
                    "Ảnh phải được gửi dưới dạng byte",
                    "The photo must be sent as raw bytes",
                ),
            )))
        }
    }
}

#[tauri::command(async)]
pub fn photo_statuses(state: State<'_, AppState>, event_id: String) -> Answer<Vec<PhotoStatus>> {
    state.with(|r| r.photo_statuses(&event_id))
}

/// The long side, in pixels, photos are downscaled to before upload.
#[tauri::command(async)]
pub fn photo_max_px(state: State<'_, AppState>) -> Answer<u32> {
    state.with(|r| r.store().photo_max_px())
}

/// Sets it for photos staged from now on (320–8192); answers the value kept.
#[tauri::command(async)]
pub fn set_photo_max_px(state: State<'_, AppState>, px: u32) -> Answer<u32> {
    state.with(|r| {
        r.store()
            .set_photo_max_px(px)
            .and_then(|()| r.store().photo_max_px())
    })
}

#[tauri::command(async)]
pub fn staged_photo(state: State<'_, AppState>, sha256: String) -> Answer<Option<StagedPhoto>> {
    state.with(|r| r.staged_photo(&sha256))
}

#[tauri::command(async)]
pub fn photo_thumbnail(state: State<'_, AppState>, sha256: String) -> Answer<Option<String>> {
    state.with(|r| r.photo_thumbnail(&sha256))
}

#[tauri::command(async)]
pub fn list_serial_ports() -> Answer<Vec<SerialPortEntry>> {
    Ok(gnss::serial_ports())
}

/// Listens to a GNSS receiver for `seconds`: runs on the blocking pool, so
/// the window stays responsive.
#[tauri::command(async)]
pub fn read_gnss(port: String, baud: u32, seconds: u32) -> Answer<GnssReading> {
    gnss::read_port(&port, baud, seconds).map_err(CommandError::from)
}

/// Averages fixes the webview took from the device's location service.
#[tauri::command]
pub fn average_device_fixes(fixes: Vec<DeviceFix>) -> Answer<AveragedFix> {
    location::average_device_fixes(&fixes).map_err(CommandError::from)
}

#[tauri::command(async)]
pub fn ward_progress(state: State<'_, AppState>) -> Answer<Vec<WardProgress>> {
    state.with(|r| r.ward_progress())
}

#[tauri::command(async)]
pub fn load_demo_data(state: State<'_, AppState>) -> Answer<DemoLoaded> {
    state.with(|r| r.load_demo_data())
}

#[tauri::command(async)]
pub fn remove_demo_data(state: State<'_, AppState>) -> Answer<DemoRemoved> {
    state.with(|r| r.remove_demo_data())
}

/// The UI calls this once its first screen is usable; the start-up time is
/// printed for the cold-start benchmark (scripts/bench-cold-start.sh).
#[tauri::command(async)]
pub fn ui_ready(state: State<'_, AppState>) -> Answer<u64> {
    let ms = u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    eprintln!("tidemark: first screen ready after {ms} ms");
    Ok(ms)
}

#[tauri::command(async)]
pub fn sync_status(state: State<'_, AppState>) -> Answer<SyncStatus> {
    state.with(|r| r.sync_status())
}

#[tauri::command(async)]
pub fn sync_now(state: State<'_, AppState>) -> Answer<SyncReport> {
    state.sync(|s| s.sync_now())
}

#[tauri::command(async)]
pub fn sign_in(
    state: State<'_, AppState>,
    server_url: String,
    username: String,
    password: String,
) -> Answer<Account> {
    state.sync(|s| s.sign_in(&server_url, &username, &password, "Tidemark app"))
}

#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>) -> Answer<SyncStatus> {
    state.with(|r| r.sign_out())
}

#[tauri::command(async)]
pub fn needs_attention(state: State<'_, AppState>) -> Answer<Vec<AttentionItem>> {
    state.with(|r| r.needs_attention())
}

#[tauri::command(async)]
pub fn resolve_attention(
    state: State<'_, AppState>,
    id: i64,
    send_mine_again: bool,
) -> Answer<Vec<AttentionItem>> {
    state.with(|r| r.resolve_attention(id, send_mine_again))
}

//! Generates the app's permission set from its command list, so that the
//! capability file can grant exactly the commands the UI uses.

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_info",
            "list_admin_units",
            "search_households",
            "get_household",
            "save_household",
            "delete_household",
            "get_raft",
            "save_raft",
            "delete_raft",
            "log_float_replacement",
            "log_relocation",
            "log_inspection",
            "void_event",
            "save_draft",
            "load_draft",
            "discard_draft",
            "ward_progress",
            "list_zones",
            "map_features",
            "basemap_info",
            "load_basemap",
            "stage_photo",
            "photo_statuses",
            "photo_thumbnail",
            "staged_photo",
            "photo_max_px",
            "set_photo_max_px",
            "list_serial_ports",
            "read_gnss",
            "average_device_fixes",
            "load_demo_data",
            "remove_demo_data",
            "ui_ready",
            "sync_status",
            "sync_now",
            "sign_in",
            "sign_out",
            "needs_attention",
            "resolve_attention",
        ]),
    ))
    .expect("tauri-build failed");
}

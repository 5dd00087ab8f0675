//! The web view's access to the camera and the location service.
//!
//! The photo form takes a picture with a webcam (getUserMedia) and the
//! position form asks the device's location service; both are the app's
//! own pages (the CSP admits nothing else), acting on a person's tap, so
//! those two permissions are granted without a second prompt. The
//! microphone and screen capture are never needed and are refused.
//!
//! WebKitGTK leaves media capture off unless its setting is on; the other
//! platforms' web views have it on already.

use tauri::webview::{PermissionKind, PermissionResponse};
use tauri::Runtime;

/// Test runs only: `TIDEMARK_MOCK_CAMERA=1` gives WebKitGTK its built-in
/// mock camera, so the end-to-end test can take a real webcam photo on a
/// machine without one.
pub const MOCK_CAMERA_ENV: &str = "TIDEMARK_MOCK_CAMERA";

pub fn permission(kind: PermissionKind) -> PermissionResponse {
    match kind {
        PermissionKind::Camera | PermissionKind::Geolocation => PermissionResponse::Allow,
        PermissionKind::Microphone | PermissionKind::DisplayCapture => PermissionResponse::Deny,
        _ => PermissionResponse::Default,
    }
}

/// Turns media capture on in `window`'s web view.
pub fn enable_capture<R: Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    let mock = std::env::var(MOCK_CAMERA_ENV).is_ok_and(|v| v == "1");
    window.with_webview(move |webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_enable_media_stream(true);
                if mock {
                    settings.set_enable_mock_capture_devices(true);
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (webview, mock);
    })
}

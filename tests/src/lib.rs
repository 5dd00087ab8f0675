//! Harness for end-to-end tests of the real Tidemark app: starts
//! `tauri-driver` (which starts WebKitWebDriver, which starts the app) with a
//! private data directory, and opens WebDriver sessions on the app.
//!
//! Needs a display (run under `xvfb-run`), `tauri-driver` on PATH,
//! `/usr/bin/WebKitWebDriver`, and the built app at `$TIDEMARK_APP`.
//! Missing prerequisites fail the test with a message; they never pass it.

use fantoccini::{Client, ClientBuilder, Locator};

pub mod dice;
pub mod geoclue;
pub mod mbtiles;
pub mod proxy;
pub mod records;
pub mod server;
pub mod snapshot;
pub mod ui;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The app binary under test.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("TIDEMARK_APP").map(PathBuf::from).unwrap_or_else(|| {
        panic!("TIDEMARK_APP is not set: build the app (scripts/test.sh does) and point TIDEMARK_APP at it")
    });
    assert!(
        path.exists(),
        "TIDEMARK_APP={} does not exist",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// A running tauri-driver; killed on drop.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts tauri-driver. The app it launches keeps its data under
    /// `data_home` (XDG_DATA_HOME), so each test has a fresh replica.
    pub fn start(data_home: &Path) -> Driver {
        Self::start_with(data_home, &[])
    }

    /// As `start`, with more environment for the app (e.g. its system bus).
    pub fn start_with(data_home: &Path, env: &[(&str, &str)]) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run the end-to-end tests under xvfb-run"
        );
        let port = free_port();
        let native_port = free_port();
        let child = Command::new("tauri-driver")
            // Its own process group, so that dropping the driver also ends
            // the WebKitWebDriver and app processes it started.
            .process_group(0)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("XDG_DATA_HOME", data_home)
            // WebKitGTK's built-in mock camera (see src-tauri media.rs): the
            // webcam photo path runs for real on a machine without one.
            .env("TIDEMARK_MOCK_CAMERA", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start tauri-driver ({e}): cargo install tauri-driver")
            });
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    /// Launches the app and connects a WebDriver session to it.
    pub async fn open_app(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("cannot open a WebDriver session on the app: {e}"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        for signal in ["-TERM", "-KILL"] {
            let _ = Command::new("kill")
                .args([signal, "--", &group])
                .stderr(Stdio::null())
                .status();
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.child.wait();
    }
}

/// CSS selector of a `data-testid`.
pub fn testid(id: &str) -> Locator<'static> {
    Locator::Css(Box::leak(
        format!("[data-testid=\"{id}\"]").into_boxed_str(),
    ))
}

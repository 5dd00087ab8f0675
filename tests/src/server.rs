//! The real `tidemark-server` binary as a child process, for tests that
//! stop and start it under a running app.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary: $TIDEMARK_SERVER, else next to the app under test
/// (one cargo target directory builds both).
pub fn server_binary() -> PathBuf {
    let path = std::env::var_os("TIDEMARK_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::app_binary().with_file_name("tidemark-server"));
    assert!(
        path.exists(),
        "{} does not exist: build it (cargo build -p tidemark-server) or set TIDEMARK_SERVER",
        path.display()
    );
    path
}

/// A running server; stopped on drop.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    pub url: String,
}

impl ServerProcess {
    /// Starts the server on `port` with its SQLite database in `data_dir`
    /// and the `admin` password given, and waits until it accepts
    /// connections.
    pub fn start(data_dir: &Path, port: u16, admin_password: &str) -> Self {
        Self::start_binary(&server_binary(), data_dir, port, admin_password)
    }

    /// The same, with the server binary given.
    pub fn start_binary(binary: &Path, data_dir: &Path, port: u16, admin_password: &str) -> Self {
        let child = Command::new(binary)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data_dir)
            .env("TIDEMARK_ADMIN_PASSWORD", admin_password)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start tidemark-server: {e}"));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "tidemark-server did not start listening on {addr}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            child,
            url: format!("http://{addr}"),
        }
    }

    /// Stops the server with SIGKILL (as a power cut at the office would),
    /// whatever it was doing.
    pub fn stop(mut self) {
        self.kill();
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

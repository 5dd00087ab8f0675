//! A location service for the end-to-end test: a private D-Bus bus with a
//! stand-in for GeoClue2 on it (tests/fixtures/geoclue-stand-in.py), which
//! the app is given as its system bus. WebKitGTK's navigator.geolocation
//! then answers with the stand-in's fixed position through its real GeoClue
//! client. A stand-in because this machine has no location hardware and
//! Debian 12's GeoClue has no fixed-position source.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub struct LocationService {
    /// The bus address, for DBUS_SYSTEM_BUS_ADDRESS.
    pub address: String,
    bus: Child,
    service: Child,
}

fn first_line(child: &mut Child, what: &str) -> String {
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("{what}: no stdout"));
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    // The rest is drained, not closed: dbusmock logs each call it answers
    // on its standard output, and a closed pipe would fail those calls.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    assert!(
        !line.trim().is_empty(),
        "{what} stopped before it was ready (python3-dbusmock and dbus-daemon come from scripts/setup.sh)"
    );
    line.trim().to_owned()
}

impl LocationService {
    /// Serves one position: `lat`, `lon` (degrees), `accuracy_m`.
    pub fn start(lat: f64, lon: f64, accuracy_m: f64) -> Self {
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start dbus-daemon ({e})"));
        let address = first_line(&mut bus, "dbus-daemon");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/geoclue-stand-in.py");
        let mut service = Command::new("/usr/bin/python3")
            .arg(script)
            .arg(&address)
            .args([lat, lon, accuracy_m].map(|v| v.to_string()))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the GeoClue stand-in ({e})"));
        let ready = first_line(&mut service, "the GeoClue stand-in");
        assert_eq!(ready, "ready");
        Self {
            address,
            bus,
            service,
        }
    }
}

impl Drop for LocationService {
    fn drop(&mut self) {
        for child in [&mut self.service, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

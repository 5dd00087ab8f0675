//! Photo upload against a plain HTTP transfer of the same bytes, both on
//! loopback in the same run, printed as figures and a ratio (never
//! asserted); and the bytes sent again after a connection is cut in the
//! middle of a photo.
//!
//! Tidemark's upload is the real one: a device replica syncs with the real
//! server (SQLite, filesystem photo vault): it pushes the records, asks
//! where every photo stands in one request, sends each from that offset
//! in requests sized to the link; the server writes and hashes the bytes as
//! they arrive, checks the digest, syncs the file to disk and records it.
//! The baseline PUTs each photo's bytes in one request to an endpoint that
//! writes them to a file (not synced); two more baselines show what
//! syncing the file, and then also checking the digest and syncing the
//! directory, cost on their own (the last also with two photos in flight,
//! as Tidemark sends them).
//!
//! Run: `cargo bench -p tidemark-tests --bench photo_upload`
//! (`-- --quick` for fewer photos).
#![allow(clippy::unwrap_used)]

use axum::body::Bytes;
use axum::extract::Path;
use axum::routing::put;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tidemark_device::sync;
use tidemark_device::Replica;
use tidemark_domain::input::{FloatReplacementInput, HouseholdInput, PhotoAttachment, RaftInput};
use tidemark_domain::photo::{PhotoMoment, Sha256Hex};
use tidemark_server::photos::PhotoVault;
use tidemark_server::{auth, router, SqliteStore, Storage};
use tidemark_tests::dice::Dice;
use tidemark_tests::mbtiles::noise_png;
use tidemark_tests::proxy::FaultProxy;
use tidemark_tests::records::replacement;

const ROUNDS: usize = 3;
const PASSWORD: &str = "mật-khẩu-đo-đạc";

fn serve(app: axum::Router) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app).await.unwrap();
            });
    });
    format!("http://{}", rx.recv().unwrap())
}

fn tidemark_server(dir: &std::path::Path) -> String {
    let store: Arc<dyn Storage> = Arc::new(SqliteStore::open(&dir.join("server.sqlite")).unwrap());
    auth::bootstrap_admin(store.as_ref(), Some(PASSWORD), "2026-11-27T00:00:00Z").unwrap();
    let vault = Arc::new(PhotoVault::open(None, dir).unwrap());
    serve(router(store, vault))
}

/// What a bare PUT endpoint does with each body before answering.
#[derive(Clone, Copy, PartialEq)]
enum Plain {
    /// Writes it to a file.
    Written,
    /// Writes it and syncs the file to disk, as Tidemark must before a
    /// device may drop its original.
    Synced,
    /// Also checks its SHA-256 against the name it was sent under and syncs
    /// the directory (the new name survives a power cut): what any upload
    /// must do before a device may drop its original.
    Verified,
}

fn plain_server(dir: &std::path::Path, mode: Plain) -> String {
    let dir = dir.to_owned();
    serve(
        axum::Router::new()
            .route(
                "/raw/{name}",
                put(move |Path(name): Path<String>, body: Bytes| {
                    let dir = dir.clone();
                    async move {
                        if mode == Plain::Verified {
                            let digest = Sha256::digest(&body);
                            if Sha256Hex::from_digest(&digest.into()).as_str() != name {
                                return axum::http::StatusCode::BAD_REQUEST;
                            }
                        }
                        let mut file = std::fs::File::create(dir.join(&name)).unwrap();
                        file.write_all(&body).unwrap();
                        if mode != Plain::Written {
                            file.sync_all().unwrap();
                        }
                        if mode == Plain::Verified {
                            std::fs::File::open(&dir).unwrap().sync_all().unwrap();
                        }
                        axum::http::StatusCode::OK
                    }
                }),
            )
            .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024)),
    )
}

/// PUTs every photo to a `mode` endpoint, `in_flight` at a time.
fn plain_upload(photos: &[Vec<u8>], mode: Plain, in_flight: usize) -> Duration {
    let plain_dir = tempfile::tempdir().unwrap();
    let plain = plain_server(plain_dir.path(), mode);
    let names: Vec<String> = photos
        .iter()
        .map(|p| Sha256Hex::from_digest(&Sha256::digest(p).into()).to_string())
        .collect();
    let http = reqwest::blocking::Client::new();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let t = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..in_flight {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(p) = photos.get(i) else { return };
                let status = http
                    .put(format!("{plain}/raw/{}", names[i]))
                    .body(p.clone())
                    .send()
                    .unwrap()
                    .status();
                assert!(status.is_success());
            });
        }
    });
    t.elapsed()
}

/// A replica with one float replacement carrying `photos`.
fn device_with(dir: &std::path::Path, photos: &[Vec<u8>]) -> Replica {
    let mut r = Replica::open(dir).unwrap();
    r.store().set_photo_max_px(4_096).unwrap();
    let h = r
        .save_household(
            None,
            &HouseholdInput {
                full_name: "Hộ Đo Ảnh".into(),
                village: "Khu 1".into(),
                admin_unit_code: "QY-HA-AN".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let raft: RaftInput = serde_json::from_value(serde_json::json!({
        "household_id": h, "local_tag": "ANH-1", "kind": "bamboo_raft", "cell_count": "8",
        "length_m": "", "width_m": "", "species": "estuarine_oyster",
        "position": {"lat": "", "lon": "", "accuracy_m": ""},
        "waterway": "", "zone": "", "status": "registered_in_zone",
        "initial_floats": {"styrofoam": "100", "hdpe": "0", "other_compliant": "0"}
    }))
    .unwrap();
    let raft_id = r.save_raft(None, &raft).unwrap().id;
    let attachments = photos
        .iter()
        .map(|bytes| PhotoAttachment {
            sha256: r.stage_photo(bytes).unwrap().sha256.to_string(),
            moment: PhotoMoment::After,
        })
        .collect();
    r.log_float_replacement(&FloatReplacementInput {
        photos: attachments,
        ..replacement(&raft_id, 5, 5)
    })
    .unwrap();
    r
}

fn mb_per_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / 1_048_576.0 / d.as_secs_f64()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let count = if quick { 4 } else { 16 };
    let mut dice = Dice::new(11);
    let photos: Vec<Vec<u8>> = (0..count).map(|_| noise_png(700, &mut dice)).collect();
    let total: u64 = photos.iter().map(|p| p.len() as u64).sum();

    // Three rounds, each a plain transfer then a Tidemark sync, so that a
    // noisy moment on the machine touches both; medians are compared.
    let mut plain_times = Vec::new();
    let mut tidemark_times = Vec::new();
    let mut synced_times = Vec::new();
    let mut verified_times = Vec::new();
    let mut verified_two_times = Vec::new();
    for _ in 0..ROUNDS {
        // Baseline: the same bytes, one plain PUT each; and the same again
        // synced to disk, to show what durability alone costs.
        plain_times.push(plain_upload(&photos, Plain::Written, 1));
        synced_times.push(plain_upload(&photos, Plain::Synced, 1));
        verified_times.push(plain_upload(&photos, Plain::Verified, 1));
        verified_two_times.push(plain_upload(&photos, Plain::Verified, 2));

        // Tidemark: a sync that uploads every photo.
        let server_dir = tempfile::tempdir().unwrap();
        let server = tidemark_server(server_dir.path());
        let device_dir = tempfile::tempdir().unwrap();
        let mut device = device_with(device_dir.path(), &photos);
        sync::sign_in(&mut device, &server, "admin", PASSWORD, "bench").unwrap();
        // Built before the clock starts, as the baseline's client is.
        let client = sync::client_for(&device).unwrap();
        let t = Instant::now();
        let report = sync::sync(&mut device, &client, &mut |_| {}).unwrap();
        tidemark_times.push(t.elapsed());
        assert_eq!(report.photos_uploaded, count as u64);
    }
    plain_times.sort();
    tidemark_times.sort();
    synced_times.sort();
    verified_times.sort();
    verified_two_times.sort();
    let verified_time = verified_times[ROUNDS / 2];
    let verified_two_time = verified_two_times[ROUNDS / 2];
    let plain_time = plain_times[ROUNDS / 2];
    let synced_time = synced_times[ROUNDS / 2];
    let tidemark_time = tidemark_times[ROUNDS / 2];

    println!("photo upload, {count} photos, {total} bytes, loopback, median of {ROUNDS} rounds");
    println!(
        "  plain PUT     {:>8.1} ms  {:>7.1} MB/s",
        tidemark_ms(plain_time),
        mb_per_s(total, plain_time)
    );
    println!(
        "  plain, synced {:>8.1} ms  {:>7.1} MB/s  (each file synced to disk before the answer)",
        tidemark_ms(synced_time),
        mb_per_s(total, synced_time)
    );
    println!(
        "  plain, checked {:>7.1} ms  {:>7.1} MB/s  (SHA-256 checked, file and directory synced before the answer, as a device needs before it drops its original; one at a time; {:.0} % of plain)",
        tidemark_ms(verified_time),
        mb_per_s(total, verified_time),
        100.0 * plain_time.as_secs_f64() / verified_time.as_secs_f64()
    );
    println!(
        "  checked, 2 at once {:>4.1} ms  {:>7.1} MB/s  (the same, two photos in flight as Tidemark sends them: the bare equivalent of its upload; {:.0} % of plain)",
        tidemark_ms(verified_two_time),
        mb_per_s(total, verified_two_time),
        100.0 * plain_time.as_secs_f64() / verified_two_time.as_secs_f64()
    );
    println!(
        "  tidemark sync {:>8.1} ms  {:>7.1} MB/s  (records pushed first, one status request, bytes hashed and written as they arrive, each photo synced to disk)",
        tidemark_ms(tidemark_time),
        mb_per_s(total, tidemark_time)
    );
    println!(
        "  throughput    {:>8.0} % of plain   (target: >= 70 %); {:.0} % of plain, synced; {:.0} % of plain, checked; {:.0} % of checked, 2 at once",
        100.0 * plain_time.as_secs_f64() / tidemark_time.as_secs_f64(),
        100.0 * synced_time.as_secs_f64() / tidemark_time.as_secs_f64(),
        100.0 * verified_time.as_secs_f64() / tidemark_time.as_secs_f64(),
        100.0 * verified_two_time.as_secs_f64() / tidemark_time.as_secs_f64()
    );

    // A cut in the middle of a photo: how much is sent again.
    let big = noise_png(1_100, &mut dice);
    let measure = |cut: Option<u64>| -> u64 {
        let server_dir = tempfile::tempdir().unwrap();
        let server = tidemark_server(server_dir.path());
        let proxy =
            FaultProxy::start(server.trim_start_matches("http://").parse().unwrap(), 1).unwrap();
        let device_dir = tempfile::tempdir().unwrap();
        let mut device = device_with(device_dir.path(), std::slice::from_ref(&big));
        // Signed in directly, so that the sync's first request opens the
        // first connection through the proxy (the one a cut is set on).
        sync::sign_in(&mut device, &server, "admin", PASSWORD, "bench").unwrap();
        let token = device.store().sync_state().unwrap().token.unwrap();
        let client = sync::SyncClient::new(&proxy.url, Some(&token)).unwrap();
        let before = proxy
            .counts
            .bytes_up
            .load(std::sync::atomic::Ordering::Relaxed);
        if let Some(at) = cut {
            proxy.cut_next_connection_after(at);
            assert!(
                sync::sync(&mut device, &client, &mut |_| {}).is_err(),
                "the cut did not cut"
            );
        }
        let report = sync::sync(&mut device, &client, &mut |_| {}).unwrap();
        assert_eq!(report.photos_uploaded, 1);
        proxy
            .counts
            .bytes_up
            .load(std::sync::atomic::Ordering::Relaxed)
            - before
    };
    let clean = measure(None);
    let cut_at = big.len() as u64 * 3 / 5;
    let with_cut = measure(Some(cut_at));
    // The first request of a sync is the smallest chunk a cut could
    // interrupt on this link.
    let chunk = tidemark_device::sync::PHOTO_CHUNK as u64;
    let resent = with_cut.saturating_sub(clean);
    println!(
        "cut after {cut_at} request bytes of a {} byte photo",
        big.len()
    );
    println!(
        "  bytes sent: clean {clean}, with the cut {with_cut}: {resent} sent again = {:.2} chunks of {chunk} (target: <= 1 chunk)",
        resent as f64 / chunk as f64
    );
}

fn tidemark_ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

//! Photos that always arrive: records first, so the server knows which
//! photos it awaits; then the bytes in resumable chunks, through a link
//! that cuts connections, verified by their SHA-256 on arrival; and a
//! photo the server already holds costs nothing to send again.
#![allow(clippy::unwrap_used)]

mod common;

use common::{household, raft, Device, Server, ADMIN_PASSWORD};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tidemark_device::store::PhotoUploadState;
use tidemark_device::sync::{self, sync_signed_in};
use tidemark_domain::input::{FloatReplacementInput, PhotoAttachment};
use tidemark_domain::photo::PhotoMoment;
use tidemark_tests::dice::Dice;
use tidemark_tests::mbtiles::noise_png;
use tidemark_tests::proxy::FaultProxy;
use tidemark_tests::records::replacement;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/device/tests/fixtures/photos")
            .join(name),
    )
    .unwrap()
}

/// Logs a float replacement on a new raft with the given photos staged.
fn log_with_photos(device: &mut Device, photos: &[&[u8]]) -> Vec<String> {
    logged_with_photos(device, photos).1
}

/// The float replacement's id, and its photos' addresses.
fn logged_with_photos(device: &mut Device, photos: &[&[u8]]) -> (String, Vec<String>) {
    let h = device
        .replica
        .save_household(None, &household("Khu 9"))
        .unwrap()
        .id;
    let r = device.replica.save_raft(None, &raft(&h)).unwrap().id;
    let mut attachments = Vec::new();
    for (i, bytes) in photos.iter().enumerate() {
        let staged = device.replica.stage_photo(bytes).unwrap();
        attachments.push(PhotoAttachment {
            sha256: staged.sha256.to_string(),
            moment: if i == 0 {
                PhotoMoment::Before
            } else {
                PhotoMoment::After
            },
        });
    }
    let saved = device
        .replica
        .log_float_replacement(&FloatReplacementInput {
            photos: attachments.clone(),
            ..replacement(&r, 10, 10)
        })
        .unwrap();
    (
        saved.id.to_string(),
        attachments.into_iter().map(|a| a.sha256).collect(),
    )
}

/// The bytes the server holds for a photo, hashed.
fn stored_digest(server: &Server, sha256: &str) -> Option<String> {
    let path = server
        .data_dir
        .join("photos/photos")
        .join(&sha256[..2])
        .join(sha256);
    let bytes = std::fs::read(path).ok()?;
    Some(format!("{:x}", Sha256::digest(&bytes)))
}

fn records_go_first_and_the_server_knows_which_photos_it_awaits(server: Server) {
    let mut a = Device::new();
    let (event, shas) = logged_with_photos(
        &mut a,
        &[
            &fixture("gps_nikon_coolpix_p6000.jpg"),
            &fixture("gps_south_kodak_cx7530.jpg"),
            &fixture("nogps_fujifilm_e500.jpg"),
        ],
    );
    // The upload copy of the first photo in line vanishes from the device
    // before sync (a full card swapped, say): the record still goes, the
    // photo is awaited.
    let missing = a.replica.store().photos_to_upload().unwrap()[0]
        .sha256
        .to_string();
    let upload = a
        .replica
        .data_dir()
        .unwrap()
        .join(format!("photos/{missing}.jpg"));
    let kept = std::fs::read(&upload).unwrap();
    std::fs::remove_file(&upload).unwrap();
    sync::sign_in(&mut a.replica, &server.url, "admin", ADMIN_PASSWORD, "a").unwrap();
    // One photo that cannot go does not fail the sync: automatic sync must
    // keep carrying records. The photo says why it waits.
    let report = sync_signed_in(&mut a.replica, &mut |_| {}).unwrap();
    assert_eq!((report.photos_uploaded, report.photos_failed), (2, 1));
    assert_eq!(a.replica.store().pending_sync().unwrap(), 0, "records went");
    let problem = |a: &Device| {
        a.replica
            .photo_statuses(&event)
            .unwrap()
            .into_iter()
            .find(|s| s.sha256.as_str() == missing)
            .unwrap()
    };
    let waiting = problem(&a);
    assert_eq!(waiting.state, Some(PhotoUploadState::Waiting));
    assert_eq!(
        waiting.upload_problem.as_deref(),
        Some("photo.file_missing")
    );
    // The missing photo did not hold back the others (two upload at
    // once, so it takes a third to tell).
    let awaited = server.store.awaited_photos().unwrap();
    assert_eq!(awaited.len(), 1);
    assert_eq!(awaited[0].sha256, missing);
    for sha in shas.iter().filter(|s| **s != missing) {
        assert_eq!(stored_digest(&server, sha).as_deref(), Some(sha.as_str()));
    }

    std::fs::write(&upload, kept).unwrap();
    let report = a.sync(&server);
    assert_eq!((report.photos_uploaded, report.photos_failed), (1, 0));
    let sent = problem(&a);
    assert_eq!(sent.state, Some(PhotoUploadState::OnServer));
    assert_eq!(sent.upload_problem, None);
    assert!(server.store.awaited_photos().unwrap().is_empty());
    assert_eq!(
        stored_digest(&server, &missing).as_deref(),
        Some(missing.as_str())
    );

    // Another device with the same photo sends no byte of it.
    let mut b = Device::new();
    let again = log_with_photos(&mut b, &[&fixture("gps_nikon_coolpix_p6000.jpg")]);
    assert_eq!(again[..], shas[..1]);
    let report = b.sync(&server);
    assert_eq!((report.photos_uploaded, report.photo_bytes_sent), (1, 0));
}

fn photos_arrive_whole_over_a_link_that_cuts(server: Server) {
    let seed = std::env::var("TIDEMARK_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4242);
    eprintln!("photo fault seed: {seed}");
    let mut dice = Dice::new(seed);
    let mut a = Device::new();
    // The 600 px noise photos are downscaled, so their originals are kept
    // until the server holds the smaller copies.
    a.replica.store().set_photo_max_px(400).unwrap();
    let originals = a.replica.data_dir().unwrap().join("photos/originals");
    let kept = |dir: &std::path::Path| std::fs::read_dir(dir).map_or(0, |d| d.count());
    let upstream = server.url.trim_start_matches("http://").parse().unwrap();
    let proxy = FaultProxy::start(upstream, seed).unwrap();
    sync::sign_in(&mut a.replica, &proxy.url, "admin", ADMIN_PASSWORD, "flaky").unwrap();
    proxy.set_faults(true);
    let cuts = || {
        proxy.counts.cut_requests.load(Ordering::Relaxed)
            + proxy.counts.cut_responses.load(Ordering::Relaxed)
    };
    // Rounds of new photos and syncs until the link has cut some uploads
    // (a connection is kept alive across requests, so a round may pass
    // untouched); every round ends with a sync that went through.
    let mut shas = Vec::new();
    let (mut rounds, mut failed) = (0, 0);
    while rounds < 2 || (cuts() == 0 && rounds < 12) {
        rounds += 1;
        let big = noise_png(600, &mut dice);
        shas.extend(log_with_photos(
            &mut a,
            &[&big, &fixture("gps_south_kodak_cx7530.jpg")],
        ));
        assert!(
            kept(&originals) >= 1,
            "the downscaled photo's original is kept"
        );
        let mut attempts = 0;
        while sync_signed_in(&mut a.replica, &mut |_| {}).is_err() {
            failed += 1;
            attempts += 1;
            assert!(
                attempts < 100,
                "seed {seed}: no sync went through in 100 tries"
            );
        }
    }
    proxy.set_faults(false);
    shas.dedup();
    eprintln!(
        "seed {seed}: {rounds} rounds, {failed} failed syncs, {} cuts",
        cuts()
    );
    assert!(
        cuts() > 0,
        "seed {seed}: nothing was cut; the test proved nothing"
    );
    for sha in &shas {
        assert_eq!(stored_digest(&server, sha).as_deref(), Some(sha.as_str()));
    }
    assert!(server.store.awaited_photos().unwrap().is_empty());
    let statuses = a.replica.store().photos_to_upload().unwrap();
    assert!(statuses.is_empty(), "every photo left the queue");
    assert_eq!(kept(&originals), 0, "originals removed once uploaded");
}

/// The server crashed after the last byte of a photo reached its partial
/// file and before it stored the photo: the device has nothing left to
/// send, and asks the server to finish instead of waiting forever.
fn a_photo_the_server_holds_whole_but_never_stored_is_finished(server: Server) {
    let mut a = Device::new();
    let shas = log_with_photos(&mut a, &[&fixture("gps_nikon_coolpix_p6000.jpg")]);
    let upload = a
        .replica
        .data_dir()
        .unwrap()
        .join(format!("photos/{}.jpg", shas[0]));
    std::fs::write(
        server.data_dir.join(format!("uploads/{}.part", shas[0])),
        std::fs::read(upload).unwrap(),
    )
    .unwrap();
    sync::sign_in(&mut a.replica, &server.url, "admin", ADMIN_PASSWORD, "a").unwrap();
    let report = a.sync(&server);
    assert_eq!((report.photos_uploaded, report.photo_bytes_sent), (1, 0));
    assert_eq!(
        stored_digest(&server, &shas[0]).as_deref(),
        Some(shas[0].as_str())
    );
    assert!(server.store.awaited_photos().unwrap().is_empty());
    assert!(a.replica.store().photos_to_upload().unwrap().is_empty());
}

both_backends!(
    a_photo_the_server_holds_whole_but_never_stored_is_finished,
    records_go_first_and_the_server_knows_which_photos_it_awaits,
    photos_arrive_whole_over_a_link_that_cuts,
);

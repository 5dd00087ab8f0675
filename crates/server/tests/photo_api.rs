//! Photo uploads over HTTP: a body written as it arrives, so a connection
//! cut mid-photo keeps every byte that reached the server; and the status
//! of many photos asked in one request.
#![allow(clippy::unwrap_used)]

mod common;

use common::TestApp;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tidemark_domain::ids::DeviceId;
use tidemark_domain::photo::{PhotoUploadStatus, Sha256Hex};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

fn digest(bytes: &[u8]) -> Sha256Hex {
    let d: [u8; 32] = Sha256::digest(bytes).into();
    Sha256Hex::from_digest(&d)
}

fn photo(len: usize, salt: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[0] ^ salt)
        .collect()
}

async fn statuses(app: &TestApp, token: &str, photos: &[Sha256Hex]) -> reqwest::Response {
    app.http
        .post(app.url("/api/v1/photos/status"))
        .bearer_auth(token)
        .json(&json!({ "photos": photos }))
        .send()
        .await
        .unwrap()
}

async fn put(
    app: &TestApp,
    token: &str,
    sha: &Sha256Hex,
    start: usize,
    bytes: &[u8],
    total: usize,
) -> reqwest::Response {
    app.http
        .put(app.url(&format!("/api/v1/photos/{sha}")))
        .bearer_auth(token)
        .header(
            "Content-Range",
            format!("bytes {start}-{}/{total}", start + bytes.len() - 1),
        )
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap()
}

/// A raw PUT that announces the range `0..total` of `sha` and a body of
/// `announced` bytes, sends `body`, and is cut (the connection closes).
async fn send_and_cut(
    app: &TestApp,
    token: &str,
    sha: &Sha256Hex,
    total: usize,
    announced: usize,
    body: &[u8],
) {
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PUT /api/v1/photos/{sha} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Range: bytes 0-{}/{total}\r\nContent-Length: {announced}\r\n\r\n",
        total - 1,
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    stream.flush().await.unwrap();
    drop(stream);
}

/// The status of `sha` once the server holds `bytes` of it (None if it
/// never does within 2 s).
async fn once_held(
    app: &TestApp,
    token: &str,
    sha: &Sha256Hex,
    bytes: usize,
) -> Option<PhotoUploadStatus> {
    for _ in 0..200 {
        let mut answer: Vec<PhotoUploadStatus> = statuses(app, token, std::slice::from_ref(sha))
            .await
            .json()
            .await
            .unwrap();
        if answer[0].received == bytes as u64 {
            return answer.pop();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    None
}

/// The digest of what the server serves as `sha`'s content.
async fn stored_digest(app: &TestApp, token: &str, sha: &Sha256Hex) -> Sha256Hex {
    let stored = app
        .http
        .get(app.url(&format!("/api/v1/photos/{sha}/content")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    digest(&stored)
}

async fn a_cut_upload_keeps_what_reached_the_server(app: TestApp) {
    let token = app.token_of(DeviceId::from_uuid(Uuid::from_u128(7))).await;
    let bytes = photo(600_000, 3);
    let sha = digest(&bytes);
    // A raw connection announces the whole photo, sends 40 % of it, and
    // is cut with 60 % of the body unsent.
    let sent = 240_000;
    send_and_cut(&app, &token, &sha, bytes.len(), bytes.len(), &bytes[..sent]).await;
    let held = once_held(&app, &token, &sha, sent).await;
    assert!(held.is_some(), "every byte that arrived was kept");

    // Resuming anywhere else is refused with the offset to use.
    let wrong = put(&app, &token, &sha, 0, &bytes[..1000], bytes.len()).await;
    assert_eq!(wrong.status(), 409);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "photo.offset");
    assert_eq!(body["expected_offset"], sent);
    // The rest completes the photo, and the stored bytes are the photo.
    let rest = put(&app, &token, &sha, sent, &bytes[sent..], bytes.len()).await;
    assert_eq!(rest.status(), 200);
    let status: PhotoUploadStatus = rest.json().await.unwrap();
    assert!(status.complete);
    assert_eq!(status.received, bytes.len() as u64);
    assert_eq!(stored_digest(&app, &token, &sha).await, sha);
}

async fn many_photos_are_asked_about_in_one_request(app: TestApp) {
    let token = app.token_of(DeviceId::from_uuid(Uuid::from_u128(8))).await;
    let whole = photo(70_000, 5);
    let half = photo(90_000, 9);
    let (whole_sha, half_sha, unknown) = (digest(&whole), digest(&half), digest(b"never sent"));
    assert_eq!(
        put(&app, &token, &whole_sha, 0, &whole, whole.len())
            .await
            .status(),
        200
    );
    assert_eq!(
        put(&app, &token, &half_sha, 0, &half[..30_000], half.len())
            .await
            .status(),
        200
    );

    let answer = statuses(
        &app,
        &token,
        &[unknown.clone(), half_sha.clone(), whole_sha.clone()],
    )
    .await;
    assert_eq!(answer.status(), 200);
    let answer: Vec<PhotoUploadStatus> = answer.json().await.unwrap();
    let seen: Vec<_> = answer
        .iter()
        .map(|s| (s.sha256.clone(), s.received, s.complete))
        .collect();
    assert_eq!(
        seen,
        [
            (unknown.clone(), 0, false),
            (half_sha.clone(), 30_000, false),
            (whole_sha.clone(), whole.len() as u64, true)
        ]
    );
    // A batch larger than the lookups the server runs at once answers in
    // the order asked too.
    let pattern = [unknown.clone(), half_sha.clone(), whole_sha.clone()];
    let asked: Vec<Sha256Hex> = (0..40).map(|i| pattern[(i * 7) % 3].clone()).collect();
    let answer: Vec<PhotoUploadStatus> = statuses(&app, &token, &asked).await.json().await.unwrap();
    let expected = |sha: &Sha256Hex| match sha {
        s if *s == whole_sha => (whole.len() as u64, true),
        s if *s == half_sha => (30_000, false),
        _ => (0, false),
    };
    assert_eq!(answer.len(), asked.len());
    for (asked, got) in asked.iter().zip(&answer) {
        assert_eq!(&got.sha256, asked);
        assert_eq!((got.received, got.complete), expected(asked));
    }

    // A body longer than its range is refused.
    let extra = put(&app, &token, &digest(b"x"), 0, &[0; 10], 100).await;
    assert_eq!(extra.status(), 200, "a short first request is fine");
    let too_long = app
        .http
        .put(app.url(&format!("/api/v1/photos/{}", digest(b"y"))))
        .bearer_auth(&token)
        .header("Content-Range", "bytes 0-9/100")
        .body(vec![0; 20])
        .send()
        .await
        .unwrap();
    assert_eq!(too_long.status(), 400);

    // Too many at once, a bad address, and no token.
    let many = vec![digest(b"x"); 257];
    let refused = statuses(&app, &token, &many).await;
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "photo.batch");
    let bad = app
        .http
        .post(app.url("/api/v1/photos/status"))
        .bearer_auth(&token)
        .json(&json!({ "photos": ["not-a-digest"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["code"], "request.invalid_fields");
    let anonymous = app
        .http
        .post(app.url("/api/v1/photos/status"))
        .json(&json!({ "photos": [] }))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn a_photo_whose_last_byte_arrived_in_a_cut_request_is_finished(app: TestApp) {
    let token = app.token_of(DeviceId::from_uuid(Uuid::from_u128(9))).await;
    let bytes = photo(200_000, 11);
    let sha = digest(&bytes);
    // The whole photo in its range, but one byte more announced: the
    // server gets every byte of the photo, then the connection is cut
    // before the request ends, so the photo is never checked and stored.
    send_and_cut(&app, &token, &sha, bytes.len(), bytes.len() + 1, &bytes).await;
    let status = once_held(&app, &token, &sha, bytes.len())
        .await
        .expect("every byte reached the server");
    assert!(!status.complete, "not yet checked and stored");

    // No bytes left to send: `bytes */TOTAL` asks the server to finish.
    let finish = |total: usize| {
        app.http
            .put(app.url(&format!("/api/v1/photos/{sha}")))
            .bearer_auth(&token)
            .header("Content-Range", format!("bytes */{total}"))
            .send()
    };
    // A wrong size is answered with what the server holds.
    let wrong = finish(bytes.len() + 5).await.unwrap();
    assert_eq!(wrong.status(), 409);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["expected_offset"], bytes.len());
    let done = finish(bytes.len()).await.unwrap();
    assert_eq!(done.status(), 200);
    let done: PhotoUploadStatus = done.json().await.unwrap();
    assert!(done.complete);
    assert_eq!(stored_digest(&app, &token, &sha).await, sha);
    // Finishing again changes nothing.
    assert!(
        finish(bytes.len())
            .await
            .unwrap()
            .json::<PhotoUploadStatus>()
            .await
            .unwrap()
            .complete
    );
}

/// A link that goes silent without closing (out of range on the river):
/// the server gives up on the request after its stall timeout, keeps what
/// arrived, and lets the photo's lock go, so the device's next attempt
/// resumes instead of waiting behind a dead request.
#[tokio::test]
async fn an_upload_that_goes_silent_lets_the_next_attempt_resume() {
    let app = common::spawn_app_with_vault(
        common::Backend::Sqlite,
        "an_upload_that_goes_silent",
        |vault| vault.with_stall_timeout(Duration::from_millis(300)),
    )
    .await
    .unwrap();
    let token = app.token_of(DeviceId::from_uuid(Uuid::from_u128(9))).await;
    let bytes = photo(200_000, 5);
    let sha = digest(&bytes);
    let address = app.base.trim_start_matches("http://");
    let mut silent = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PUT /api/v1/photos/{sha} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Range: bytes 0-{}/{}\r\nContent-Length: {}\r\n\r\n",
        bytes.len() - 1,
        bytes.len(),
        bytes.len(),
    );
    silent.write_all(head.as_bytes()).await.unwrap();
    silent.write_all(&bytes[..50_000]).await.unwrap();
    silent.flush().await.unwrap();
    // The connection stays open and sends nothing more.
    let held = once_held(&app, &token, &sha, 50_000).await;
    assert!(held.is_some(), "the bytes that arrived are kept");
    // The resume gets the lock once the silent request is given up, well
    // before this client's own limit.
    let resume = tokio::time::timeout(
        Duration::from_secs(10),
        put(&app, &token, &sha, 50_000, &bytes[50_000..], bytes.len()),
    )
    .await
    .expect("the resume waited behind the silent request");
    assert_eq!(resume.status(), 200);
    let status: PhotoUploadStatus = resume.json().await.unwrap();
    assert!(status.complete);
    assert_eq!(stored_digest(&app, &token, &sha).await, sha);
    drop(silent);
}

both_backends!(
    a_photo_whose_last_byte_arrived_in_a_cut_request_is_finished,
    a_cut_upload_keeps_what_reached_the_server,
    many_photos_are_asked_about_in_one_request,
);

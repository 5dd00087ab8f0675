//! The photo vault on its two kinds of store: the filesystem (the default)
//! and an S3-compatible object store (here moto's S3 server, which
//! scripts/s3.sh installs and starts; `TIDEMARK_TEST_S3_ENDPOINT`). The same
//! story on both: chunks only at the server's offset, resuming, the digest
//! checked on the last byte, a stored photo answered as complete.
#![allow(clippy::unwrap_used)]

mod common;

use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use tidemark_domain::photo::Sha256Hex;
use tidemark_server::photos::PhotoVault;
use tidemark_server::ServerError;

fn digest(bytes: &[u8]) -> Sha256Hex {
    let d: [u8; 32] = Sha256::digest(bytes).into();
    Sha256Hex::from_digest(&d)
}

async fn uploads_resume_and_only_matching_bytes_are_stored(vault: &PhotoVault) {
    let photo: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let sha = digest(&photo);
    let total = photo.len() as u64;
    let status = vault.status(&sha).await.unwrap();
    assert_eq!((status.received, status.complete), (0, false));

    let first = vault
        .put_chunk(&sha, 0, total, &photo[..100_000])
        .await
        .unwrap();
    assert_eq!((first.received, first.complete), (100_000, false));
    // A chunk that does not start at the server's offset is refused with it.
    match vault
        .put_chunk(&sha, 50_000, total, &photo[50_000..150_000])
        .await
    {
        Err(ServerError::PhotoOffset { expected }) => assert_eq!(expected, 100_000),
        other => panic!("{other:?}"),
    }
    // Resuming: ask, then send the rest.
    assert_eq!(vault.status(&sha).await.unwrap().received, 100_000);
    let last = vault
        .put_chunk(&sha, 100_000, total, &photo[100_000..])
        .await
        .unwrap();
    assert!(last.complete);
    assert_eq!(vault.get(&sha).await.unwrap().unwrap(), photo);
    // Sending it again costs nothing and changes nothing.
    let again = vault.put_chunk(&sha, 0, total, &photo[..10]).await.unwrap();
    assert!(again.complete);

    // Bytes that are not what the address says never enter the store.
    let claimed = digest(b"something else entirely");
    let wrong = vault.put_chunk(&claimed, 0, 5, b"hello").await;
    assert!(
        matches!(
            wrong,
            Err(ServerError::Invalid {
                code: "photo.hash_mismatch",
                ..
            })
        ),
        "{wrong:?}"
    );
    assert_eq!(vault.get(&claimed).await.unwrap(), None);
    assert_eq!(
        vault.status(&claimed).await.unwrap().received,
        0,
        "the partial is gone"
    );
    // Sizes out of range.
    assert!(vault.put_chunk(&claimed, 0, 0, b"").await.is_err());
    assert!(vault.put_chunk(&claimed, 0, 4, b"hello").await.is_err());
}

#[tokio::test]
async fn a_restarted_server_resumes_the_digest_from_the_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let photo: Vec<u8> = (0..200_000u32).map(|i| (i % 241) as u8).collect();
    let sha = digest(&photo);
    let total = photo.len() as u64;
    {
        let before = PhotoVault::open(None, dir.path()).unwrap();
        let first = before
            .put_chunk(&sha, 0, total, &photo[..80_000])
            .await
            .unwrap();
        assert_eq!(first.received, 80_000);
    }
    // A new process knows nothing of the running digest: it reads the
    // partial file again, and the finished photo still matches.
    let after = PhotoVault::open(None, dir.path()).unwrap();
    let last = after
        .put_chunk(&sha, 80_000, total, &photo[80_000..])
        .await
        .unwrap();
    assert!(last.complete);
    assert_eq!(after.get(&sha).await.unwrap().unwrap(), photo);
    assert!(
        !dir.path()
            .join("uploads")
            .join(format!("{sha}.part"))
            .exists(),
        "the partial became the stored photo"
    );
}

#[tokio::test]
async fn abandoned_partial_uploads_are_swept_and_recent_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let vault = PhotoVault::open(None, dir.path()).unwrap();
    let (old, recent) = (digest(b"old photo bytes"), digest(b"recent photo bytes"));
    vault.put_chunk(&old, 0, 1_000, &[1; 100]).await.unwrap();
    vault.put_chunk(&recent, 0, 1_000, &[2; 100]).await.unwrap();
    let uploads = dir.path().join("uploads");
    std::fs::File::options()
        .write(true)
        .open(uploads.join(format!("{old}.part")))
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(31 * 24 * 3600))
        .unwrap();
    std::fs::write(uploads.join("notes.txt"), "not an upload").unwrap();

    assert_eq!(
        vault
            .sweep_abandoned(Duration::from_secs(30 * 24 * 3600))
            .unwrap(),
        1
    );
    assert_eq!(
        vault.status(&old).await.unwrap().received,
        0,
        "starts again from 0"
    );
    assert_eq!(vault.status(&recent).await.unwrap().received, 100);
    assert!(
        uploads.join("notes.txt").exists(),
        "only partial uploads are swept"
    );
    // The swept photo can be sent again from its first byte.
    assert_eq!(
        vault
            .put_chunk(&old, 0, 1_000, &[1; 100])
            .await
            .unwrap()
            .received,
        100
    );
}

#[tokio::test]
async fn the_filesystem_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault = PhotoVault::open(None, dir.path()).unwrap();
    uploads_resume_and_only_matching_bytes_are_stored(&vault).await;
}

#[tokio::test]
async fn an_s3_compatible_vault() {
    let Some((endpoint, bucket)) = common::moto_bucket("an_s3_compatible_vault").await else {
        return;
    };
    let s3 = common::moto_client(&endpoint, &bucket);
    let dir = tempfile::tempdir().unwrap();
    let vault = PhotoVault::with_object_store(Arc::new(s3), dir.path().join("uploads")).unwrap();
    uploads_resume_and_only_matching_bytes_are_stored(&vault).await;
}

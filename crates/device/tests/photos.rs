//! Photos on the device, from real camera files (see
//! tests/fixtures/photos/README.md for where each comes from and its tags):
//! EXIF read with a real reader, files stored by SHA-256, downscaled for
//! upload with the original kept, attached to a record in its transaction.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::path::PathBuf;
use tidemark_device::store::PhotoUploadState;
use tidemark_device::Replica;
use tidemark_domain::input::PhotoAttachment;
use tidemark_domain::photo::PhotoMoment;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(name);
    std::fs::read(path).unwrap()
}

#[test]
fn exif_time_and_gps_are_read_from_real_camera_files() {
    use tidemark_device::photos::read_exif;
    // Nikon COOLPIX P6000, Arezzo: 43°28'2.814"N 11°53'6.456"E.
    let (taken, gps) = read_exif(&fixture("gps_nikon_coolpix_p6000.jpg"));
    assert_eq!(taken.as_deref(), Some("2008:10:22 16:28:39"));
    let gps = gps.unwrap();
    assert!((gps.lat - 43.467_448_333).abs() < 1e-8, "{}", gps.lat);
    assert!((gps.lon - 11.885_126_667).abs() < 1e-8, "{}", gps.lon);
    // Kodak CX7530, degrees and decimal minutes, south of the equator.
    let (taken, gps) = read_exif(&fixture("gps_south_kodak_cx7530.jpg"));
    assert_eq!(taken.as_deref(), Some("2005:08:13 09:47:23"));
    let gps = gps.unwrap();
    assert!((gps.lat - -0.3713).abs() < 1e-9, "{}", gps.lat);
    assert!((gps.lon - 36.056_416_667).abs() < 1e-8, "{}", gps.lon);
    // Fujifilm E500, big-endian EXIF, no GPS at all.
    let (taken, gps) = read_exif(&fixture("nogps_fujifilm_e500.jpg"));
    assert_eq!(taken.as_deref(), Some("2006:08:17 09:24:48"));
    assert_eq!(gps, None);
    // Not a photo: no tags, no error.
    assert_eq!(read_exif(b"plain text"), (None, None));
}

#[test]
fn a_staged_photo_is_filed_by_digest_downscaled_and_attached_with_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    let h = r
        .save_household(None, &household_input("Trần Văn Ảnh", "QY-HA-AN"))
        .unwrap()
        .id;
    let raft = r.save_raft(None, &raft_input(&h, "A-1", 100)).unwrap().id;
    r.store().set_photo_max_px(320).unwrap();
    let original = fixture("gps_nikon_coolpix_p6000.jpg");
    let staged = r.stage_photo(&original).unwrap();
    // 640×480 scaled to 320 px on the long side, re-encoded: a new digest.
    assert_eq!((staged.width, staged.height), (320, 240));
    assert_eq!(staged.original_bytes, Some(original.len() as u64));
    assert_eq!(
        tidemark_device::photos::sha256_of(&original).as_str(),
        "17307b1207eb6487d7908e9d154890b46e3d2e0192369cfd3f4c33d5a5af4035"
    );
    assert_ne!(
        staged.sha256.as_str(),
        "17307b1207eb6487d7908e9d154890b46e3d2e0192369cfd3f4c33d5a5af4035"
    );
    assert!(staged.thumbnail.starts_with("data:image/jpeg;base64,"));
    assert_eq!(staged.taken_at.as_deref(), Some("2008:10:22 16:28:39"));
    let photos = dir.path().join("photos");
    let upload = std::fs::read(photos.join(format!("{}.jpg", staged.sha256))).unwrap();
    assert_eq!(tidemark_device::photos::sha256_of(&upload), staged.sha256);
    assert!(photos
        .join("originals/17307b1207eb6487d7908e9d154890b46e3d2e0192369cfd3f4c33d5a5af4035.jpg")
        .is_file());
    // A form putting back a draft gets the photo as staging answered it.
    assert_eq!(
        r.staged_photo(staged.sha256.as_str()).unwrap().as_ref(),
        Some(&staged)
    );
    assert_eq!(r.staged_photo(&"0".repeat(64)).unwrap(), None);
    assert!(matches!(
        r.staged_photo("not-a-digest").unwrap_err(),
        tidemark_device::DeviceError::Validation(_)
    ));

    // A small photo is uploaded as it is, and kept once: its upload copy is
    // the original.
    let small = r.stage_photo(&fixture("nogps_fujifilm_e500.jpg")).unwrap();
    assert_eq!(small.original_bytes, None);
    assert_eq!(
        small.sha256.as_str(),
        "ffbee7b07bf267dc0fb52817f8866df647758f7d48ac93e7a73d1914fb4c74da"
    );
    assert!(photos.join(format!("{}.jpg", small.sha256)).is_file());
    assert!(!photos
        .join(format!("originals/{}.jpg", small.sha256))
        .exists());

    let mut input = replacement(&raft, 10, 10);
    input.photos = vec![
        PhotoAttachment {
            sha256: staged.sha256.to_string(),
            moment: PhotoMoment::Before,
        },
        PhotoAttachment {
            sha256: small.sha256.to_string(),
            moment: PhotoMoment::After,
        },
    ];
    let saved = r.log_float_replacement(&input).unwrap();
    let detail = r.raft_detail(&raft).unwrap();
    let photos_of_event = detail.history[0].photos();
    assert_eq!(photos_of_event.len(), 2);
    assert_eq!(photos_of_event[0].moment, PhotoMoment::Before);
    assert_eq!(photos_of_event[0].gps.unwrap().lat.round(), 43.0);
    let statuses = r.photo_statuses(&saved.id).unwrap();
    assert!(statuses
        .iter()
        .all(|s| s.state == Some(PhotoUploadState::Waiting)));
    assert_eq!(r.store().photos_to_upload().unwrap().len(), 2);
}

#[test]
fn bad_photos_and_unknown_attachments_are_refused_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    let code = |e: tidemark_device::DeviceError| {
        tidemark_device::CommandError::from(e).fields[0]
            .code
            .clone()
    };
    assert_eq!(
        code(r.stage_photo(b"GIF89a....").unwrap_err()),
        "photo.format"
    );
    let mut broken = fixture("nogps_fujifilm_e500.jpg");
    broken.truncate(600);
    assert_eq!(
        code(r.stage_photo(&broken).unwrap_err()),
        "photo.unreadable"
    );

    let h = r
        .save_household(None, &household_input("Trần Văn Ảnh", "QY-HA-AN"))
        .unwrap()
        .id;
    let raft = r.save_raft(None, &raft_input(&h, "A-1", 100)).unwrap().id;
    let pending = r.store().pending_sync().unwrap();
    let mut input = replacement(&raft, 10, 10);
    input.photos = vec![PhotoAttachment {
        sha256: "0".repeat(64),
        moment: PhotoMoment::After,
    }];
    assert_eq!(
        code(r.log_float_replacement(&input).unwrap_err()),
        "photo.not_staged"
    );
    input.photos[0].sha256 = "not-a-digest".into();
    assert_eq!(
        code(r.log_float_replacement(&input).unwrap_err()),
        "photo.sha256"
    );
    assert_eq!(r.store().pending_sync().unwrap(), pending);
    assert!(r.store().set_photo_max_px(100).is_err());
}

/// A JPEG of `width`×`height` pixels, red on its left half and blue on its
/// right, carrying EXIF Orientation `orientation` (as a tablet held upright
/// writes 6: pixels stored landscape, to be turned a quarter clockwise).
fn jpeg_with_orientation(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .unwrap();
    // A little-endian TIFF block with one IFD entry: Orientation (0x0112),
    // SHORT, one value.
    let mut tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    // Right after the start-of-image marker, where cameras put it.
    jpeg.splice(2..2, app1);
    jpeg
}

fn thumbnail_pixels(staged: &tidemark_device::photos::StagedPhoto) -> image::RgbImage {
    use base64::Engine;
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(
            staged
                .thumbnail
                .trim_start_matches("data:image/jpeg;base64,"),
        )
        .unwrap();
    image::load_from_memory(&jpeg).unwrap().to_rgb8()
}

#[test]
fn a_photo_taken_upright_on_a_tablet_stays_upright_in_its_copy_and_thumbnail() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    r.store().set_photo_max_px(320).unwrap();
    let reddish = |p: &image::Rgb<u8>| p[0] > 150 && p[2] < 100;
    let bluish = |p: &image::Rgb<u8>| p[2] > 150 && p[0] < 100;

    // Stored 800×400, to be turned clockwise: seen 400×800, red on top.
    let portrait = r.stage_photo(&jpeg_with_orientation(800, 400, 6)).unwrap();
    assert_eq!((portrait.width, portrait.height), (160, 320));
    let upload = image::load_from_memory(
        &std::fs::read(dir.path().join(format!("photos/{}.jpg", portrait.sha256))).unwrap(),
    )
    .unwrap()
    .to_rgb8();
    assert_eq!(upload.dimensions(), (160, 320));
    assert!(reddish(upload.get_pixel(80, 10)), "the top is the red half");
    assert!(bluish(upload.get_pixel(80, 310)));
    let thumb = thumbnail_pixels(&portrait);
    assert_eq!(thumb.dimensions(), (160, 320));
    assert!(reddish(thumb.get_pixel(80, 10)));

    // Turned the other way (8): red at the bottom. Small enough to go up
    // as it is, EXIF and all; the sizes shown are still as seen.
    let other_way = r.stage_photo(&jpeg_with_orientation(60, 30, 8)).unwrap();
    assert_eq!(other_way.original_bytes, None);
    assert_eq!((other_way.width, other_way.height), (30, 60));
    let thumb = thumbnail_pixels(&other_way);
    let (w, h) = thumb.dimensions();
    assert_eq!(h, 2 * w, "a portrait thumbnail");
    assert!(bluish(thumb.get_pixel(w / 2, h / 20)));
    assert!(reddish(thumb.get_pixel(w / 2, h - h / 20)));

    // No orientation, or a value outside 1–8: the pixels as stored.
    for orientation in [1, 0, 99] {
        let plain = r
            .stage_photo(&jpeg_with_orientation(60, 30, orientation))
            .unwrap();
        assert_eq!((plain.width, plain.height), (60, 30), "{orientation}");
    }
}

#[test]
fn photos_left_in_an_unsaved_form_for_a_week_go_with_their_files_and_nothing_else_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    r.store().set_photo_max_px(320).unwrap();
    let h = r
        .save_household(None, &household_input("Trần Văn Ảnh", "QY-HA-AN"))
        .unwrap()
        .id;
    let raft = r.save_raft(None, &raft_input(&h, "A-1", 100)).unwrap().id;
    // Four photos, each downscaled with its original kept.
    let stage = |r: &mut Replica, seed: u8| {
        let mut img = image::RgbImage::new(640, 480);
        img.pixels_mut()
            .for_each(|p| *p = image::Rgb([seed, 90, 160]));
        let mut bytes = std::io::Cursor::new(Vec::new());
        img.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
        r.stage_photo(&bytes.into_inner())
            .unwrap()
            .sha256
            .to_string()
    };
    let (saved, drafted, abandoned, recent) = (
        stage(&mut r, 1),
        stage(&mut r, 60),
        stage(&mut r, 120),
        stage(&mut r, 200),
    );
    r.log_float_replacement(&tidemark_domain::input::FloatReplacementInput {
        photos: vec![PhotoAttachment {
            sha256: saved.clone(),
            moment: PhotoMoment::After,
        }],
        ..replacement(&raft, 5, 5)
    })
    .unwrap();
    r.store()
        .save_draft(
            &format!("float_replacement:{raft}"),
            &serde_json::json!({"photos": [{"sha256": drafted, "moment": "before"}]}),
        )
        .unwrap();
    // All but the last were staged long before the week a form may wait.
    rusqlite::Connection::open(dir.path().join(tidemark_device::store::DB_FILE))
        .unwrap()
        .execute(
            "UPDATE photos SET staged_at = '2000-01-01T00:00:00.000Z' WHERE sha256 != ?1",
            [&recent],
        )
        .unwrap();
    let files = |sha: &str| -> Vec<PathBuf> {
        let photos = dir.path().join("photos");
        let mut found: Vec<PathBuf> = std::fs::read_dir(photos.join("thumbs"))
            .unwrap()
            .chain(std::fs::read_dir(&photos).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(sha))
            .collect();
        found.sort();
        found
    };
    let abandoned_original = r.staged_photo(&abandoned).unwrap().unwrap().original_bytes;
    assert!(
        abandoned_original.is_some(),
        "the original is kept until upload"
    );
    let originals_before = std::fs::read_dir(dir.path().join("photos/originals"))
        .unwrap()
        .count();
    assert_eq!(files(&abandoned).len(), 2, "upload copy and thumbnail");

    assert_eq!(r.sweep_abandoned_photos().unwrap(), 1);

    assert_eq!(r.staged_photo(&abandoned).unwrap(), None);
    assert!(files(&abandoned).is_empty());
    assert_eq!(
        std::fs::read_dir(dir.path().join("photos/originals"))
            .unwrap()
            .count(),
        originals_before - 1
    );
    for kept in [&saved, &drafted, &recent] {
        assert!(r.staged_photo(kept).unwrap().is_some(), "{kept}");
        assert_eq!(files(kept).len(), 2, "{kept}");
    }
    // A second sweep finds nothing more.
    assert_eq!(r.sweep_abandoned_photos().unwrap(), 0);
}

//! The replica's behaviour through its public operations, on real SQLite.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use tidemark_device::{DeviceError, Replica};
use tidemark_domain::entities::RaftStatus;
use tidemark_domain::events::{RaftEvent, RelocationState};
use tidemark_domain::input::{PositionInput, RelocationInput};
use tidemark_domain::sync::{EntityKind, MutationOp};

#[test]
fn every_save_appends_exactly_one_outbox_mutation_in_sequence() {
    let (mut r, h, raft) = replica_with_raft();
    r.log_float_replacement(&replacement(&raft, 100, 80))
        .unwrap();
    let saved = r
        .log_float_replacement(&replacement(&raft, 50, 50))
        .unwrap();
    assert_eq!(saved.pending_sync, 4);
    let outbox = r.store().outbox(0, 100).unwrap();
    let seqs: Vec<u64> = outbox.iter().map(|e| e.mutation.device_seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert_eq!(outbox[0].mutation.entity, EntityKind::Household);
    assert_eq!(outbox[0].mutation.entity_id.to_string(), h);
    assert_eq!(outbox[1].mutation.entity, EntityKind::Raft);
    assert!(matches!(outbox[2].mutation.op, MutationOp::Append { .. }));
    // Stamps only grow.
    assert!(outbox
        .windows(2)
        .all(|w| w[0].mutation.hlc < w[1].mutation.hlc));
}

#[test]
fn an_edit_sends_only_the_fields_that_changed_and_a_no_op_edit_sends_nothing() {
    let (mut r, h, _) = replica_with_raft();
    let mut input = household_input("Trần Văn Thử", "QY-HA-AN");
    input.village = "Khu 7".into();
    r.save_household(Some(&h), &input).unwrap();
    let saved = r.save_household(Some(&h), &input).unwrap();
    assert_eq!(
        saved.pending_sync, 3,
        "the repeated edit must not add a mutation"
    );
    let last = r.store().outbox(2, 10).unwrap().remove(0).mutation;
    let MutationOp::Upsert { fields } = last.op else {
        panic!("expected an upsert")
    };
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["village"]);
    assert_eq!(fields["village"], "Khu 7");
}

#[test]
fn float_replacements_from_the_ledger_add_up() {
    let (mut r, _, raft) = replica_with_raft();
    r.log_float_replacement(&replacement(&raft, 100, 80))
        .unwrap();
    r.log_float_replacement(&replacement(&raft, 120, 90))
        .unwrap();
    let d = r.raft_detail(&raft).unwrap();
    assert_eq!(
        (d.floats.styrofoam, d.floats.hdpe, d.floats.overdrawn),
        (80, 170, false)
    );
    assert_eq!(d.history.len(), 2);
}

#[test]
fn validation_errors_name_every_bad_field_with_both_languages() {
    let mut r = Replica::open_in_memory().unwrap();
    let mut input = household_input("X", "NOWHERE");
    input.cccd = "12345".into();
    let err = r.save_household(None, &input).unwrap_err();
    let DeviceError::Validation(v) = &err else {
        panic!("{err:?}")
    };
    let fields: Vec<_> =
        v.0.iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
    assert_eq!(
        fields,
        [
            ("full_name", "name.length"),
            ("cccd", "cccd.length"),
            ("admin_unit_code", "admin_unit.unknown")
        ]
    );
    assert_eq!(err.code(), "validation");
    assert_eq!(
        r.store().pending_sync().unwrap(),
        0,
        "a rejected save writes nothing"
    );
}

#[test]
fn search_ignores_case_and_diacritics() {
    let mut r = Replica::open_in_memory().unwrap();
    r.save_household(None, &household_input("Lê Thị Hoa", "QY-HOANG-TAN-2011"))
        .unwrap();
    r.save_household(None, &household_input("Phạm Văn Đức", "QY-DONG-MAI"))
        .unwrap();
    let names = |q: &str| {
        r.search_households(q)
            .unwrap()
            .into_iter()
            .map(|h| h.full_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("hoang tan"), ["Lê Thị Hoa"]);
    // Hoàng Tân is part of Hà An since 1/7/2025: the ward's name finds it
    // ("ha" is nowhere else in her name, village or commune).
    assert_eq!(names("le ha an"), ["Lê Thị Hoa"]);
    assert_eq!(names("DUC"), ["Phạm Văn Đức"]);
    assert_eq!(names("dong mai pham"), ["Phạm Văn Đức"]);
    assert_eq!(names("").len(), 2);
    // LIKE wildcards typed by a person are plain characters.
    assert!(names("%").is_empty());
    assert!(names("_").is_empty());
}

#[test]
fn a_household_with_rafts_cannot_be_deleted_and_a_deleted_raft_is_a_tombstone() {
    let (mut r, h, raft) = replica_with_raft();
    assert_eq!(
        r.delete_household(&h).unwrap_err().code(),
        "household.has_rafts"
    );
    r.delete_raft(&raft).unwrap();
    assert_eq!(r.raft(&raft).unwrap_err().code(), "not_found");
    r.delete_household(&h).unwrap();
    let last = r.store().outbox(0, 100).unwrap().pop().unwrap().mutation;
    assert_eq!(last.op, MutationOp::Tombstone);
    let rows: i64 = r.store().outbox(0, 100).unwrap().len() as i64;
    assert_eq!(rows, 4);
}

#[test]
fn a_completed_relocation_moves_the_raft_and_changes_its_status() {
    let (mut r, _, raft) = replica_with_raft();
    let input = RelocationInput {
        raft_id: raft.clone(),
        date: chrono::Local::now().format("%d/%m/%Y").to_string(),
        state: RelocationState::Completed,
        from: PositionInput::default(),
        to: PositionInput {
            lat: "20.95".into(),
            lon: "106.85".into(),
            accuracy_m: "4".into(),
            ..Default::default()
        },
        target_zone: "Vùng nuôi số 2".into(),
        deadline: String::new(),
        note: String::new(),
        photos: Vec::new(),
    };
    r.log_relocation(&input).unwrap();
    let d = r.raft_detail(&raft).unwrap();
    assert_eq!(d.raft.status, RaftStatus::Relocated);
    assert_eq!(d.raft.position.unwrap().lat, 20.95);
    let RaftEvent::Relocation(rel) = &d.history[0] else {
        panic!()
    };
    let distance = rel.distance_m.unwrap();
    assert!((distance - 2224.0).abs() < 5.0, "{distance}");
    // The event and the raft edit both reached the outbox.
    let kinds: Vec<_> = r
        .store()
        .outbox(2, 10)
        .unwrap()
        .iter()
        .map(|e| e.mutation.entity)
        .collect();
    assert_eq!(kinds, [EntityKind::Relocation, EntityKind::Raft]);
}

#[test]
fn ward_progress_rolls_old_units_up_into_current_wards() {
    let mut r = Replica::open_in_memory().unwrap();
    // Hoàng Tân (pre-2025) was merged into Hà An.
    let old = r
        .save_household(None, &household_input("Lê Thị Hoa", "QY-HOANG-TAN-2011"))
        .unwrap()
        .id;
    let new = r
        .save_household(None, &household_input("Vũ Văn Nam", "QY-HA-AN"))
        .unwrap()
        .id;
    let a = r.save_raft(None, &raft_input(&old, "A", 100)).unwrap().id;
    r.save_raft(None, &raft_input(&new, "B", 50)).unwrap();
    r.log_float_replacement(&replacement(&a, 100, 80)).unwrap();
    r.log_float_replacement(&replacement(&a, 50, 40)).unwrap();
    let wards = r.ward_progress().unwrap();
    assert_eq!(wards.len(), 6);
    let ha_an = wards.iter().find(|w| w.ward_code == "QY-HA-AN").unwrap();
    assert_eq!((ha_an.households, ha_an.rafts), (2, 2));
    assert_eq!(ha_an.styrofoam_initial, 150);
    // Raft A is overdrawn: it counts 0, not -50.
    assert_eq!(ha_an.styrofoam_remaining, 50);
    assert_eq!(ha_an.hdpe_installed, 120);
}

#[test]
fn the_demo_dataset_is_labelled_and_loads_once() {
    let mut r = Replica::open_in_memory().unwrap();
    let loaded = r.load_demo_data().unwrap();
    assert!(loaded.households >= 12 && loaded.rafts >= loaded.households);
    assert!(r.app_info().unwrap().demo_loaded);
    assert!(r
        .search_households("")
        .unwrap()
        .iter()
        .all(|h| h.demo && h.full_name.contains("Mẫu")));
    assert_eq!(r.load_demo_data().unwrap().households, 0);
}

#[test]
fn an_edit_that_resends_the_same_position_keeps_its_source() {
    use tidemark_domain::values::PositionSource;
    let (mut r, raft) = replica_with_demo_raft();
    let stored = r.raft(&raft).unwrap();
    assert_eq!(stored.position.unwrap().source, PositionSource::Device);
    // What an edit form sends back: the same figures, as typed text.
    let mut input = tidemark_domain::input::RaftInput::from(&stored);
    input.cell_count = "30".into();
    r.save_raft(Some(&raft), &input).unwrap();
    let after = r.raft(&raft).unwrap();
    assert_eq!(after.position, stored.position);
    assert_eq!(after.cell_count.get(), 30);
    // A changed position is the inspector's: manual.
    input.position.lat = "20.95".into();
    r.save_raft(Some(&raft), &input).unwrap();
    assert_eq!(
        r.raft(&raft).unwrap().position.unwrap().source,
        PositionSource::Manual
    );
}

#[test]
fn demo_records_their_edits_events_and_photos_stay_on_this_device() {
    use tidemark_device::store::PhotoUploadState;
    use tidemark_domain::input::{HouseholdInput, PhotoAttachment, RaftInput};
    use tidemark_domain::photo::PhotoMoment;
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    let real = r
        .save_household(None, &household_input("Lê Văn Thật", "QY-HA-AN"))
        .unwrap()
        .id;
    r.load_demo_data().unwrap();
    assert_eq!(
        r.store().pending_sync().unwrap(),
        1,
        "only the real household"
    );

    // A trainee practises every form on the demo records.
    let demo = first_demo_household(&r);
    let demo_id = demo.id.to_string();
    let mut edited = HouseholdInput::from(&r.household(&demo_id).unwrap());
    edited.village = "Khu 9".into();
    r.save_household(Some(&demo_id), &edited).unwrap();
    let raft = r.household_detail(&demo_id).unwrap().rafts.remove(0);
    let raft_id = raft.id.to_string();
    let mut raft_edit = RaftInput::from(&r.raft(&raft_id).unwrap());
    raft_edit.cell_count = "31".into();
    r.save_raft(Some(&raft_id), &raft_edit).unwrap();
    let new_raft = r
        .save_raft(None, &raft_input(&demo_id, "TẬP-1", 50))
        .unwrap()
        .id;
    let photo = r.stage_photo(&noise_jpeg()).unwrap();
    let mut replaced = replacement(&raft_id, 5, 5);
    replaced.photos = vec![PhotoAttachment {
        sha256: photo.sha256.to_string(),
        moment: PhotoMoment::After,
    }];
    let event = r.log_float_replacement(&replaced).unwrap().id;
    r.log_float_replacement(&replacement(&new_raft, 1, 1))
        .unwrap();
    r.delete_raft(&new_raft).unwrap();
    assert_eq!(
        r.store().pending_sync().unwrap(),
        1,
        "still only the real one"
    );
    assert!(r.store().photos_to_upload().unwrap().is_empty());
    assert_eq!(
        r.photo_statuses(&event).unwrap()[0].state,
        Some(PhotoUploadState::Staged),
        "on this device, not waiting for a server"
    );
    assert_eq!(
        r.raft(&raft_id).unwrap().cell_count.get(),
        31,
        "the edit is saved"
    );

    // Real records go on numbering without a gap.
    let real_raft = r
        .save_raft(None, &raft_input(&real, "THẬT-1", 80))
        .unwrap()
        .id;
    r.log_float_replacement(&replacement(&real_raft, 2, 2))
        .unwrap();
    let outbox = r.store().outbox(0, 100).unwrap();
    assert_eq!(
        outbox.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        outbox.iter().map(|e| e.mutation.entity).collect::<Vec<_>>(),
        vec![
            EntityKind::Household,
            EntityKind::Raft,
            EntityKind::FloatReplacement
        ]
    );
}

/// A small JPEG of noise (a photo's bytes, for staging).
fn noise_jpeg() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .unwrap();
    jpeg
}

#[test]
fn removing_the_demo_takes_its_records_events_and_photos_and_leaves_real_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Replica::open(dir.path()).unwrap();
    let loaded = r.load_demo_data().unwrap();
    let real = r
        .save_household(None, &household_input("Lê Văn Thật", "QY-HA-AN"))
        .unwrap()
        .id;
    let real_raft = r
        .save_raft(None, &raft_input(&real, "THẬT-1", 80))
        .unwrap()
        .id;
    r.log_float_replacement(&replacement(&real_raft, 2, 2))
        .unwrap();
    // Practice on a demo raft, with a photo.
    let demo = first_demo_household(&r);
    let demo_raft = r
        .household_detail(&demo.id.to_string())
        .unwrap()
        .rafts
        .remove(0)
        .id
        .to_string();
    let photo = r.stage_photo(&noise_jpeg()).unwrap();
    let mut practice = replacement(&demo_raft, 1, 1);
    practice.photos = vec![tidemark_domain::input::PhotoAttachment {
        sha256: photo.sha256.to_string(),
        moment: tidemark_domain::photo::PhotoMoment::After,
    }];
    r.log_float_replacement(&practice).unwrap();
    let pending = r.store().pending_sync().unwrap();

    let removed = r.remove_demo_data().unwrap();
    assert_eq!(
        (
            removed.households,
            removed.rafts,
            removed.events,
            removed.photos
        ),
        (loaded.households, loaded.rafts, loaded.events + 1, 1)
    );
    assert!(!r.app_info().unwrap().demo_loaded);
    let left = r.search_households("").unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].full_name, "Lê Văn Thật");
    assert_eq!(r.raft_detail(&real_raft).unwrap().history.len(), 1);
    assert_eq!(
        r.store().pending_sync().unwrap(),
        pending,
        "the outbox untouched"
    );
    assert!(!dir
        .path()
        .join(format!("photos/{}.jpg", photo.sha256))
        .exists());
    assert!(r.store().integrity_check().unwrap() == "ok");
    // Nothing left to remove the second time.
    assert_eq!(r.remove_demo_data().unwrap().households, 0);
}

/// A household of the loaded demo dataset.
fn first_demo_household(r: &Replica) -> tidemark_device::dto::HouseholdSummary {
    r.search_households("")
        .unwrap()
        .into_iter()
        .find(|h| h.demo)
        .unwrap()
}

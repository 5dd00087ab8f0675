//! Form drafts: kept across a restart, replaced in place, removed on
//! request, never in the outbox; bad keys and bodies refused with a code.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use tidemark_device::store::MAX_DRAFT_BYTES;
use tidemark_device::{DeviceError, Replica};

fn code(e: DeviceError) -> String {
    match e {
        DeviceError::Validation(v) => v.0[0].code.clone(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_draft_survives_a_restart_is_replaced_in_place_and_can_be_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let key = "float_replacement:0193b000-0000-7000-8000-000000000001";
    {
        let r = Replica::open(dir.path()).unwrap();
        assert_eq!(r.store().draft(key).unwrap(), None);
        r.store()
            .save_draft(key, &json!({"styrofoam_removed": "12"}))
            .unwrap();
        r.store()
            .save_draft(
                key,
                &json!({"styrofoam_removed": "120", "note": "Gió mạnh"}),
            )
            .unwrap();
        // A draft is not a record: nothing waits to sync.
        assert_eq!(r.store().pending_sync().unwrap(), 0);
    }
    // The window closed, the battery died: the draft is still there.
    let r = Replica::open(dir.path()).unwrap();
    let draft = r.store().draft(key).unwrap().unwrap();
    assert_eq!(
        draft.body,
        json!({"styrofoam_removed": "120", "note": "Gió mạnh"})
    );
    assert!(draft.saved_at.ends_with('Z'), "{}", draft.saved_at);
    // Another form's draft is its own.
    assert_eq!(r.store().draft("household:new").unwrap(), None);
    r.store().discard_draft(key).unwrap();
    assert_eq!(r.store().draft(key).unwrap(), None);
    // Discarding what is not there is fine.
    r.store().discard_draft(key).unwrap();
}

#[test]
fn bad_keys_and_bodies_are_refused_with_a_code_and_nothing_is_kept() {
    let r = Replica::open_in_memory().unwrap();
    for bad in [
        "",
        "household:new; DROP TABLE drafts",
        "hộ:mới",
        &"k".repeat(161),
    ] {
        assert_eq!(
            code(r.store().save_draft(bad, &json!({})).unwrap_err()),
            "draft.key",
            "{bad:?}"
        );
        assert_eq!(code(r.store().draft(bad).unwrap_err()), "draft.key");
    }
    assert_eq!(
        code(
            r.store()
                .save_draft("household:new", &json!(["a"]))
                .unwrap_err()
        ),
        "draft.not_object"
    );
    let huge = json!({"note": "x".repeat(MAX_DRAFT_BYTES)});
    assert_eq!(
        code(r.store().save_draft("household:new", &huge).unwrap_err()),
        "draft.too_large"
    );
    assert_eq!(r.store().draft("household:new").unwrap(), None);
}

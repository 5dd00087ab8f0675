//! CSV import (all or nothing, or valid rows only) and CSV/JSON export.
#![allow(clippy::unwrap_used)]

use tidemark_device::export;
use tidemark_device::import::{import_csv, ImportOptions};
use tidemark_device::Replica;

const VIETNAMESE_CSV: &str = "Họ và tên,Số CCCD,Số điện thoại,Thôn/khu,Phường/xã,Số hiệu lồng bè,Loại lồng bè,Số ô lồng,Đối tượng nuôi,Vĩ độ,Kinh độ,Phao xốp,Phao nhựa HDPE,Trạng thái
Lê Văn Một,022186000001,0912345678,Khu 1,Hà An,HA-1,bè tre,10,hàu cửa sông,20.91,106.84,200,0,trong vùng nuôi
Lê Văn Một,022186000001,0912345678,Khu 1,Hà An,HA-2,dây treo,6,ngao,\"20,92\",\"106,85\",150,10,phải di dời
Đỗ Thị Hai,,,Thôn Hoàng Tân,Hoàng Tân,,,,,,,,,
";

fn import(r: &mut Replica, csv: &str, skip_invalid: bool) -> tidemark_device::import::ImportReport {
    import_csv(
        r.store_mut(),
        csv.as_bytes(),
        ImportOptions { skip_invalid },
        &mut |_| {},
    )
    .unwrap()
}

#[test]
fn vietnamese_headers_and_values_import_and_match_households_by_cccd() {
    let mut r = Replica::open_in_memory().unwrap();
    let report = import(&mut r, VIETNAMESE_CSV, false);
    assert!(report.committed, "{:?}", report.errors);
    assert_eq!(
        (
            report.rows,
            report.households_created,
            report.households_matched,
            report.rafts_created
        ),
        (3, 2, 1, 2)
    );
    let one = r.search_households("le van mot").unwrap();
    assert_eq!(one[0].raft_count, 2);
    // "Hoàng Tân" exists only as a pre-2025 commune: the row keeps it.
    let two = &r.search_households("do thi hai").unwrap()[0];
    assert_eq!(two.admin_unit_code, "QY-HOANG-TAN-2011");
    // Importing the same file again adds nothing: households match by CCCD
    // (or by name, village and ward without one), rafts by household and tag.
    let outbox_before = r.store().pending_sync().unwrap();
    let again = import(&mut r, VIETNAMESE_CSV, false);
    assert!(again.committed);
    assert_eq!(
        (
            again.households_created,
            again.households_matched,
            again.rafts_created,
            again.rafts_matched
        ),
        (0, 3, 0, 2)
    );
    assert_eq!(r.search_households("").unwrap().len(), 2);
    assert_eq!(r.search_households("le van mot").unwrap()[0].raft_count, 2);
    assert_eq!(r.store().pending_sync().unwrap(), outbox_before);
}

#[test]
fn one_bad_row_and_nothing_is_imported_with_the_line_numbers_reported() {
    let mut r = Replica::open_in_memory().unwrap();
    let csv = "household_name,cccd,village,ward,raft_tag,styrofoam,lat,lon\n\
               Lê Văn Một,022186000001,Khu 1,Hà An,A1,100,20.9,106.8\n\
               Lê Văn Hai,12345,Khu 1,Hà An,A2,-5,20.9,106.8\n\
               Lê Văn Ba,,Khu 1,Nowhere,A3,10,48.8,2.3\n";
    let report = import(&mut r, csv, false);
    assert!(!report.committed);
    let errors: Vec<_> = report
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (3, "cccd", "cccd.length"),
            (3, "initial_floats.styrofoam", "count.negative"),
            (4, "admin_unit_code", "admin_unit.unknown"),
            (4, "position", "position.outside_vietnam"),
        ]
    );
    assert!(
        r.search_households("").unwrap().is_empty(),
        "all or nothing"
    );
    assert_eq!(r.store().pending_sync().unwrap(), 0);

    let report = import(&mut r, csv, true);
    assert!(report.committed);
    assert_eq!(report.rafts_created, 1);
    assert_eq!(r.search_households("").unwrap().len(), 1);
}

/// 1,500 rows: several of the batches the parser hands the writer. Row
/// 1,200 (line 1,201) has a negative count and line 1,351 is not UTF-8.
fn long_file_with_two_bad_lines() -> Vec<u8> {
    let mut csv = b"household_name,cccd,village,ward,raft_tag,styrofoam\n".to_vec();
    for i in 0..1_500u64 {
        let line = i + 2;
        let count = if line == 1_201 {
            "-1".to_owned()
        } else {
            (100 + i).to_string()
        };
        if line == 1_351 {
            csv.extend_from_slice(b"L\xea V\xe3n,,Khu 1,H\xe0 An,X,1\n");
            continue;
        }
        csv.extend_from_slice(
            format!(
                "Lê Văn Một,{:012},Khu 1,Hà An,R-{i},{count}\n",
                22_000_000_000u64 + i / 3
            )
            .as_bytes(),
        );
    }
    csv
}

#[test]
fn errors_keep_their_line_numbers_across_a_long_file_and_progress_reaches_its_end() {
    let csv = long_file_with_two_bad_lines();
    let run = |skip_invalid: bool| {
        let mut r = Replica::open_in_memory().unwrap();
        let mut read = Vec::new();
        let report = import_csv(
            r.store_mut(),
            csv.as_slice(),
            ImportOptions { skip_invalid },
            &mut |bytes| read.push(bytes),
        )
        .unwrap();
        (r, report, read)
    };

    // All or nothing: reading stops at the unreadable line, nothing is kept.
    let (r, report, _) = run(false);
    assert!(!report.committed);
    let errors: Vec<_> = report
        .errors
        .iter()
        .map(|e| (e.line, e.code.as_str()))
        .collect();
    assert_eq!(errors, [(1_201, "count.negative"), (1_351, "csv.format")]);
    assert_eq!(report.rows, 1_349, "the rows before the unreadable line");
    assert!(r.search_households("").unwrap().is_empty());
    assert_eq!(r.store().pending_sync().unwrap(), 0);

    // Valid rows only: every other row is imported, progress never goes
    // back and ends at the last byte.
    let (r, report, read) = run(true);
    assert!(report.committed);
    assert_eq!(report.rafts_created, 1_498);
    assert_eq!(report.households_created, 500);
    assert_eq!(
        report.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        [1_201, 1_351]
    );
    assert_eq!(export::rafts(r.store()).unwrap().len(), 1_498);
    assert!(read.len() >= 3, "progress came in steps: {read:?}");
    assert!(read.windows(2).all(|w| w[0] <= w[1]), "{read:?}");
    assert_eq!(*read.last().unwrap(), csv.len() as u64);
}

#[test]
fn an_unknown_or_missing_column_is_refused_before_reading_rows() {
    let mut r = Replica::open_in_memory().unwrap();
    let report = import(&mut r, "household_name,colour\nA B,red\n", false);
    assert_eq!(report.errors[0].code, "import.unknown_column");
    let report = import(&mut r, "village\nKhu 1\n", false);
    assert_eq!(report.errors[0].code, "import.missing_column");
}

#[test]
fn csv_export_reimports_into_an_identical_replica() {
    let mut a = Replica::open_in_memory().unwrap();
    a.load_demo_data().unwrap();
    let mut csv = Vec::new();
    export::write_csv(a.store(), &mut csv).unwrap();
    let mut b = Replica::open_in_memory().unwrap();
    let report = import(&mut b, std::str::from_utf8(&csv).unwrap(), false);
    assert!(report.committed, "{:?}", report.errors);
    let summary = |r: &Replica| {
        let mut v: Vec<_> = r
            .search_households("")
            .unwrap()
            .into_iter()
            .map(|h| (h.full_name, h.admin_unit_code, h.raft_count, h.demo))
            .collect();
        v.sort();
        v
    };
    assert_eq!(summary(&a), summary(&b));
    // Demo stays demo: nothing waits to sync on either side.
    assert!(summary(&b).iter().all(|h| h.3));
    assert_eq!(b.store().pending_sync().unwrap(), 0);
    let rafts = |r: &Replica| {
        let mut v: Vec<_> = export::rafts(r.store())
            .unwrap()
            .into_iter()
            .map(|x| {
                (
                    x.local_tag,
                    x.initial_floats,
                    x.status,
                    x.position.map(|p| (p.lat, p.lon)),
                )
            })
            .collect();
        v.sort_by(|x, y| x.0.cmp(&y.0));
        v
    };
    assert_eq!(rafts(&a), rafts(&b));
}

#[test]
fn json_export_holds_every_record_and_event() {
    let mut r = Replica::open_in_memory().unwrap();
    let loaded = r.load_demo_data().unwrap();
    let mut out = Vec::new();
    export::write_json(r.store(), &mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["format"], "tidemark-export");
    assert_eq!(
        doc["households"].as_array().unwrap().len() as u32,
        loaded.households
    );
    assert_eq!(doc["rafts"].as_array().unwrap().len() as u32, loaded.rafts);
    assert_eq!(
        doc["events"].as_array().unwrap().len() as u32,
        loaded.events
    );
    assert_eq!(doc["admin_units"].as_array().unwrap().len(), 25);
}

#[test]
fn an_import_never_attaches_real_rafts_to_a_demo_household() {
    let mut r = Replica::open_in_memory().unwrap();
    r.load_demo_data().unwrap();
    let demo = r.search_households("").unwrap().remove(0);
    assert!(demo.demo);
    let csv = format!(
        "household_name,village,ward,raft_tag,styrofoam\n{},{},{},THẬT-1,40\n",
        demo.full_name, demo.village, demo.admin_unit_name
    );
    let report = import(&mut r, &csv, false);
    assert!(report.committed, "{:?}", report.errors);
    assert_eq!(
        (report.households_created, report.households_matched),
        (1, 0)
    );
    let same_name: Vec<_> = r
        .search_households(&demo.full_name)
        .unwrap()
        .into_iter()
        .filter(|h| h.full_name == demo.full_name && h.village == demo.village)
        .collect();
    assert_eq!(same_name.len(), 2);
    let real = same_name.iter().find(|h| !h.demo).unwrap();
    assert_eq!(real.raft_count, 1);
    // The new household and its raft wait to sync; the demo one never does.
    assert_eq!(r.store().pending_sync().unwrap(), 2);
}

#[test]
fn the_demo_column_takes_yes_or_no_and_says_which_line_is_wrong() {
    let mut r = Replica::open_in_memory().unwrap();
    let report = import(
        &mut r,
        "household_name,village,ward,demo\nLê Mẫu Một,Khu 1,Hà An,có\nLê Văn Hai,Khu 1,Hà An,0\nLê Văn Ba,Khu 1,Hà An,maybe\n",
        true,
    );
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].line, report.errors[0].code.as_str()),
        (4, "import.demo")
    );
    let households = r.search_households("le").unwrap();
    let demo_flags: Vec<(String, bool)> = households
        .into_iter()
        .map(|h| (h.full_name, h.demo))
        .collect();
    assert!(demo_flags.contains(&("Lê Mẫu Một".into(), true)));
    assert!(demo_flags.contains(&("Lê Văn Hai".into(), false)));
    assert_eq!(r.store().pending_sync().unwrap(), 1, "only the real one");
}

#[test]
fn a_cccd_under_another_name_is_refused_with_whose_it_is() {
    let mut r = Replica::open_in_memory().unwrap();
    let first = "household_name,cccd,village,ward,raft_tag,styrofoam
Lê Văn Một,022186000001,Khu 1,Hà An,HA-1,100
";
    assert!(import(&mut r, first, false).committed);
    // The same person with the name typed without accents matches; a typo
    // in a CCCD that makes it someone else's does not.
    let second = "household_name,cccd,village,ward,raft_tag,styrofoam
le van mot,022186000001,Khu 1,Hà An,HA-2,80
Đỗ Thị Hai,022186000001,Khu 2,Hà An,HA-3,60
";
    let report = import(&mut r, second, false);
    assert!(!report.committed);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert_eq!(
        (e.line, e.field.as_str(), e.code.as_str()),
        (3, "cccd", "import.cccd_other_name")
    );
    assert!(e.message.vi.contains("«Lê Văn Một»") && e.message.vi.contains("«Đỗ Thị Hai»"));
    // The CCCD is shown masked, as everywhere else.
    assert!(!e.message.vi.contains("022186000001"), "{}", e.message.vi);
    assert_eq!(r.search_households("").unwrap().len(), 1);

    // Valid rows only: the matching row goes, the other is reported.
    let report = import(&mut r, second, true);
    assert!(report.committed);
    assert_eq!((report.households_matched, report.rafts_created), (1, 1));
    assert_eq!(report.errors[0].code, "import.cccd_other_name");
    let households = r.search_households("").unwrap();
    assert_eq!(households.len(), 1);
    assert_eq!(households[0].raft_count, 2);

    // Within one file, too: the second row's CCCD was first given to another.
    let mut fresh = Replica::open_in_memory().unwrap();
    let report = import(
        &mut fresh,
        "household_name,cccd,village,ward,raft_tag,styrofoam
Phạm Văn Ba,022186000009,Khu 1,Hà An,B-1,10
Phạm Văn Bốn,022186000009,Khu 1,Hà An,B-2,10
",
        false,
    );
    assert_eq!(
        (report.errors[0].line, report.errors[0].code.as_str()),
        (3, "import.cccd_other_name")
    );
}

#[test]
fn a_cccd_registered_twice_matches_the_household_of_the_same_name() {
    let mut r = Replica::open_in_memory().unwrap();
    // Two households sharing one CCCD (registered by hand; nothing forbids it).
    for name in ["Lê Văn Một", "Lê Thị Hai"] {
        let mut input = tidemark_domain::input::HouseholdInput {
            full_name: name.into(),
            cccd: "022186000001".into(),
            village: "Khu 1".into(),
            admin_unit_code: "QY-HA-AN".into(),
            ..Default::default()
        };
        input.phone = String::new();
        r.save_household(None, &input).unwrap();
    }
    let report = import(
        &mut r,
        "household_name,cccd,village,ward,raft_tag,styrofoam
Lê Thị Hai,022186000001,Khu 1,Hà An,H-1,10
Lê Văn Một,022186000001,Khu 1,Hà An,M-1,10
",
        false,
    );
    assert!(report.committed, "{:?}", report.errors);
    assert_eq!((report.households_matched, report.rafts_created), (2, 2));
    for name in ["le thi hai", "le van mot"] {
        assert_eq!(
            r.search_households(name).unwrap()[0].raft_count,
            1,
            "{name}"
        );
    }
}

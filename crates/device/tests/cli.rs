//! The real `tidemark` binary, as a technician or a script uses it.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn tidemark(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidemark"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("TIDEMARK_LANG")
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = tidemark(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).unwrap()
}

#[test]
fn register_a_household_and_raft_log_events_and_read_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(ok(d, &["init", "--inspector", "Cán Bộ Thử"]).contains("Mã thiết bị"));
    let h = ok(
        d,
        &[
            "household",
            "add",
            "--name",
            "Hoàng Văn Biển",
            "--cccd",
            "022186001234",
            "--phone",
            "+84 912 345 678",
            "--village",
            "Khu 3",
            "--ward",
            "Hà An",
        ],
    );
    let raft = ok(
        d,
        &[
            "raft",
            "add",
            "--household",
            &h,
            "--tag",
            "HA-03",
            "--kind",
            "bè tre",
            "--cells",
            "16",
            "--lat",
            "20,91",
            "--lon",
            "106,84",
            "--styrofoam",
            "420",
        ],
    );
    ok(
        d,
        &[
            "replace-floats",
            "--raft",
            &raft,
            "--removed",
            "200",
            "--installed",
            "180",
            "--supplier",
            "Công ty Phao Thử",
        ],
    );
    ok(
        d,
        &[
            "relocate",
            "--raft",
            &raft,
            "--state",
            "ordered",
            "--target-zone",
            "Vùng nuôi số 3",
            "--deadline",
            "31/12/2027",
        ],
    );
    ok(
        d,
        &[
            "inspect",
            "--raft",
            &raft,
            "--number",
            "12/BB-KT",
            "--inspector",
            "Cán Bộ Thử",
            "--findings",
            "Còn 220 phao xốp",
            "--violation",
            "NĐ 38/2024/NĐ-CP, Điều 17|Nuôi ngoài vùng|2.000.000",
        ],
    );

    let list = json(
        d,
        &["household", "list", "--search", "hoang bien", "--json"],
    );
    assert_eq!(list[0]["full_name"], "Hoàng Văn Biển");
    assert_eq!(
        list[0]["cccd_masked"], "••••••••1234",
        "lists never show a whole CCCD"
    );
    assert_eq!(list[0]["raft_count"], 1);

    let page = json(d, &["raft", "show", &raft, "--json"]);
    assert_eq!(page["floats"]["styrofoam"], 220);
    assert_eq!(page["floats"]["hdpe"], 180);
    assert_eq!(page["raft"]["status"], "must_relocate");
    assert_eq!(page["raft"]["meta"]["created_by"], "Cán Bộ Thử");
    let kinds: Vec<&str> = page["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3);
    assert!(
        kinds.contains(&"inspection")
            && kinds.contains(&"relocation")
            && kinds.contains(&"float_replacement")
    );
    assert_eq!(
        page["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["type"] == "inspection")
            .unwrap()["event"]["violations"][0]["fine_vnd"],
        2_000_000
    );

    let status = json(d, &["status", "--json"]);
    assert_eq!(status["pending_sync"], 6);
    let text = ok(d, &["raft", "history", &raft]);
    assert!(
        text.contains("Thay phao") && text.contains("Biên bản kiểm tra"),
        "{text}"
    );
    // Materials, steps and statuses in words, not Rust's names for them.
    assert!(
        text.contains("phao nhựa HDPE") && text.contains("Có lệnh di dời"),
        "{text}"
    );
    assert!(
        !text.contains("Hdpe") && !text.contains("Ordered"),
        "{text}"
    );
    let shown = ok(d, &["raft", "show", &raft]);
    assert!(
        shown.contains("Phải di dời") && !shown.contains("MustRelocate"),
        "{shown}"
    );
    let listed = ok(d, &["raft", "list", "--household", &h]);
    assert!(listed.contains("Phải di dời"), "{listed}");

    // A replacement logged by mistake is voided: still in the history,
    // marked, and out of the floats. Its id is on its history line.
    let wrong = ok(
        d,
        &[
            "replace-floats",
            "--raft",
            &raft,
            "--removed",
            "20",
            "--installed",
            "20",
        ],
    );
    let wrong = wrong.trim();
    assert!(ok(d, &["raft", "history", &raft]).contains(wrong));
    let refused = tidemark(d, &["void", wrong, "--reason", " "]);
    assert_eq!(refused.status.code(), Some(2));
    ok(d, &["void", wrong, "--reason", "Ghi nhầm bè"]);
    let text = ok(d, &["raft", "history", &raft]);
    assert!(
        text.contains("[ĐÃ HỦY]") && text.contains("Hủy ghi nhận") && text.contains("Ghi nhầm bè"),
        "{text}"
    );
    let page = json(d, &["raft", "show", &raft, "--json"]);
    assert_eq!(page["floats"]["styrofoam"], 220);
    assert_eq!(page["floats"]["hdpe"], 180);
}

#[test]
fn a_partial_edit_changes_only_the_fields_given() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = ok(
        d,
        &[
            "household",
            "add",
            "--name",
            "Hoàng Văn Biển",
            "--village",
            "Khu 3",
            "--ward",
            "QY-HA-AN",
        ],
    );
    ok(d, &["household", "edit", &h, "--phone", "0203 3875 123"]);
    let shown = json(d, &["household", "show", &h, "--json"]);
    assert_eq!(shown["household"]["phone"], "02033875123");
    assert_eq!(shown["household"]["village"], "Khu 3");
}

#[test]
fn bad_input_exits_2_with_the_reason_in_vietnamese_or_english() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = tidemark(
        d,
        &[
            "household",
            "add",
            "--name",
            "Hoàng Văn Biển",
            "--cccd",
            "123",
            "--village",
            "Khu 3",
            "--ward",
            "Hà An",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cccd: Số CCCD phải có đúng 12 chữ số") && err.contains("[cccd.length]"),
        "{err}"
    );
    let out = tidemark(
        d,
        &[
            "--lang",
            "en",
            "raft",
            "show",
            "0190f5a0-0000-7000-8000-000000000000",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("Record not found"));
    let out = tidemark(
        d,
        &["replace-floats", "--raft", "nonsense", "--removed", "5"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_reports_line_numbers_and_export_writes_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = d.join("ho-nuoi.csv");
    std::fs::write(&csv, "Họ và tên,Thôn/khu,Phường/xã,Số hiệu lồng bè,Phao xốp\nLê Văn Một,Khu 1,Hà An,A1,100\nLê Văn Hai,Khu 1,Hà An,A2,nhiều\n").unwrap();
    let out = tidemark(d, &["import", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "a rejected import is bad input");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("Dòng 3: initial_floats.styrofoam"), "{err}");
    assert!(json(d, &["household", "list", "--json"])
        .as_array()
        .unwrap()
        .is_empty());

    let report = json(
        d,
        &["import", csv.to_str().unwrap(), "--skip-invalid", "--json"],
    );
    assert_eq!(report["rafts_created"], 1);
    assert_eq!(report["errors"][0]["line"], 3);

    let out_csv = d.join("out.csv");
    ok(
        d,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            out_csv.to_str().unwrap(),
        ],
    );
    let written = std::fs::read_to_string(&out_csv).unwrap();
    assert!(written.starts_with("household_name,cccd,phone,village,ward"));
    assert!(written.contains("Lê Văn Một"));
    let doc: Value = serde_json::from_str(&ok(d, &["export", "--format", "json"])).unwrap();
    assert_eq!(doc["rafts"].as_array().unwrap().len(), 1);
}

#[test]
fn a_reader_that_stops_early_does_not_crash_the_export() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let csv = d.join("many.csv");
    let mut rows = String::from("household_name,village,ward,raft_tag,styrofoam\n");
    for i in 0..3000 {
        rows.push_str(&format!(
            "Hộ Thử Nghiệm {},Khu 1,Hà An,T-{i},100\n",
            ["An", "Bình", "Chi"][i % 3]
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    ok(d, &["import", csv.to_str().unwrap()]);
    for format in ["json", "csv"] {
        // `tidemark export | head -c 100`
        let mut child = Command::new(env!("CARGO_BIN_EXE_tidemark"))
            .arg("--data-dir")
            .arg(d)
            .args(["export", "--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{format}: {:?} {stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["household"],
        &["household", "add"],
        &["household", "edit"],
        &["household", "list"],
        &["household", "show"],
        &["household", "delete"],
        &["raft"],
        &["raft", "add"],
        &["raft", "edit"],
        &["raft", "list"],
        &["raft", "show"],
        &["raft", "history"],
        &["raft", "delete"],
        &["replace-floats"],
        &["relocate"],
        &["inspect"],
        &["void"],
        &["progress"],
        &["units"],
        &["import"],
        &["export"],
        &["demo"],
        &["status"],
        &["sync"],
        &["login"],
        &["logout"],
        &["zones"],
        &["batch"],
    ];
    for args in commands {
        let mut all = args.to_vec();
        all.push("--help");
        let out = tidemark(dir.path(), &all);
        assert!(out.status.success(), "{all:?}");
        // The help of this very command, not the top level's.
        let usage = format!("Usage: tidemark {}", args.join(" "));
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains(usage.trim_end()), "{all:?}: {help}");
    }
}

#[test]
fn batch_confirms_each_saved_operation_and_reports_bad_lines() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = ok(
        d,
        &[
            "household",
            "add",
            "--name",
            "Hoàng Văn Biển",
            "--village",
            "Khu 3",
            "--ward",
            "Hà An",
        ],
    );
    let raft = ok(
        d,
        &[
            "raft",
            "add",
            "--household",
            &h,
            "--tag",
            "B1",
            "--styrofoam",
            "50",
        ],
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidemark"))
        .arg("--data-dir")
        .arg(d)
        .arg("batch")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let line = format!(
        r#"{{"op":"log_float_replacement","input":{{"raft_id":"{raft}","date":"2026-01-02","styrofoam_removed":"5","installed":"5","installed_material":"hdpe","supplier":"","batch":"","disposal":"collected","subsidy_vnd":"","note":""}}}}"#
    );
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{line}\nnot json\n{line}").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a batch with a failed line exits 2"
    );
    let replies: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        replies
            .iter()
            .map(|r| r["ok"].as_bool().unwrap())
            .collect::<Vec<_>>(),
        [true, false, true]
    );
    assert_eq!(replies[1]["error"]["fields"][0]["code"], "batch.format");
    assert!(replies[1]["error"]["fields"][0]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("not JSON"));
    assert_eq!(
        json(d, &["raft", "show", &raft, "--json"])["floats"]["styrofoam"],
        40
    );
}

#[test]
fn photos_attach_from_files_and_the_zone_list_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(
        d,
        &["init", "--inspector", "Cán Bộ Ảnh", "--photo-max-px", "320"],
    );
    let refused = tidemark(d, &["init", "--photo-max-px", "10"]);
    assert_eq!(refused.status.code(), Some(2));
    let h = ok(
        d,
        &[
            "household",
            "add",
            "--name",
            "Lê Văn Ảnh",
            "--village",
            "Khu 1",
            "--ward",
            "Hà An",
        ],
    );
    let raft = ok(
        d,
        &[
            "raft",
            "add",
            "--household",
            &h,
            "--tag",
            "ANH-1",
            "--styrofoam",
            "50",
        ],
    );
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photos");
    let before = format!(
        "before:{}",
        fixture.join("gps_nikon_coolpix_p6000.jpg").display()
    );
    let after = format!(
        "after:{}",
        fixture.join("nogps_fujifilm_e500.jpg").display()
    );
    ok(
        d,
        &[
            "replace-floats",
            "--raft",
            &raft,
            "--removed",
            "5",
            "--installed",
            "5",
            "--photo",
            &before,
            "--photo",
            &after,
        ],
    );
    let history = json(d, &["raft", "history", &raft, "--json"]);
    let photos = &history[0]["event"]["photos"];
    assert_eq!(photos.as_array().unwrap().len(), 2, "{history}");
    assert_eq!(photos[0]["moment"], "before");
    assert_eq!(photos[0]["taken_at"], "2008:10:22 16:28:39");
    // 640×480, downscaled to the device's maximum of 320 px.
    assert_eq!(
        (photos[0]["width"].as_u64(), photos[0]["height"].as_u64()),
        (Some(320), Some(240))
    );
    assert_eq!(
        photos[1]["sha256"],
        "ffbee7b07bf267dc0fb52817f8866df647758f7d48ac93e7a73d1914fb4c74da"
    );
    let bad = tidemark(
        d,
        &[
            "replace-floats",
            "--raft",
            &raft,
            "--removed",
            "1",
            "--installed",
            "1",
            "--photo",
            "sideways:x.jpg",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("before:"));
    assert_eq!(json(d, &["zones", "--json"]), serde_json::json!([]));
}

#[test]
fn the_demo_dataset_is_marked_wherever_the_cli_shows_it_and_never_waits_to_sync() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["demo"]);
    let status = json(d, &["status", "--json"]);
    assert_eq!(status["pending_sync"], 0);
    let households = json(d, &["household", "list", "--json"]);
    let first = households[0]["id"].as_str().unwrap();
    let rafts = ok(d, &["raft", "list", "--household", first]);
    assert!(rafts.contains("[DEMO]"), "{rafts}");
    let progress = ok(d, &["progress"]);
    assert!(progress.contains("Trong đó bè mẫu"), "{progress}");
    let wards = json(d, &["progress", "--json"]);
    let sum = |field: &str| -> u64 {
        wards
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w[field].as_u64().unwrap())
            .sum()
    };
    assert!(sum("demo_rafts") > 0);
    assert_eq!(sum("demo_rafts"), sum("rafts"), "every raft here is demo");

    // Practice done: the demo goes, a real household stays.
    ok(
        d,
        &[
            "household",
            "add",
            "--name",
            "Lê Văn Thật",
            "--village",
            "Khu 1",
            "--ward",
            "QY-HA-AN",
        ],
    );
    let removed = ok(d, &["demo", "--remove"]);
    assert!(
        removed.starts_with("Đã xóa dữ liệu mẫu: 16 hộ"),
        "{removed}"
    );
    let left = json(d, &["household", "list", "--json"]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["full_name"], "Lê Văn Thật");
    assert_eq!(json(d, &["status", "--json"])["pending_sync"], 1);
}

//! Device benchmarks, each against a raw-SQLite baseline measured in the
//! same run, printed as figures and ratios (never asserted):
//!
//! 1. Saving one float replacement through the replica (parse, event row,
//!    outbox mutation, one durable transaction): p50/p99 over 10,000 saves,
//!    against a bare INSERT of a row of the same size, each in its own
//!    transaction on the same pragmas (WAL, synchronous=FULL).
//! 2. Importing 100,000 rafts from CSV through `tidemark import`'s code,
//!    against a raw INSERT of the same rows in one transaction; and two
//!    more references: the floor of any store that keeps what the sync
//!    design needs (keyed households and rafts, a raft index, one outbox
//!    row per record), and the floor of Tidemark's own schema (the rows
//!    the import writes, by bare SQL into the tables the migrations made),
//!    both with no validation and no serialisation. Medians of five rounds,
//!    each measuring every variant back to back.
//!
//! Run: `cargo bench -p tidemark-device --bench device_bench`
//! (`-- --quick` for 1,000 saves and 10,000 rafts).
#![allow(clippy::unwrap_used)]

use rusqlite::{params, Connection};
use std::io::Write;
use std::time::{Duration, Instant};
use tidemark_device::import::{import_csv, ImportOptions};
use tidemark_device::Replica;
use tidemark_domain::events::{Disposal, InstalledMaterial};
use tidemark_domain::input::FloatReplacementInput;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn raw_connection(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn
}

fn bench_saves(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut replica = Replica::open(&dir.path().join("replica")).unwrap();
    let raft_csv =
        "household_name,village,ward,raft_tag,styrofoam\nHộ Đo Đạc,Khu 1,Hà An,B-1,100000\n";
    import_csv(
        replica.store_mut(),
        raft_csv.as_bytes(),
        ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let raft_id = tidemark_device::export::rafts(replica.store()).unwrap()[0]
        .id
        .to_string();
    let input = FloatReplacementInput {
        raft_id,
        date: chrono::Local::now().format("%d/%m/%Y").to_string(),
        styrofoam_removed: "1".into(),
        installed: "1".into(),
        installed_material: InstalledMaterial::Hdpe,
        supplier: "Công ty Phao".into(),
        batch: "LÔ-01".into(),
        disposal: Disposal::Collected,
        subsidy_vnd: "15.000".into(),
        note: String::new(),
        photos: Vec::new(),
    };
    let mut replica_times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        replica.log_float_replacement(&input).unwrap();
        replica_times.push(t.elapsed());
    }

    let raw = raw_connection(&dir.path().join("raw.sqlite"));
    raw.execute_batch("CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        .unwrap();
    let body = "x".repeat(600);
    let mut raw_times = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        let tx = raw.unchecked_transaction().unwrap();
        tx.execute(
            "INSERT INTO rows (id, body) VALUES (?1, ?2)",
            params![i.to_string(), body],
        )
        .unwrap();
        tx.commit().unwrap();
        raw_times.push(t.elapsed());
    }
    replica_times.sort();
    raw_times.sort();
    let (p50, p99) = (
        percentile(&replica_times, 0.50),
        percentile(&replica_times, 0.99),
    );
    let (b50, b99) = (percentile(&raw_times, 0.50), percentile(&raw_times, 0.99));
    println!("save one float replacement ({n} saves, durable, one transaction each)");
    println!(
        "  tidemark  p50 {:>7.3} ms   p99 {:>7.3} ms",
        ms(p50),
        ms(p99)
    );
    println!(
        "  raw insert p50 {:>7.3} ms   p99 {:>7.3} ms",
        ms(b50),
        ms(b99)
    );
    println!(
        "  ratio      p50 {:>7.2}x     p99 {:>7.2}x   (target: p99 <= 5 ms)",
        ms(p50) / ms(b50),
        ms(p99) / ms(b99)
    );
}

/// Rounds of the import comparison (each a few seconds).
const IMPORT_ROUNDS: usize = 5;

fn bench_import(rows: usize) {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("rafts.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&csv_path).unwrap());
        writeln!(f, "household_name,cccd,village,ward,raft_tag,raft_kind,cells,species,lat,lon,accuracy_m,styrofoam,hdpe,status").unwrap();
        for i in 0..rows {
            // Four rafts per household, matched by CCCD.
            writeln!(
                f,
                "Hộ Đo Đạc,{:012},Khu {},Hà An,R-{i},bamboo_raft,{},estuarine_oyster,20.9{:03},106.8{:03},5,{},0,registered_in_zone",
                22_000_000_000u64 + (i / 4) as u64,
                i % 9,
                4 + i % 20,
                i % 997,
                i % 991,
                100 + i % 400
            )
            .unwrap();
        }
    }
    let csv = std::fs::read(&csv_path).unwrap();

    // Rounds, each measuring every variant back to back on fresh files, so
    // that a noisy moment on the machine touches all of them; medians are
    // compared.
    let mut times: [Vec<Duration>; 5] = Default::default();
    for round in 0..IMPORT_ROUNDS {
        let round_dir = dir.path().join(format!("round-{round}"));
        std::fs::create_dir(&round_dir).unwrap();
        let [import, cpu, raw, floor, schema] = &mut times;
        import.push(tidemark_import(
            Some(&round_dir.join("replica")),
            &csv,
            rows,
        ));
        cpu.push(tidemark_import(None, &csv, rows));
        raw.push(raw_insert(&round_dir.join("raw.sqlite"), &csv));
        floor.push(store_floor(&round_dir.join("floor.sqlite"), &csv));
        schema.push(schema_floor(&round_dir.join("schema"), &csv));
    }
    let [import_time, cpu_time, raw_time, floor_time, schema_time] = times.map(|mut t| {
        t.sort();
        t[t.len() / 2]
    });
    println!(
        "import {rows} rafts from CSV ({} bytes), median of {IMPORT_ROUNDS} rounds",
        csv.len()
    );
    println!("  tidemark import  {:>8.1} ms  ({:.0} rows/s; validation, households matched by CCCD, outbox)", ms(import_time), rows as f64 / import_time.as_secs_f64());
    println!(
        "  same, in memory  {:>8.1} ms  (no disk: the CPU share)",
        ms(cpu_time)
    );
    println!("  raw insert       {:>8.1} ms", ms(raw_time));
    println!(
        "  store floor      {:>8.1} ms  ({:.2}x raw: keyed records + outbox rows, nothing else)",
        ms(floor_time),
        ms(floor_time) / ms(raw_time)
    );
    println!(
        "  schema floor     {:>8.1} ms  ({:.2}x raw: the rows this import writes, by bare SQL into Tidemark's own tables)",
        ms(schema_time),
        ms(schema_time) / ms(raw_time)
    );
    println!(
        "  ratio            {:>8.2}x   (target: <= 3x); {:.2}x the schema floor",
        ms(import_time) / ms(raw_time),
        ms(import_time) / ms(schema_time)
    );
}

/// `tidemark import`'s code into a new replica at `dir`, or in memory.
fn tidemark_import(dir: Option<&std::path::Path>, csv: &[u8], rows: usize) -> Duration {
    let mut replica = match dir {
        Some(dir) => Replica::open(dir).unwrap(),
        None => Replica::open_in_memory().unwrap(),
    };
    let t = Instant::now();
    let report = import_csv(
        replica.store_mut(),
        csv,
        ImportOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let took = t.elapsed();
    assert!(report.committed && report.rafts_created as usize == rows);
    took
}

/// The baseline: the same rows, parsed by the csv crate, inserted as plain
/// columns in one transaction, with no validation and no outbox.
fn raw_insert(path: &std::path::Path, csv: &[u8]) -> Duration {
    let mut raw = raw_connection(path);
    raw.execute_batch(
        "CREATE TABLE rafts (household_name TEXT, cccd TEXT, village TEXT, ward TEXT, raft_tag TEXT, raft_kind TEXT, cells INTEGER,
           species TEXT, lat REAL, lon REAL, accuracy_m REAL, styrofoam INTEGER, hdpe INTEGER, status TEXT)",
    )
    .unwrap();
    let t = Instant::now();
    let tx = raw.transaction().unwrap();
    {
        let mut insert = tx.prepare("INSERT INTO rafts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)").unwrap();
        let mut reader = csv::Reader::from_reader(csv);
        for record in reader.records() {
            let r = record.unwrap();
            insert
                .execute(rusqlite::params_from_iter(r.iter()))
                .unwrap();
        }
    }
    tx.commit().unwrap();
    t.elapsed()
}

/// One creation in the outbox: by reference, stamped with its sequence.
fn outbox_row(outbox: &mut rusqlite::Statement<'_>, seq: i64, entity: &str, id: &str) {
    outbox
        .execute(params![
            seq,
            uuid::Uuid::now_v7().as_bytes(),
            entity,
            id,
            seq
        ])
        .unwrap();
}

/// The least Tidemark's own schema costs for this import: the household,
/// raft and outbox rows the import writes (every column, index and foreign
/// key the migrations made), inserted by bare SQL with no validation, no
/// clock and no Rust types. The import's cost above this line is the
/// store's and the importer's; the cost below it is the schema's.
fn schema_floor(dir: &std::path::Path, csv: &[u8]) -> Duration {
    // The real schema, made by the real migrations.
    drop(Replica::open(dir).unwrap());
    let mut conn = raw_connection(&dir.join("tidemark.sqlite"));
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let (ward, device): (String, String) = conn
        .query_row(
            "SELECT (SELECT code FROM admin_units WHERE name LIKE '%Hà An%' AND valid_to IS NULL),
                    (SELECT device_id FROM device)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let now = "2026-11-27T21:00:00.000+07:00";
    let t = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut household = tx
            .prepare(
                "INSERT INTO households (id, full_name, cccd, phone, village, admin_unit_code, cooperative, demo,
                   created_at, updated_at, created_by, device_id, search_text, server_version)
                 VALUES (?1, ?2, ?3, NULL, ?4, ?5, NULL, 0, ?6, ?6, '', ?7, ?8, NULL)",
            )
            .unwrap();
        let mut raft = tx
            .prepare(
                "INSERT INTO rafts (id, household_id, local_tag, kind, cell_count, length_m, width_m, species,
                   lat, lon, accuracy_m, position_source, position_offset, waterway, zone, status,
                   initial_styrofoam, initial_hdpe, initial_other, created_at, updated_at, created_by, device_id,
                   server_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL, NULL, ?6, ?7, ?8, ?9, 'typed', NULL, NULL, NULL, ?10,
                   ?11, ?12, 0, ?13, ?13, '', ?14, NULL)",
            )
            .unwrap();
        let mut outbox = tx
            .prepare(
                "INSERT INTO outbox (seq, mutation_id, entity, entity_id, hlc_wall_ms, hlc_counter, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL)",
            )
            .unwrap();
        let mut households: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        let mut seq = 0i64;
        let mut reader = csv::Reader::from_reader(csv);
        for record in reader.records() {
            let r = record.unwrap();
            let owner = match households.get(&r[1]) {
                Some(id) => id.clone(),
                None => {
                    let id = uuid::Uuid::now_v7().to_string();
                    let search = format!("{} {} {}", &r[0], &r[2], &r[3]).to_lowercase();
                    household
                        .execute(params![id, &r[0], &r[1], &r[2], ward, now, device, search])
                        .unwrap();
                    seq += 1;
                    outbox_row(&mut outbox, seq, "household", &id);
                    households.insert(r[1].to_owned(), id.clone());
                    id
                }
            };
            let id = uuid::Uuid::now_v7().to_string();
            raft.execute(params![
                id, owner, &r[4], &r[5], &r[6], &r[7], &r[8], &r[9], &r[10], &r[13], &r[11],
                &r[12], now, device
            ])
            .unwrap();
            seq += 1;
            outbox_row(&mut outbox, seq, "raft", &id);
        }
    }
    tx.commit().unwrap();
    t.elapsed()
}

/// The least any design with per-record sync can write: households and
/// rafts keyed by 16-byte UUIDv7s (with a raft index by household), and
/// one outbox row per created record holding only integers. No validation,
/// no JSON, no search text: what is left is SQLite's own B-tree work for
/// the rows DESIGN.md requires.
fn store_floor(path: &std::path::Path, csv: &[u8]) -> Duration {
    let mut conn = raw_connection(path);
    conn.execute_batch(
        "CREATE TABLE households (id BLOB PRIMARY KEY, name TEXT, cccd TEXT, village TEXT, ward TEXT);
         CREATE TABLE rafts (id BLOB PRIMARY KEY, household_id BLOB, raft_tag TEXT, raft_kind TEXT, cells INTEGER,
           species TEXT, lat REAL, lon REAL, accuracy_m REAL, styrofoam INTEGER, hdpe INTEGER, status TEXT);
         CREATE INDEX rafts_household ON rafts(household_id);
         CREATE TABLE outbox (seq INTEGER PRIMARY KEY, entity INTEGER, record INTEGER, hlc INTEGER);",
    )
    .unwrap();
    let t = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut household = tx
            .prepare("INSERT INTO households VALUES (?1, ?2, ?3, ?4, ?5)")
            .unwrap();
        let mut raft = tx
            .prepare("INSERT INTO rafts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
            .unwrap();
        let mut outbox = tx
            .prepare("INSERT INTO outbox VALUES (?1, ?2, ?3, ?4)")
            .unwrap();
        let mut households = std::collections::HashMap::new();
        let mut seq = 0i64;
        let mut reader = csv::Reader::from_reader(csv);
        for record in reader.records() {
            let r = record.unwrap();
            let cccd = r[1].to_owned();
            let owner = match households.get(&cccd) {
                Some(id) => *id,
                None => {
                    let id = *uuid::Uuid::now_v7().as_bytes();
                    household
                        .execute(params![id, &r[0], &r[1], &r[2], &r[3]])
                        .unwrap();
                    seq += 1;
                    outbox
                        .execute(params![seq, 1, tx.last_insert_rowid(), seq])
                        .unwrap();
                    households.insert(cccd, id);
                    id
                }
            };
            let id = *uuid::Uuid::now_v7().as_bytes();
            raft.execute(params![
                id, owner, &r[4], &r[5], &r[6], &r[7], &r[8], &r[9], &r[10], &r[11], &r[12], &r[13]
            ])
            .unwrap();
            seq += 1;
            outbox
                .execute(params![seq, 2, tx.last_insert_rowid(), seq])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    t.elapsed()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (saves, rows) = if quick {
        (1_000, 10_000)
    } else {
        (10_000, 100_000)
    };
    if !std::env::args().any(|a| a == "--import-only") {
        bench_saves(saves);
    }
    bench_import(rows);
}

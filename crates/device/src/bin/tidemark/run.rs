//! Runs one command against the device replica.

use chrono::Local;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use std::fs::File;
use std::io::IsTerminal;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use tidemark_device::import::{
    import_csv, parse_kind, parse_species, parse_status, ImportOptions, Wards,
};
use tidemark_device::sync::{self, SyncError};
use tidemark_device::{export, DeviceError, Replica};
use tidemark_domain::input::{
    FloatReplacementInput, HouseholdInput, InspectionInput, PositionInput, RaftInput,
    RelocationInput, ViolationInput,
};
use tidemark_domain::void::EventVoidInput;
use tidemark_domain::ParseError;

use crate::args::{
    Cli, Command, ExportFormat, HouseholdCommand, HouseholdFields, RaftCommand, RaftFields,
};
use crate::output::{json, material_name, relocation_state_name, status_name, table, Lang};

/// The desktop app's data directory (Tauri's `app_data_dir` for the app's
/// identifier), so the CLI and the app share one replica.
fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("vn.tidemark.field")
}

fn enum_arg<T: serde::de::DeserializeOwned>(field: &str, raw: &str) -> Result<T, DeviceError> {
    serde_json::from_value(serde_json::Value::String(raw.trim().to_owned())).map_err(|_| {
        DeviceError::invalid(
            field,
            ParseError::new(
                "option.unknown",
                format!("Giá trị không hợp lệ: «{raw}»"),
                format!("Unknown value: «{raw}»"),
            ),
        )
    })
}

fn today() -> String {
    Local::now().format("%d/%m/%Y").to_string()
}

pub fn run(cli: Cli) -> Result<(), DeviceError> {
    let lang = Lang::from_env(cli.lang.as_deref());
    let data_dir = cli.data_dir.unwrap_or_else(default_data_dir);
    let mut replica = Replica::open(&data_dir)?;
    match cli.command {
        Command::Init {
            inspector,
            photo_max_px,
        } => {
            if let Some(name) = inspector {
                replica.store_mut().set_inspector(name.trim())?;
            }
            if let Some(px) = photo_max_px {
                replica.store().set_photo_max_px(px)?;
            }
            out!(
                "{} {}",
                lang.say("Thư mục dữ liệu:", "Data directory:"),
                data_dir.display()
            );
            out!(
                "{} {}",
                lang.say("Mã thiết bị:", "Device id:"),
                replica.store().device_id()
            );
        }
        Command::Household(cmd) => household(&mut replica, cmd, lang)?,
        Command::Raft(cmd) => raft(&mut replica, cmd, lang)?,
        Command::ReplaceFloats(a) => {
            let photos = stage_photos(&mut replica, &a.photos)?;
            let saved = replica.log_float_replacement(&FloatReplacementInput {
                raft_id: a.raft,
                date: a.date.unwrap_or_else(today),
                styrofoam_removed: a.removed,
                installed: a.installed,
                installed_material: enum_arg("installed_material", &a.material)?,
                supplier: a.supplier,
                batch: a.batch,
                disposal: enum_arg("disposal", &a.disposal)?,
                subsidy_vnd: a.subsidy_vnd,
                note: a.note,
                photos,
            })?;
            out!("{}", saved.id);
        }
        Command::Relocate(a) => {
            let photos = stage_photos(&mut replica, &a.photos)?;
            let saved = replica.log_relocation(&RelocationInput {
                raft_id: a.raft,
                date: a.date.unwrap_or_else(today),
                state: enum_arg("state", &a.state)?,
                from: PositionInput::default(),
                to: PositionInput {
                    lat: a.to_lat,
                    lon: a.to_lon,
                    accuracy_m: a.to_accuracy_m,
                    ..Default::default()
                },
                target_zone: a.target_zone,
                deadline: a.deadline,
                note: a.note,
                photos,
            })?;
            out!("{}", saved.id);
        }
        Command::Inspect(a) => {
            let violations = a
                .violations
                .iter()
                .map(|v| {
                    let mut parts = v.splitn(3, '|').map(str::to_owned);
                    ViolationInput {
                        decree_ref: parts.next().unwrap_or_default(),
                        description: parts.next().unwrap_or_default(),
                        fine_vnd: parts.next().unwrap_or_default(),
                    }
                })
                .collect();
            let photos = stage_photos(&mut replica, &a.photos)?;
            let saved = replica.log_inspection(&InspectionInput {
                raft_id: a.raft,
                number: a.number,
                date: a.date.unwrap_or_else(today),
                position: PositionInput::default(),
                inspectors: a.inspectors.join("\n"),
                witnesses: a.witnesses.join("\n"),
                findings: a.findings,
                floats_seen: tidemark_domain::input::FloatCountsInput {
                    styrofoam: String::new(),
                    hdpe: String::new(),
                    other_compliant: String::new(),
                },
                violations,
                remedy: a.remedy,
                refused_to_sign: a.refused_to_sign,
                photos,
            })?;
            out!("{}", saved.id);
        }
        Command::Void { event, reason } => {
            let saved = replica.void_event(&EventVoidInput {
                event_id: event,
                reason,
            })?;
            out!("{}", saved.id);
        }
        Command::Progress { json: as_json } => {
            let wards = replica.ward_progress()?;
            if as_json {
                return json(&wards);
            }
            let rows: Vec<Vec<String>> = wards
                .iter()
                .map(|w| {
                    vec![
                        w.ward_name.clone(),
                        w.households.to_string(),
                        w.rafts.to_string(),
                        format!("{}/{}", w.styrofoam_remaining, w.styrofoam_initial),
                        w.hdpe_installed.to_string(),
                        w.rafts_relocated.to_string(),
                        w.rafts_to_relocate.to_string(),
                        w.demo_rafts.to_string(),
                    ]
                })
                .collect();
            let headers = match lang {
                Lang::Vi => [
                    "Phường",
                    "Hộ",
                    "Lồng bè",
                    "Phao xốp còn/ban đầu",
                    "HDPE đã lắp",
                    "Đã di dời",
                    "Còn phải di dời",
                    "Trong đó bè mẫu (demo)",
                ],
                Lang::En => [
                    "Ward",
                    "Households",
                    "Rafts",
                    "Styrofoam left/initial",
                    "HDPE installed",
                    "Relocated",
                    "To relocate",
                    "Of which demo rafts",
                ],
            };
            table(&headers, &rows);
        }
        Command::Units { json: as_json } => {
            let units = replica.admin_units();
            if as_json {
                return json(&units);
            }
            let rows: Vec<Vec<String>> = units
                .iter()
                .map(|u| {
                    vec![
                        u.code.clone(),
                        u.name.clone(),
                        u.valid_from.clone(),
                        u.valid_to.clone().unwrap_or_default(),
                        u.merged_into.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            table(&["code", "name", "from", "to", "merged_into"], &rows);
        }
        Command::Zones { json: as_json } => {
            let zones = replica.zones()?;
            if as_json {
                return json(&zones);
            }
            let rows: Vec<Vec<String>> = zones
                .iter()
                .map(|z| vec![z.code.clone(), z.admin_unit_code.clone(), z.name.clone()])
                .collect();
            table(&["code", "ward", "name"], &rows);
        }
        Command::Import {
            file,
            skip_invalid,
            json: as_json,
        } => {
            let total = std::fs::metadata(&file)?.len();
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let report = import_csv(
                replica.store_mut(),
                File::open(&file)?,
                ImportOptions { skip_invalid },
                &mut |b| bar.set_position(b),
            )?;
            bar.finish_and_clear();
            if as_json {
                json(&report)?;
            } else {
                for e in &report.errors {
                    eprintln!(
                        "{} {}: {}: {} [{}]",
                        lang.say("Dòng", "Line"),
                        e.line,
                        e.field,
                        lang.pick(&e.message),
                        e.code
                    );
                }
                out!(
                    "{}: {} | {}: {} (+{} {}) | {}: {}",
                    lang.say("Số dòng", "Rows"),
                    report.rows,
                    lang.say("Hộ mới", "New households"),
                    report.households_created,
                    report.households_matched,
                    lang.say("đã có", "matched"),
                    lang.say("Lồng bè mới", "New rafts"),
                    report.rafts_created
                );
            }
            if !report.committed {
                return Err(DeviceError::ImportRejected {
                    rows: report.errors.len(),
                });
            }
        }
        Command::Export { format, out } => {
            let writer: Box<dyn Write> = match out {
                Some(path) => Box::new(std::io::BufWriter::new(File::create(path)?)),
                None => Box::new(std::io::stdout().lock()),
            };
            match format {
                ExportFormat::Csv => export::write_csv(replica.store(), writer)?,
                ExportFormat::Json => export::write_json(replica.store(), writer)?,
            }
        }
        Command::Demo { remove: true } => {
            let removed = replica.remove_demo_data()?;
            out!(
                "{}: {} {}, {} {}, {} {}, {} {}",
                lang.say("Đã xóa dữ liệu mẫu", "Demo data removed"),
                removed.households,
                lang.say("hộ", "households"),
                removed.rafts,
                lang.say("lồng bè", "rafts"),
                removed.events,
                lang.say("sự kiện", "events"),
                removed.photos,
                lang.say("ảnh", "photos")
            );
        }
        Command::Demo { remove: false } => {
            let loaded = replica.load_demo_data()?;
            out!(
                "DEMO: {} {}, {} {}, {} {}",
                loaded.households,
                lang.say("hộ", "households"),
                loaded.rafts,
                lang.say("lồng bè", "rafts"),
                loaded.events,
                lang.say("sự kiện", "events")
            );
        }
        Command::Status { json: as_json } => {
            let info = replica.app_info()?;
            if as_json {
                return json(&info);
            }
            out!(
                "{} {}",
                lang.say("Mã thiết bị:", "Device id:"),
                info.device_id
            );
            out!(
                "{} {}",
                lang.say("Bản ghi chờ đồng bộ:", "Records waiting to sync:"),
                info.pending_sync
            );
            out!(
                "{} {}",
                lang.say("Cần xử lý:", "Needs attention:"),
                info.needs_attention
            );
            let status = replica.sync_status()?;
            out!(
                "{} {}",
                lang.say("Máy chủ:", "Server:"),
                status.server_url.as_deref().unwrap_or("—")
            );
            out!(
                "{} {}",
                lang.say("Tài khoản:", "Account:"),
                match (&status.account_username, status.signed_in) {
                    (Some(user), true) => user.clone(),
                    (Some(user), false) => format!(
                        "{user} ({})",
                        lang.say("cần đăng nhập lại", "sign in again")
                    ),
                    (None, _) => lang.say("chưa đăng nhập", "not signed in"),
                }
            );
            out!(
                "{} {}",
                lang.say("Đồng bộ lần cuối:", "Last sync:"),
                status.last_sync_at.as_deref().unwrap_or("—")
            );
            if let Some(problem) = status.last_error {
                out!(
                    "{} {} [{}]",
                    lang.say("Lỗi gần nhất:", "Last error:"),
                    lang.pick(&problem.message),
                    problem.code
                );
            }
        }
        Command::Batch => batch(&mut replica)?,
        Command::Login {
            server,
            user,
            label,
        } => {
            let password = read_password(lang)?;
            let account = sync::sign_in(&mut replica, &server, &user, &password, &label)
                .map_err(sync_failed)?;
            out!(
                "{} {} ({}) · {}",
                lang.say("Đã đăng nhập:", "Signed in:"),
                account.display_name,
                account.username,
                server.trim()
            );
        }
        Command::Logout => {
            replica.sign_out()?;
            out!(
                "{}",
                lang.say(
                    "Đã đăng xuất. Dữ liệu chờ đồng bộ vẫn được giữ.",
                    "Signed out. What waits to sync is kept."
                )
            );
        }
        Command::Sync { json: as_json } => {
            let report = sync::sync_signed_in(&mut replica, &mut |r| {
                if !as_json {
                    eprint!(
                        "\r{} {} · {} {}",
                        lang.say("Đã gửi", "Pushed"),
                        r.pushed,
                        lang.say("đã nhận", "pulled"),
                        r.pulled
                    );
                }
            })
            .map_err(sync_failed)?;
            if as_json {
                return json(&report);
            }
            eprintln!();
            out!(
                "{}: {} · {}: {} · {}: {} · {}: {}",
                lang.say("Đã gửi", "Pushed"),
                report.pushed,
                lang.say("Đã nhận", "Pulled"),
                report.pulled,
                lang.say("Xung đột", "Conflicts"),
                report.conflicts,
                lang.say("Bị từ chối", "Rejected"),
                report.rejected
            );
        }
    }
    Ok(())
}

/// The password for `login`: TIDEMARK_PASSWORD, a prompt without echo on
/// a terminal, or the first line of standard input.
fn read_password(lang: Lang) -> Result<String, DeviceError> {
    if let Ok(p) = std::env::var("TIDEMARK_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        return Ok(rpassword::prompt_password(
            lang.say("Mật khẩu: ", "Password: "),
        )?);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// A failed sync as the CLI reports it: the outbox is untouched either way.
fn sync_failed(e: SyncError) -> DeviceError {
    match e {
        SyncError::Device(d) => d,
        other => DeviceError::Sync {
            text: other.text(),
            detail: other.to_string(),
        },
    }
}

fn household(replica: &mut Replica, cmd: HouseholdCommand, lang: Lang) -> Result<(), DeviceError> {
    let apply = |base: HouseholdInput,
                 f: HouseholdFields,
                 units: &[tidemark_domain::admin::AdminUnit]| HouseholdInput {
        full_name: f.name.unwrap_or(base.full_name),
        cccd: f.cccd.unwrap_or(base.cccd),
        phone: f.phone.unwrap_or(base.phone),
        village: f.village.unwrap_or(base.village),
        admin_unit_code: f
            .ward
            .map(|w| Wards::new(units).resolve(&w))
            .unwrap_or(base.admin_unit_code),
        cooperative: f.cooperative.unwrap_or(base.cooperative),
    };
    match cmd {
        HouseholdCommand::Add(f) => {
            let input = apply(HouseholdInput::default(), f, replica.store().admin_units());
            out!("{}", replica.save_household(None, &input)?.id);
        }
        HouseholdCommand::Edit { id, fields } => {
            let current = HouseholdInput::from(&replica.household(&id)?);
            let input = apply(current, fields, replica.store().admin_units());
            out!("{}", replica.save_household(Some(&id), &input)?.id);
        }
        HouseholdCommand::List {
            search,
            json: as_json,
        } => {
            let found = replica.search_households(&search)?;
            if as_json {
                return json(&found);
            }
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|h| {
                    vec![
                        h.id.to_string(),
                        format!("{}{}", h.full_name, if h.demo { " [DEMO]" } else { "" }),
                        h.village.clone(),
                        h.admin_unit_name.clone(),
                        h.cccd_masked.clone().unwrap_or_default(),
                        h.raft_count.to_string(),
                    ]
                })
                .collect();
            let headers = match lang {
                Lang::Vi => [
                    "Mã",
                    "Họ và tên",
                    "Thôn/khu",
                    "Phường/xã",
                    "CCCD",
                    "Lồng bè",
                ],
                Lang::En => ["Id", "Full name", "Village", "Ward", "CCCD", "Rafts"],
            };
            table(&headers, &rows);
        }
        HouseholdCommand::Show { id, json: as_json } => {
            let detail = replica.household_detail(&id)?;
            if as_json {
                return json(&detail);
            }
            let h = &detail.household;
            out!("{}{}", h.full_name, if h.demo { " [DEMO]" } else { "" });
            out!(
                "  CCCD: {}",
                h.cccd.as_ref().map(|c| c.masked()).unwrap_or_default()
            );
            out!(
                "  {} {}",
                lang.say("Điện thoại:", "Phone:"),
                h.phone.as_ref().map(|p| p.as_str()).unwrap_or("")
            );
            out!(
                "  {} {}, {}",
                lang.say("Địa chỉ:", "Address:"),
                h.village,
                detail.admin_unit_name
            );
            for r in &detail.rafts {
                out!(
                    "  - {} {} ({}: {}, HDPE: {})",
                    r.id,
                    r.local_tag,
                    lang.say("phao xốp", "styrofoam"),
                    r.floats.styrofoam,
                    r.floats.hdpe
                );
            }
        }
        HouseholdCommand::Delete { id } => {
            out!("{}", replica.delete_household(&id)?.id);
        }
    }
    Ok(())
}

fn raft(replica: &mut Replica, cmd: RaftCommand, lang: Lang) -> Result<(), DeviceError> {
    let apply = |base: RaftInput, f: RaftFields| -> Result<RaftInput, DeviceError> {
        Ok(RaftInput {
            household_id: f.household.unwrap_or(base.household_id),
            local_tag: f.tag.unwrap_or(base.local_tag),
            kind: f
                .kind
                .map(|k| parse_kind(&k).map_err(|e| DeviceError::invalid("kind", e)))
                .transpose()?
                .unwrap_or(base.kind),
            cell_count: f.cells.unwrap_or(base.cell_count),
            length_m: f.length_m.unwrap_or(base.length_m),
            width_m: f.width_m.unwrap_or(base.width_m),
            species: f
                .species
                .map(|s| parse_species(&s).map_err(|e| DeviceError::invalid("species", e)))
                .transpose()?
                .unwrap_or(base.species),
            position: PositionInput {
                lat: f.lat.unwrap_or(base.position.lat),
                lon: f.lon.unwrap_or(base.position.lon),
                accuracy_m: f.accuracy_m.unwrap_or(base.position.accuracy_m),
                ..Default::default()
            },
            waterway: f.waterway.unwrap_or(base.waterway),
            zone: f.zone.unwrap_or(base.zone),
            status: f
                .status
                .map(|s| parse_status(&s).map_err(|e| DeviceError::invalid("status", e)))
                .transpose()?
                .unwrap_or(base.status),
            initial_floats: tidemark_domain::input::FloatCountsInput {
                styrofoam: f.styrofoam.unwrap_or(base.initial_floats.styrofoam),
                hdpe: f.hdpe.unwrap_or(base.initial_floats.hdpe),
                other_compliant: f
                    .other_compliant
                    .unwrap_or(base.initial_floats.other_compliant),
            },
        })
    };
    match cmd {
        RaftCommand::Add(f) => {
            let blank = RaftInput {
                household_id: String::new(),
                local_tag: String::new(),
                kind: tidemark_domain::entities::RaftKind::BambooRaft,
                cell_count: String::new(),
                length_m: String::new(),
                width_m: String::new(),
                species: tidemark_domain::entities::Species::EstuarineOyster,
                position: PositionInput::default(),
                waterway: String::new(),
                zone: String::new(),
                status: tidemark_domain::entities::RaftStatus::RegisteredInZone,
                initial_floats: tidemark_domain::input::FloatCountsInput {
                    styrofoam: String::new(),
                    hdpe: String::new(),
                    other_compliant: String::new(),
                },
            };
            out!("{}", replica.save_raft(None, &apply(blank, f)?)?.id);
        }
        RaftCommand::Edit { id, fields } => {
            let current = RaftInput::from(&replica.raft(&id)?);
            out!(
                "{}",
                replica.save_raft(Some(&id), &apply(current, fields)?)?.id
            );
        }
        RaftCommand::List {
            household,
            json: as_json,
        } => {
            let detail = replica.household_detail(&household)?;
            if as_json {
                return json(&detail.rafts);
            }
            let rows: Vec<Vec<String>> = detail
                .rafts
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        format!("{}{}", r.local_tag, if r.demo { " [DEMO]" } else { "" }),
                        status_name(r.status, lang),
                        r.floats.styrofoam.to_string(),
                        r.floats.hdpe.to_string(),
                    ]
                })
                .collect();
            let headers = match lang {
                Lang::Vi => ["Mã", "Số hiệu", "Trạng thái", "Phao xốp", "Phao HDPE"],
                Lang::En => ["Id", "Tag", "Status", "Styrofoam", "HDPE"],
            };
            table(&headers, &rows);
        }
        RaftCommand::Show { id, json: as_json } => {
            let d = replica.raft_detail(&id)?;
            if as_json {
                return json(&d);
            }
            out!(
                "{} — {}{}",
                d.raft.local_tag,
                d.household_name,
                if d.demo { " [DEMO]" } else { "" }
            );
            out!(
                "  {} {}",
                lang.say("Trạng thái:", "Status:"),
                status_name(d.raft.status, lang)
            );
            out!(
                "  {} {}",
                lang.say("Vùng nuôi:", "Zone:"),
                zone_check_text(&d.zone_check, lang)
            );
            out!(
                "  {} {} | HDPE: {} | {} {}",
                lang.say("Phao xốp:", "Styrofoam:"),
                d.floats.styrofoam,
                d.floats.hdpe,
                lang.say("khác:", "other:"),
                d.floats.other_compliant
            );
            print_history(&d.history, lang);
        }
        RaftCommand::History { id, json: as_json } => {
            let d = replica.raft_detail(&id)?;
            if as_json {
                return json(&d.history);
            }
            print_history(&d.history, lang);
        }
        RaftCommand::Delete { id } => out!("{}", replica.delete_raft(&id)?.id),
    }
    Ok(())
}

/// Stages each `before:FILE` / `after:FILE` and returns the attachments.
fn stage_photos(
    replica: &mut Replica,
    specs: &[String],
) -> Result<Vec<tidemark_domain::input::PhotoAttachment>, DeviceError> {
    use tidemark_domain::photo::PhotoMoment;
    specs
        .iter()
        .map(|spec| {
            let (moment, file) = match spec.split_once(':') {
                Some(("before", f)) => (PhotoMoment::Before, f),
                Some(("after", f)) => (PhotoMoment::After, f),
                _ => {
                    return Err(DeviceError::invalid(
                        "photo",
                        tidemark_domain::ParseError::new(
                            "photo.spec",
                            format!("«{spec}»: hãy viết before:TỆP hoặc after:TỆP"),
                            format!("«{spec}»: write before:FILE or after:FILE"),
                        ),
                    ))
                }
            };
            let staged = replica.stage_photo(&std::fs::read(file)?)?;
            Ok(tidemark_domain::input::PhotoAttachment {
                sha256: staged.sha256.to_string(),
                moment,
            })
        })
        .collect()
}

fn zone_check_text(check: &tidemark_domain::zone::ZoneCheck, lang: Lang) -> String {
    use tidemark_domain::zone::ZoneCheck;
    match check {
        ZoneCheck::InZone { code, name } => format!("{name} ({code})"),
        ZoneCheck::OutsideEveryZone => lang.say("NGOÀI MỌI VÙNG NUÔI", "OUTSIDE EVERY ZONE"),
        ZoneCheck::NoZones => lang.say("chưa có vùng nuôi trên máy", "no zones on this device yet"),
        ZoneCheck::NoPosition => lang.say("chưa có tọa độ", "no position"),
    }
}

fn print_history(history: &[tidemark_domain::events::RaftEvent], lang: Lang) {
    use tidemark_domain::events::RaftEvent;
    let voided: std::collections::HashSet<_> = history
        .iter()
        .filter_map(|e| match e {
            RaftEvent::EventVoid(v) => Some(v.voided_event),
            _ => None,
        })
        .collect();
    for e in history {
        let line = match e {
            RaftEvent::FloatReplacement(f) => format!(
                "{} {}: -{} {}, +{} {}",
                f.date,
                lang.say("Thay phao", "Float replacement"),
                f.styrofoam_removed.get(),
                lang.say("phao xốp", "styrofoam"),
                f.installed.get(),
                material_name(f.installed_material, lang)
            ),
            RaftEvent::Relocation(r) => format!(
                "{} {}: {}",
                r.date,
                lang.say("Di dời", "Relocation"),
                relocation_state_name(r.state, lang)
            ),
            RaftEvent::Inspection(i) => format!(
                "{} {} {}: {}",
                i.date,
                lang.say("Biên bản kiểm tra", "Inspection"),
                i.number,
                i.findings
            ),
            RaftEvent::EventVoid(v) => format!(
                "{} {} {}: {}",
                v.date,
                lang.say("Hủy ghi nhận", "Voided"),
                v.voided_event,
                v.reason
            ),
        };
        let mark = if voided.contains(&e.id()) {
            lang.say(" [ĐÃ HỦY]", " [VOIDED]")
        } else {
            String::new()
        };
        out!("  * {line}{mark}  ({})", e.id());
    }
}

/// One operation of `tidemark batch`.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", content = "input", rename_all = "snake_case")]
enum BatchOp {
    SaveHousehold(HouseholdInput),
    SaveRaft(RaftInput),
    LogFloatReplacement(FloatReplacementInput),
    LogRelocation(RelocationInput),
    LogInspection(InspectionInput),
}

/// Applies operations line by line. A confirmation line is printed (and
/// flushed) only after the operation's transaction committed, so whoever
/// reads it may rely on the record being on disk.
fn batch(replica: &mut Replica) -> Result<(), DeviceError> {
    let mut failed = 0usize;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let result = match serde_json::from_str::<BatchOp>(&line) {
            Err(e) => Err(DeviceError::invalid(
                "batch",
                ParseError::new(
                    "batch.format",
                    // Position and kind only: serde's own text can quote
                    // the value, which may be a CCCD or a phone number.
                    format!(
                        "Dòng {} không đúng định dạng (cột {}, {})",
                        n + 1,
                        e.column(),
                        category_vi(&e)
                    ),
                    format!(
                        "Line {} is malformed (column {}, {})",
                        n + 1,
                        e.column(),
                        category_en(&e)
                    ),
                ),
            )),
            Ok(BatchOp::SaveHousehold(i)) => replica.save_household(None, &i),
            Ok(BatchOp::SaveRaft(i)) => replica.save_raft(None, &i),
            Ok(BatchOp::LogFloatReplacement(i)) => replica.log_float_replacement(&i),
            Ok(BatchOp::LogRelocation(i)) => replica.log_relocation(&i),
            Ok(BatchOp::LogInspection(i)) => replica.log_inspection(&i),
        };
        let reply = match result {
            Ok(saved) => serde_json::json!({"line": n + 1, "ok": true, "id": saved.id}),
            Err(e) => {
                failed += 1;
                serde_json::json!({"line": n + 1, "ok": false, "error": tidemark_device::CommandError::from(e)})
            }
        };
        writeln!(out, "{reply}")?;
        out.flush()?;
    }
    if failed > 0 {
        return Err(DeviceError::BatchFailed { lines: failed });
    }
    Ok(())
}

fn category_vi(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "không phải JSON",
        _ => "thiếu trường hoặc sai kiểu dữ liệu",
    }
}

fn category_en(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "not JSON",
        _ => "a field is missing or of the wrong type",
    }
}

//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tidemark",
    version,
    about = "Tidemark field app, headless: households, rafts (lồng bè), float replacements, relocations, inspections — offline."
)]
pub struct Cli {
    /// Device data directory [default: $TIDEMARK_DATA_DIR, else the desktop app's data directory]
    #[arg(long, global = true, env = "TIDEMARK_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language of messages: vi (default) or en
    #[arg(long, global = true, env = "TIDEMARK_LANG")]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or open) the device data directory and show its device id
    Init {
        /// The inspector's name, recorded as the author of every record
        #[arg(long)]
        inspector: Option<String>,
        /// Photos longer than this (pixels, long side) are downscaled
        /// before upload [default: 2048]
        #[arg(long)]
        photo_max_px: Option<u32>,
    },
    /// Farming households (hộ nuôi)
    #[command(subcommand)]
    Household(HouseholdCommand),
    /// Rafts (lồng bè)
    #[command(subcommand)]
    Raft(RaftCommand),
    /// Log a float replacement (phao xốp → phao nhựa HDPE) on a raft
    ReplaceFloats(ReplaceFloatsArgs),
    /// Log a relocation step (di dời) of a raft
    Relocate(RelocateArgs),
    /// Log an inspection record (biên bản kiểm tra)
    Inspect(InspectArgs),
    /// Void (hủy ghi nhận) an event logged by mistake: it stays in the
    /// raft's history, marked, and no longer counts
    Void {
        /// The event's id (`tidemark raft history` shows it)
        event: String,
        /// Why it is voided (required)
        #[arg(long)]
        reason: String,
    },
    /// Campaign progress per current ward
    Progress {
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Wards and communes, current and before 1/7/2025
    Units {
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Farming zones (vùng nuôi) on this device, as the last sync brought them
    Zones {
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Import households and rafts from CSV (English or Vietnamese headers)
    Import {
        file: PathBuf,
        /// Import the valid rows and report the others (default: all or nothing)
        #[arg(long)]
        skip_invalid: bool,
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Export everything to CSV or JSON
    Export {
        /// csv (the import format) or json (everything, events included)
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Output file [default: standard output]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load the made-up DEMO dataset (it stays on this device), or remove it
    Demo {
        /// Remove the demo dataset, what was done to it and its photos
        #[arg(long)]
        remove: bool,
    },
    /// Records waiting to sync, and the device's identity
    Status {
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Sign this device in to the server; the password is read from
    /// TIDEMARK_PASSWORD, else asked for (not echoed), else read from the
    /// first line of standard input
    Login {
        /// Server address, e.g. http://10.0.0.5:8787
        #[arg(long)]
        server: String,
        /// Username
        #[arg(long)]
        user: String,
        /// What this device is called in the admin's device list
        #[arg(long, default_value = "tidemark CLI")]
        label: String,
    },
    /// Forget this device's token; records and the outbox stay
    Logout,
    /// Push what waits in the outbox to the server and pull what others
    /// recorded (sign in first with `tidemark login`)
    Sync {
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Apply JSON-lines operations from standard input, one confirmation line
    /// per saved operation: {"op":"log_float_replacement","input":{...}}
    Batch,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum HouseholdCommand {
    /// Register a household
    Add(HouseholdFields),
    /// Change a household: only the fields given change
    Edit {
        id: String,
        #[command(flatten)]
        fields: HouseholdFields,
    },
    /// List households; --search ignores case and diacritics
    List {
        /// Words to look for in name, village, ward or cooperative
        #[arg(long, default_value = "")]
        search: String,
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Show a household and its rafts
    Show {
        id: String,
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Delete a household without rafts (a tombstone that syncs)
    Delete { id: String },
}

#[derive(Args)]
pub struct HouseholdFields {
    /// Full name (họ và tên)
    #[arg(long)]
    pub name: Option<String>,
    /// CCCD: 12 digits
    #[arg(long)]
    pub cccd: Option<String>,
    /// Phone number: mobile (09…) or landline (02…), +84 accepted
    #[arg(long)]
    pub phone: Option<String>,
    /// Village or quarter (thôn/khu)
    #[arg(long)]
    pub village: Option<String>,
    /// Ward or commune: code (QY-HA-AN) or name (Hà An)
    #[arg(long)]
    pub ward: Option<String>,
    /// Cooperative (HTX)
    #[arg(long)]
    pub cooperative: Option<String>,
}

/// Personal data stays out of logs: Debug shows which fields were given.
impl std::fmt::Debug for HouseholdFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HouseholdFields")
            .field("name", &self.name.is_some())
            .field("cccd", &self.cccd.is_some())
            .field("phone", &self.phone.is_some())
            .field("village", &self.village)
            .field("ward", &self.ward)
            .finish()
    }
}

#[derive(Debug, Subcommand)]
pub enum RaftCommand {
    /// Register a raft of a household
    Add(RaftFields),
    /// Change a raft: only the fields given change
    Edit {
        id: String,
        #[command(flatten)]
        fields: RaftFields,
    },
    /// List the rafts of a household
    List {
        #[arg(long)]
        household: String,
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Show a raft: floats by material, status and full history
    Show {
        id: String,
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// A raft's event history, newest first
    History {
        id: String,
        /// Machine-readable JSON output
        #[arg(long)]
        json: bool,
    },
    /// Delete a raft (a tombstone; its events stay)
    Delete { id: String },
}

#[derive(Debug, Args)]
pub struct RaftFields {
    /// Id of the household the raft belongs to
    #[arg(long)]
    pub household: Option<String>,
    /// The raft's tag (số hiệu)
    #[arg(long)]
    pub tag: Option<String>,
    /// bamboo_raft | hdpe_cage | frame | hanging_lines (or the Vietnamese name)
    #[arg(long)]
    pub kind: Option<String>,
    /// Number of cage cells (ô lồng)
    #[arg(long)]
    pub cells: Option<String>,
    /// Length in metres
    #[arg(long)]
    pub length_m: Option<String>,
    /// Width in metres
    #[arg(long)]
    pub width_m: Option<String>,
    /// estuarine_oyster | pacific_oyster | clam | cage_fish | other
    #[arg(long)]
    pub species: Option<String>,
    /// Latitude in decimal degrees (WGS84)
    #[arg(long, allow_hyphen_values = true)]
    pub lat: Option<String>,
    /// Longitude in decimal degrees (WGS84)
    #[arg(long, allow_hyphen_values = true)]
    pub lon: Option<String>,
    /// Accuracy of the position in metres
    #[arg(long)]
    pub accuracy_m: Option<String>,
    /// River or channel (luồng/sông)
    #[arg(long)]
    pub waterway: Option<String>,
    /// Farming zone (vùng nuôi)
    #[arg(long)]
    pub zone: Option<String>,
    /// registered_in_zone | outside_zone | must_relocate | relocating | relocated | dismantled
    #[arg(long)]
    pub status: Option<String>,
    /// Styrofoam floats at registration
    #[arg(long)]
    pub styrofoam: Option<String>,
    /// HDPE floats at registration
    #[arg(long)]
    pub hdpe: Option<String>,
    /// Other conforming floats at registration
    #[arg(long)]
    pub other_compliant: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReplaceFloatsArgs {
    #[arg(long)]
    pub raft: String,
    /// A photo to attach, as before:FILE or after:FILE (repeatable)
    #[arg(long = "photo")]
    pub photos: Vec<String>,
    /// dd/mm/yyyy or yyyy-mm-dd [default: today]
    #[arg(long)]
    pub date: Option<String>,
    /// Styrofoam floats removed
    #[arg(long, default_value = "0")]
    pub removed: String,
    /// Conforming floats installed
    #[arg(long, default_value = "0")]
    pub installed: String,
    /// hdpe | other_compliant
    #[arg(long, default_value = "hdpe")]
    pub material: String,
    /// Float supplier
    #[arg(long, default_value = "")]
    pub supplier: String,
    /// Float lot with its declaration of conformity
    #[arg(long, default_value = "")]
    pub batch: String,
    /// collected | destroyed | kept_by_household | other
    #[arg(long, default_value = "collected")]
    pub disposal: String,
    /// Subsidy in VND (2.500.000 or 2500000)
    #[arg(long, default_value = "")]
    pub subsidy_vnd: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct RelocateArgs {
    #[arg(long)]
    pub raft: String,
    /// A photo to attach, as before:FILE or after:FILE (repeatable)
    #[arg(long = "photo")]
    pub photos: Vec<String>,
    #[arg(long)]
    pub date: Option<String>,
    /// ordered | started | completed | dismantled
    #[arg(long)]
    pub state: String,
    /// New position, latitude in decimal degrees (20.9312 or 20,9312)
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub to_lat: String,
    /// New position, longitude in decimal degrees
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub to_lon: String,
    /// Accuracy of the new position in metres [default: 50 when typed]
    #[arg(long, default_value = "")]
    pub to_accuracy_m: String,
    /// Farming zone (vùng nuôi) the raft must move into
    #[arg(long, default_value = "")]
    pub target_zone: String,
    /// Deadline, dd/mm/yyyy
    #[arg(long, default_value = "")]
    pub deadline: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[arg(long)]
    pub raft: String,
    /// A photo to attach, as before:FILE or after:FILE (repeatable)
    #[arg(long = "photo")]
    pub photos: Vec<String>,
    /// The record's number as on paper
    #[arg(long)]
    pub number: String,
    #[arg(long)]
    pub date: Option<String>,
    /// Repeat for each inspector
    #[arg(long = "inspector", required = true)]
    pub inspectors: Vec<String>,
    #[arg(long = "witness")]
    pub witnesses: Vec<String>,
    /// What was found
    #[arg(long)]
    pub findings: String,
    /// A violation as "decree reference|description|fine in VND"; repeatable
    #[arg(long = "violation")]
    pub violations: Vec<String>,
    /// Remedy ordered (buộc khắc phục)
    #[arg(long, default_value = "")]
    pub remedy: String,
    /// The household refused to sign (từ chối ký)
    #[arg(long)]
    pub refused_to_sign: bool,
}

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
    /// Campaign progress per current ward
    Progress {
        #[arg(long)]
        json: bool,
    },
    /// Wards and communes, current and before 1/7/2025
    Units {
        #[arg(long)]
        json: bool,
    },
    /// Import households and rafts from CSV (English or Vietnamese headers)
    Import {
        file: PathBuf,
        /// Import the valid rows and report the others (default: all or nothing)
        #[arg(long)]
        skip_invalid: bool,
        #[arg(long)]
        json: bool,
    },
    /// Export everything to CSV or JSON
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Output file [default: standard output]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load the made-up DEMO dataset
    Demo,
    /// Records waiting to sync, and the device's identity
    Status {
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
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long)]
        json: bool,
    },
    /// Show a household and its rafts
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a household without rafts (a tombstone that syncs)
    Delete { id: String },
}

#[derive(Debug, Args)]
pub struct HouseholdFields {
    /// Full name (họ và tên)
    #[arg(long)]
    pub name: Option<String>,
    /// CCCD: 12 digits
    #[arg(long)]
    pub cccd: Option<String>,
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
        #[arg(long)]
        json: bool,
    },
    /// Show a raft: floats by material, status and full history
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// A raft's event history, newest first
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a raft (a tombstone; its events stay)
    Delete { id: String },
}

#[derive(Debug, Args)]
pub struct RaftFields {
    #[arg(long)]
    pub household: Option<String>,
    /// The raft's tag (số hiệu)
    #[arg(long)]
    pub tag: Option<String>,
    /// bamboo_raft | hdpe_cage | frame | hanging_lines (or the Vietnamese name)
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub cells: Option<String>,
    #[arg(long)]
    pub length_m: Option<String>,
    #[arg(long)]
    pub width_m: Option<String>,
    /// estuarine_oyster | pacific_oyster | clam | cage_fish | other
    #[arg(long)]
    pub species: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub lat: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub lon: Option<String>,
    #[arg(long)]
    pub accuracy_m: Option<String>,
    #[arg(long)]
    pub waterway: Option<String>,
    #[arg(long)]
    pub zone: Option<String>,
    /// registered_in_zone | outside_zone | must_relocate | relocating | relocated | dismantled
    #[arg(long)]
    pub status: Option<String>,
    /// Styrofoam floats at registration
    #[arg(long)]
    pub styrofoam: Option<String>,
    #[arg(long)]
    pub hdpe: Option<String>,
    #[arg(long)]
    pub other_compliant: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReplaceFloatsArgs {
    #[arg(long)]
    pub raft: String,
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
    #[arg(long, default_value = "")]
    pub supplier: String,
    #[arg(long, default_value = "")]
    pub batch: String,
    /// collected | destroyed | kept_by_household | other
    #[arg(long, default_value = "collected")]
    pub disposal: String,
    #[arg(long, default_value = "")]
    pub subsidy_vnd: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct RelocateArgs {
    #[arg(long)]
    pub raft: String,
    #[arg(long)]
    pub date: Option<String>,
    /// ordered | started | completed | dismantled
    #[arg(long)]
    pub state: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub to_lat: String,
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub to_lon: String,
    #[arg(long, default_value = "")]
    pub to_accuracy_m: String,
    #[arg(long, default_value = "")]
    pub target_zone: String,
    #[arg(long, default_value = "")]
    pub deadline: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[arg(long)]
    pub raft: String,
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
    #[arg(long)]
    pub findings: String,
    /// A violation as "decree reference|description|fine in VND"; repeatable
    #[arg(long = "violation")]
    pub violations: Vec<String>,
    #[arg(long, default_value = "")]
    pub remedy: String,
    #[arg(long)]
    pub refused_to_sign: bool,
}

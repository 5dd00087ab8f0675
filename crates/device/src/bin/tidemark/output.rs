//! How the CLI speaks: Vietnamese by default, English on request; errors
//! with their stable code; JSON when asked.

use serde::Serialize;
use std::process::ExitCode;
use tidemark_device::DeviceError;
use tidemark_domain::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn from_env(flag: Option<&str>) -> Self {
        match flag {
            Some(l) if l.to_ascii_lowercase().starts_with("en") => Self::En,
            _ => Self::Vi,
        }
    }

    pub fn pick(self, text: &Text) -> &str {
        match self {
            Self::Vi => &text.vi,
            Self::En => &text.en,
        }
    }

    pub fn say(self, vi: &str, en: &str) -> String {
        match self {
            Self::Vi => vi.to_owned(),
            Self::En => en.to_owned(),
        }
    }
}

/// Prints the error to stderr; exit code 2 for bad input, 1 otherwise.
pub fn report_error(e: &DeviceError, lang: Lang) -> ExitCode {
    eprintln!("{} [{}]", lang.pick(&e.message()), e.code());
    match e {
        DeviceError::Validation(errors) => {
            for f in &errors.0 {
                eprintln!("  - {}: {} [{}]", f.field, lang.pick(&f.message), f.code);
            }
            ExitCode::from(2)
        }
        DeviceError::ImportRejected { .. } | DeviceError::BatchFailed { .. } => ExitCode::from(2),
        DeviceError::Sync { detail, .. } => {
            // The server's code and words, for whoever looks into it.
            eprintln!("  ({detail})");
            ExitCode::from(3)
        }
        DeviceError::Storage(_)
        | DeviceError::Corrupt(_)
        | DeviceError::Io(_)
        | DeviceError::Csv(_) => {
            // The technical cause, for whoever fixes the machine. SQLite's
            // messages name tables and columns, not the values in them.
            eprintln!("  ({e})");
            ExitCode::from(1)
        }
        _ => ExitCode::from(1),
    }
}

pub fn json(value: &impl Serialize) -> Result<(), DeviceError> {
    out!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Plain aligned columns for a terminal.
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    out!("{}", line(headers.to_vec()));
    for row in rows {
        out!("{}", line(row.iter().map(String::as_str).collect()));
    }
}

/// A raft status as the app names it.
pub fn status_name(status: tidemark_domain::entities::RaftStatus, lang: Lang) -> String {
    use tidemark_domain::entities::RaftStatus as S;
    let (vi, en) = match status {
        S::RegisteredInZone => ("Trong vùng nuôi", "In farming zone"),
        S::OutsideZone => ("Ngoài vùng nuôi", "Outside zone"),
        S::MustRelocate => ("Phải di dời", "Must relocate"),
        S::Relocating => ("Đang di dời", "Relocating"),
        S::Relocated => ("Đã di dời", "Relocated"),
        S::Dismantled => ("Đã tháo dỡ", "Dismantled"),
    };
    lang.say(vi, en)
}

/// An installed float material as the app names it.
pub fn material_name(material: tidemark_domain::events::InstalledMaterial, lang: Lang) -> String {
    use tidemark_domain::events::InstalledMaterial as M;
    match material {
        M::Hdpe => lang.say("phao nhựa HDPE", "HDPE plastic floats"),
        M::OtherCompliant => lang.say(
            "vật liệu nổi hợp chuẩn khác",
            "other conforming buoyant material",
        ),
    }
}

/// A relocation step as the app names it.
pub fn relocation_state_name(
    state: tidemark_domain::events::RelocationState,
    lang: Lang,
) -> String {
    use tidemark_domain::events::RelocationState as R;
    let (vi, en) = match state {
        R::Ordered => ("Có lệnh di dời", "Relocation ordered"),
        R::Started => ("Bắt đầu di dời", "Relocation started"),
        R::Completed => ("Đã di dời xong", "Relocation completed"),
        R::Dismantled => ("Đã tháo dỡ", "Dismantled"),
    };
    lang.say(vi, en)
}

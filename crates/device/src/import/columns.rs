//! The CSV columns and the header names (English, Vietnamese) that name them.

use tidemark_domain::search::fold;

/// The columns, each with its accepted header names (folded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    HouseholdName,
    Cccd,
    Phone,
    Village,
    Ward,
    Cooperative,
    RaftTag,
    RaftKind,
    Cells,
    LengthM,
    WidthM,
    Species,
    Lat,
    Lon,
    AccuracyM,
    Waterway,
    Zone,
    Status,
    Styrofoam,
    Hdpe,
    OtherCompliant,
    /// Marks a household of the demo dataset (it stays on the device); an
    /// export writes it so that re-importing keeps demo records demo.
    Demo,
}

impl Column {
    pub const ALL: [Column; 22] = [
        Self::HouseholdName,
        Self::Cccd,
        Self::Phone,
        Self::Village,
        Self::Ward,
        Self::Cooperative,
        Self::RaftTag,
        Self::RaftKind,
        Self::Cells,
        Self::LengthM,
        Self::WidthM,
        Self::Species,
        Self::Lat,
        Self::Lon,
        Self::AccuracyM,
        Self::Waterway,
        Self::Zone,
        Self::Status,
        Self::Styrofoam,
        Self::Hdpe,
        Self::OtherCompliant,
        Self::Demo,
    ];

    /// Header names: the English one first (used on export), then Vietnamese.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Self::HouseholdName => &["household_name", "họ và tên", "chủ hộ", "tên chủ hộ"],
            Self::Cccd => &["cccd", "số cccd", "căn cước công dân"],
            Self::Phone => &["phone", "số điện thoại", "điện thoại", "sđt"],
            Self::Village => &["village", "thôn/khu", "thôn", "khu"],
            Self::Ward => &["ward", "phường/xã", "phường", "xã"],
            Self::Cooperative => &["cooperative", "htx", "hợp tác xã"],
            Self::RaftTag => &["raft_tag", "số hiệu lồng bè", "mã bè", "số hiệu"],
            Self::RaftKind => &["raft_kind", "loại lồng bè", "loại"],
            Self::Cells => &["cells", "số ô lồng", "ô lồng"],
            Self::LengthM => &["length_m", "chiều dài (m)", "chiều dài"],
            Self::WidthM => &["width_m", "chiều rộng (m)", "chiều rộng"],
            Self::Species => &["species", "đối tượng nuôi"],
            Self::Lat => &["lat", "vĩ độ"],
            Self::Lon => &["lon", "kinh độ"],
            Self::AccuracyM => &["accuracy_m", "độ chính xác (m)", "độ chính xác"],
            Self::Waterway => &["waterway", "luồng/sông", "sông"],
            Self::Zone => &["zone", "vùng nuôi"],
            Self::Status => &["status", "trạng thái"],
            Self::Styrofoam => &["styrofoam", "phao xốp"],
            Self::Hdpe => &["hdpe", "phao nhựa hdpe", "phao hdpe"],
            Self::OtherCompliant => &["other_compliant", "phao hợp chuẩn khác", "phao khác"],
            Self::Demo => &["demo", "dữ liệu mẫu"],
        }
    }

    /// Reads the demo column: empty, 0 or "không" is a real household;
    /// 1 or "có" a demo one.
    pub(super) fn demo_flag(value: &str) -> Result<bool, tidemark_domain::ParseError> {
        match fold(value.trim()).as_str() {
            "" | "0" | "khong" | "no" | "false" => Ok(false),
            "1" | "co" | "yes" | "true" => Ok(true),
            _ => Err(tidemark_domain::ParseError::new(
                "import.demo",
                "Cột dữ liệu mẫu chỉ nhận 1 hoặc 0 (có/không)",
                "The demo column takes 1 or 0 (yes/no)",
            )),
        }
    }

    pub(super) fn from_header(header: &str) -> Option<Column> {
        let h = fold(header);
        Self::ALL
            .into_iter()
            .find(|c| c.names().iter().any(|n| fold(n) == h))
    }
}

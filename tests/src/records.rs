//! Record inputs the stories and benches build again and again.

use tidemark_domain::events::{Disposal, InstalledMaterial};
use tidemark_domain::input::FloatReplacementInput;

/// A float replacement on 20/11/2026: `removed` styrofoam floats off,
/// `installed` HDPE floats on, the old ones collected, no photos.
pub fn replacement(raft_id: &str, removed: u32, installed: u32) -> FloatReplacementInput {
    FloatReplacementInput {
        raft_id: raft_id.to_owned(),
        date: "2026-11-20".into(),
        styrofoam_removed: removed.to_string(),
        installed: installed.to_string(),
        installed_material: InstalledMaterial::Hdpe,
        supplier: String::new(),
        batch: String::new(),
        disposal: Disposal::Collected,
        subsidy_vnd: String::new(),
        note: String::new(),
        photos: Vec::new(),
    }
}

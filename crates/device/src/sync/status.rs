//! The replica's sync status and sign-out, as the app and the CLI show them.

use crate::dto::{SyncProblem, SyncStatus};
use crate::error::DeviceError;
use crate::replica::Replica;

use super::text_for_code;

/// Whether the last attempt reached the server: None when none was made
/// or it stopped on the device (no server address, not signed in).
fn reachability(attempted: bool, error_code: Option<&str>) -> Option<bool> {
    match error_code {
        _ if !attempted => None,
        Some("sync.no_server" | "auth.not_signed_in" | "sync.bad_server_url") => None,
        Some("sync.offline") => Some(false),
        _ => Some(true),
    }
}

impl Replica {
    pub fn sync_status(&self) -> Result<SyncStatus, DeviceError> {
        let state = self.store().sync_state()?;
        let code = state.last_sync_error_code.clone();
        let needs_sign_in = state.server_url.is_some()
            && (state.token.is_none() || code.as_deref().is_some_and(|c| c.starts_with("auth.")));
        Ok(SyncStatus {
            signed_in: state.token.is_some(),
            online: reachability(state.last_attempt_at.is_some(), code.as_deref()),
            last_error: code.map(|code| SyncProblem {
                message: text_for_code(&code),
                code,
            }),
            needs_sign_in,
            server_url: state.server_url,
            account_username: state.account_username,
            account_name: state.account_name,
            pending: self.store().pending_sync()?,
            needs_attention: self.store().needs_attention_count()?,
            last_sync_at: state.last_sync_at,
            last_attempt_at: state.last_attempt_at,
        })
    }

    /// Forgets the device token. Records and the outbox stay; they sync
    /// after the next sign-in.
    pub fn sign_out(&mut self) -> Result<SyncStatus, DeviceError> {
        self.store().forget_token()?;
        self.sync_status()
    }
}

impl Replica {
    /// Open "needs attention" items, oldest first.
    pub fn needs_attention(&self) -> Result<Vec<crate::dto::AttentionItem>, DeviceError> {
        self.store().needs_attention()
    }

    /// Closes an item (optionally sending this device's values again) and
    /// returns what remains open.
    pub fn resolve_attention(
        &mut self,
        id: i64,
        send_mine_again: bool,
    ) -> Result<Vec<crate::dto::AttentionItem>, DeviceError> {
        self.store_mut().resolve_attention(id, send_mine_again)?;
        self.store().needs_attention()
    }
}

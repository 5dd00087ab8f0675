//! Voiding an event logged by mistake (see `tidemark_domain::void`): the
//! event stays in the history, marked, and leaves the ledger.

use tidemark_domain::events::RaftEvent;
use tidemark_domain::ids::EventId;
use tidemark_domain::void::{EventVoid, EventVoidInput};
use tidemark_domain::ParseError;

use super::{not_found, today, Replica};
use crate::dto::Saved;
use crate::error::DeviceError;

impl Replica {
    /// Voids one float replacement, relocation or inspection, with the
    /// reason. A relocation's void does not move the raft back: its status
    /// and position are the raft's own fields, edited on the raft.
    pub fn void_event(&mut self, input: &EventVoidInput) -> Result<Saved, DeviceError> {
        let d = input.parse(today())?;
        let id = EventId::new();
        self.store.write(|tx| {
            let voided = tx
                .event(d.voided_event)?
                .ok_or_else(|| not_found("event", d.voided_event))?;
            if matches!(voided, RaftEvent::EventVoid(_)) {
                return Err(DeviceError::invalid(
                    "event_id",
                    ParseError::new(
                        "void.of_void",
                        "Không thể hủy một lần hủy ghi nhận: hãy ghi lại sự việc nếu cần",
                        "A void cannot be voided: log the event again if needed",
                    ),
                ));
            }
            if tx.is_voided(d.voided_event)? {
                return Err(DeviceError::invalid(
                    "event_id",
                    ParseError::new(
                        "void.already",
                        "Ghi nhận này đã được hủy",
                        "This record is already voided",
                    ),
                ));
            }
            let void = EventVoid {
                id,
                raft_id: voided.raft_id(),
                voided_event: d.voided_event,
                date: d.date,
                reason: d.reason,
                meta: tx.new_meta(),
            };
            tx.append_event(&RaftEvent::EventVoid(void))
        })?;
        self.saved(id)
    }
}

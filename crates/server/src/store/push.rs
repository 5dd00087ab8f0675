//! What a push does, whatever the database: skip what the device already
//! pushed, refuse a gap, merge, append to the change log, advance the
//! device's high-water mark. A backend runs this inside one transaction
//! through [`PushTx`], so a push cut off at any point happened whole or
//! not at all, and repeating it changes nothing.

use serde_json::{Map, Value};
use tidemark_domain::entities::{Household, Raft};
use tidemark_domain::events::RaftEvent;
use tidemark_domain::hlc::{Hlc, HlcClock};
use tidemark_domain::merge::{merge_field, FieldOutcome, FieldWrite};
use tidemark_domain::sync::{
    Change, EntityKind, Fate, Mutation, MutationFate, MutationOp, PullResponse, PushRequest,
    PushResponse,
};
use tidemark_domain::void::EventVoid;

use super::visibility::ward_of;
use crate::error::ServerError;

/// The server's clock, in Unix milliseconds.
pub fn server_now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A page of a pull holds at most this many changes.
pub const MAX_PULL_LIMIT: u32 = 5_000;

/// A household or raft as a backend stores it: its fields, and for each
/// field the stamp and version of its last write.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    pub fields: Map<String, Value>,
    pub writes: Map<String, Value>,
    pub version: u64,
    pub deleted: bool,
}

/// The steps of a push, inside one backend transaction.
pub trait PushTx {
    /// The device's high-water mark (0 for a device never seen).
    fn high_water(&mut self, device: &str) -> Result<u64, ServerError>;
    fn set_high_water(&mut self, device: &str, seq: u64) -> Result<(), ServerError>;
    /// Stores an event once; false when its id was already stored.
    fn insert_event(&mut self, id: &str, entity: &str, body: &str) -> Result<bool, ServerError>;
    /// A stored event: its entity kind and its body (JSON).
    fn event(&mut self, id: &str) -> Result<Option<(String, String)>, ServerError>;
    /// Notes that an event names a photo, whose bytes come apart.
    fn expect_photo(&mut self, sha256: &str, event_id: &str) -> Result<(), ServerError>;
    fn load(&mut self, entity: &str, id: &str) -> Result<Option<Stored>, ServerError>;
    fn save(&mut self, entity: &str, id: &str, record: &Stored) -> Result<(), ServerError>;
    fn insert_conflict(&mut self, conflict: &ConflictRow<'_>) -> Result<(), ServerError>;
    /// Keeps the device's own stamp of a mutation that was re-stamped.
    fn flag_restamp(&mut self, m: &Mutation, original: Hlc) -> Result<(), ServerError>;
    /// Appends to the change log; the backend assigns the cursor.
    fn log_change(
        &mut self,
        m: &Mutation,
        version: u64,
        ward: Option<&str>,
    ) -> Result<(), ServerError>;
}

/// The losing side of a concurrent edit, as it is kept.
#[derive(Debug)]
pub struct ConflictRow<'a> {
    pub mutation: &'a Mutation,
    pub field: &'a str,
    pub kept: &'a Value,
    pub lost: &'a Value,
    pub lost_stamp: String,
}

/// A stamp more than [`HlcClock::MAX_DRIFT_MS`] ahead of the server's
/// clock is not trusted (it would win every merge until that time comes):
/// the mutation is applied with a stamp at server time instead, and the
/// device's stamp is kept for a supervisor. It is not rejected: the
/// inspector's record is still good.
fn restamp(m: &Mutation, now_ms: u64) -> Option<Mutation> {
    (m.hlc.wall_ms > now_ms.saturating_add(HlcClock::MAX_DRIFT_MS)).then(|| Mutation {
        hlc: Hlc {
            wall_ms: now_ms,
            counter: m.hlc.counter,
            device: m.hlc.device,
        },
        ..m.clone()
    })
}

/// Applies a push through `tx`; `now_ms` is the server's clock.
pub fn push_in(
    tx: &mut dyn PushTx,
    request: &PushRequest,
    now_ms: u64,
) -> Result<PushResponse, ServerError> {
    let device = request.device_id.to_string();
    let mut last = tx.high_water(&device)?;
    let mut fates = Vec::with_capacity(request.mutations.len());
    for m in &request.mutations {
        if m.device_id != request.device_id {
            return Err(ServerError::WrongDevice);
        }
        if m.device_seq <= last {
            reassert(tx, m)?;
            fates.push(fate(m, Fate::AlreadyApplied, None));
            continue;
        }
        if m.device_seq != last + 1 {
            return Err(ServerError::Gap {
                expected: last + 1,
                got: m.device_seq,
            });
        }
        let (outcome, code) = match restamp(m, now_ms) {
            Some(restamped) => {
                tx.flag_restamp(&restamped, m.hlc)?;
                let (outcome, code) = apply(tx, &restamped)?;
                // A conflict's code says more; otherwise say why the stamp changed.
                (outcome, code.or(Some("clock.restamped")))
            }
            None => apply(tx, m)?,
        };
        fates.push(fate(m, outcome, code));
        last = m.device_seq;
    }
    tx.set_high_water(&device, last)?;
    // Acknowledge only what this request carried. A device that lost an
    // earlier answer still holds later mutations; acknowledging them here
    // would drop them unanswered, when it may have kept its own values
    // over what it pulled while they waited (see `reassert`).
    let carried = request
        .mutations
        .iter()
        .map(|m| m.device_seq)
        .max()
        .unwrap_or(0);
    Ok(PushResponse {
        acknowledged_seq: carried.min(last),
        fates,
    })
}

/// A pull page from the rows a backend found after `cursor` (at most
/// `limit + 1` of them, visible ones only) and the log's head when it
/// looked. The next cursor moves past changes the user may not see, so a
/// device never scans them again.
pub fn pull_page(
    cursor: u64,
    limit: u32,
    head: u64,
    rows: Vec<(u64, u64, String)>,
) -> Result<PullResponse, ServerError> {
    let has_more = rows.len() > limit as usize;
    let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
    for (c, version, mutation) in rows.into_iter().take(limit as usize) {
        changes.push(Change {
            cursor: c,
            version,
            mutation: serde_json::from_str(&mutation)?,
        });
    }
    let next_cursor = if has_more {
        changes.last().map_or(cursor, |c| c.cursor)
    } else {
        cursor.max(head)
    };
    Ok(PullResponse {
        changes,
        next_cursor,
        has_more,
    })
}

/// Whether a household or raft, as it would stand after the merge, is a
/// valid record of the domain (the same types the devices parse into). A
/// device only ever sends valid records; anything else is refused, never
/// stored: one bad push must not put a record every device then fails to
/// read into the change log.
fn valid_record(entity: EntityKind, id: &str, fields: &Map<String, Value>) -> bool {
    let mut doc = fields.clone();
    doc.insert("id".into(), Value::String(id.to_owned()));
    let doc = Value::Object(doc);
    match entity {
        EntityKind::Household => serde_json::from_value::<Household>(doc).is_ok(),
        EntityKind::Raft => serde_json::from_value::<Raft>(doc).is_ok(),
        _ => false,
    }
}

/// The appended event, when it is a valid event of its kind about the
/// entity id it is pushed under.
fn valid_event(m: &Mutation, event: &Value) -> Option<RaftEvent> {
    let tagged = serde_json::json!({"type": m.entity.as_str(), "event": event});
    serde_json::from_value::<RaftEvent>(tagged)
        .ok()
        .filter(|parsed| parsed.id().as_uuid() == m.entity_id)
}

/// Why a void cannot apply, if it cannot: it must name an event this server
/// holds, of the same raft, that is not itself a void. A device only voids
/// events it pushed before or pulled, so the event is always here first.
fn void_problem(
    tx: &mut dyn PushTx,
    void: &EventVoid,
) -> Result<Option<&'static str>, ServerError> {
    let Some((entity, body)) = tx.event(&void.voided_event.to_string())? else {
        return Ok(Some("void.unknown_event"));
    };
    let raft = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|b| b.get("raft_id").and_then(Value::as_str).map(str::to_owned));
    if entity == EntityKind::EventVoid.as_str()
        || raft.as_deref() != Some(&void.raft_id.to_string())
    {
        return Ok(Some("void.invalid"));
    }
    Ok(None)
}

fn fate(m: &Mutation, fate: Fate, code: Option<&'static str>) -> MutationFate {
    MutationFate {
        device_seq: m.device_seq,
        mutation_id: m.mutation_id,
        fate,
        code: code.map(str::to_owned),
    }
}

/// Appends `m` to the change log with its ward; `record` is the household
/// or raft as it now stands, when the caller has it.
fn log(
    tx: &mut dyn PushTx,
    m: &Mutation,
    version: u64,
    record: Option<&Map<String, Value>>,
) -> Result<(), ServerError> {
    let ward = ward_of(tx, m, record)?;
    tx.log_change(m, version, ward.as_deref())
}

/// A retried edit (its answer was lost): log the standing values of its
/// fields again. While the edit waited in the device's outbox, the device
/// kept its own values over whatever it pulled for those fields; once it
/// drops the edit, it must hear what stands on the server.
fn reassert(tx: &mut dyn PushTx, m: &Mutation) -> Result<(), ServerError> {
    let MutationOp::Upsert { fields } = &m.op else {
        return Ok(());
    };
    let Some(stored) = tx.load(m.entity.as_str(), &m.entity_id.to_string())? else {
        return Ok(());
    };
    if stored.deleted {
        return Ok(());
    }
    let standing: Map<String, Value> = fields
        .keys()
        .filter_map(|f| stored.fields.get(f).map(|v| (f.clone(), v.clone())))
        .collect();
    if standing.is_empty() {
        return Ok(());
    }
    let as_logged = Mutation {
        op: MutationOp::Upsert { fields: standing },
        ..m.clone()
    };
    log(tx, &as_logged, stored.version, Some(&stored.fields))
}

/// Applies one mutation; returns its fate.
fn apply(tx: &mut dyn PushTx, m: &Mutation) -> Result<(Fate, Option<&'static str>), ServerError> {
    match (&m.op, m.entity.is_event()) {
        (MutationOp::Append { event }, true) => {
            let Some(parsed) = valid_event(m, event) else {
                return Ok((Fate::Rejected, Some("record.invalid")));
            };
            if let RaftEvent::EventVoid(void) = &parsed {
                if let Some(problem) = void_problem(tx, void)? {
                    return Ok((Fate::Rejected, Some(problem)));
                }
            }
            let event_id = m.entity_id.to_string();
            if tx.insert_event(&event_id, m.entity.as_str(), &event.to_string())? {
                // Validated above: every photo address is a SHA-256.
                let photos = event.get("photos").and_then(Value::as_array);
                for sha256 in photos
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p["sha256"].as_str())
                {
                    tx.expect_photo(sha256, &event_id)?;
                }
                log(tx, m, 1, None)?;
            }
            Ok((Fate::Applied, None))
        }
        (MutationOp::Upsert { fields }, false) => upsert(tx, m, fields),
        (MutationOp::Tombstone, false) => tombstone(tx, m),
        _ => Ok((Fate::Rejected, Some("sync.op_mismatch"))),
    }
}

fn upsert(
    tx: &mut dyn PushTx,
    m: &Mutation,
    incoming: &Map<String, Value>,
) -> Result<(Fate, Option<&'static str>), ServerError> {
    let (entity, id) = (m.entity.as_str(), m.entity_id.to_string());
    let mut stored = tx.load(entity, &id)?.unwrap_or_default();
    if stored.deleted {
        // An edit of a record deleted concurrently: the delete stands, and
        // the edit is kept as a conflict, never dropped silently.
        tx.insert_conflict(&ConflictRow {
            mutation: m,
            field: "_deleted",
            kept: &Value::Bool(true),
            lost: &Value::Object(incoming.clone()),
            lost_stamp: m.hlc.to_string(),
        })?;
        return Ok((Fate::AppliedWithConflict, Some("record.deleted")));
    }
    let new_version = stored.version + 1;
    let mut applied = Map::new();
    // (field, kept, lost, lost stamp), written only once the merged record
    // is known to be valid.
    let mut conflicts: Vec<(String, Value, Value, String)> = Vec::new();
    for (field, value) in incoming {
        let current_value = stored.fields.get(field).cloned().unwrap_or(Value::Null);
        let current_write: Option<FieldWrite> = stored
            .writes
            .get(field)
            .map(|w| serde_json::from_value(w.clone()))
            .transpose()?;
        let exists = stored.fields.contains_key(field);
        let outcome = merge_field(
            if exists { current_write } else { None },
            m.hlc,
            m.base_version,
            &current_value != value,
        );
        match outcome {
            FieldOutcome::Apply | FieldOutcome::ApplyOverConflict => {
                if outcome == FieldOutcome::ApplyOverConflict {
                    let lost_stamp = current_write
                        .map(|w| w.stamp.to_string())
                        .unwrap_or_default();
                    conflicts.push((field.clone(), value.clone(), current_value, lost_stamp));
                }
                stored.fields.insert(field.clone(), value.clone());
                stored.writes.insert(
                    field.clone(),
                    serde_json::to_value(FieldWrite {
                        stamp: m.hlc,
                        version: new_version,
                    })?,
                );
                applied.insert(field.clone(), value.clone());
            }
            FieldOutcome::KeepOverConflict => {
                conflicts.push((
                    field.clone(),
                    current_value,
                    value.clone(),
                    m.hlc.to_string(),
                ));
            }
            FieldOutcome::Keep => {}
        }
    }
    if !valid_record(m.entity, &id, &stored.fields) {
        return Ok((Fate::Rejected, Some("record.invalid")));
    }
    let conflicted = !conflicts.is_empty();
    for (field, kept, lost, lost_stamp) in &conflicts {
        tx.insert_conflict(&ConflictRow {
            mutation: m,
            field,
            kept,
            lost,
            lost_stamp: lost_stamp.clone(),
        })?;
    }
    // The change log carries the values that stand. A field this edit did
    // not win is logged too, with the value that beat it: the pushing
    // device kept its own value over what it pulled while the edit was
    // pending, and converges only when it hears the winner again.
    let mut logged = Map::new();
    for (field, value) in incoming {
        let standing = stored.fields.get(field).cloned().unwrap_or(Value::Null);
        if applied.contains_key(field) || &standing != value {
            logged.insert(field.clone(), standing);
        }
    }
    let version = if applied.is_empty() {
        stored.version
    } else {
        stored.version = new_version;
        tx.save(entity, &id, &stored)?;
        new_version
    };
    if !logged.is_empty() {
        let as_logged = Mutation {
            op: MutationOp::Upsert { fields: logged },
            ..m.clone()
        };
        log(tx, &as_logged, version, Some(&stored.fields))?;
    }
    Ok(if conflicted {
        (Fate::AppliedWithConflict, Some("field.conflict"))
    } else {
        (Fate::Applied, None)
    })
}

fn tombstone(
    tx: &mut dyn PushTx,
    m: &Mutation,
) -> Result<(Fate, Option<&'static str>), ServerError> {
    let (entity, id) = (m.entity.as_str(), m.entity_id.to_string());
    let Some(mut stored) = tx.load(entity, &id)? else {
        return Ok((Fate::Rejected, Some("record.unknown")));
    };
    if stored.deleted {
        return Ok((Fate::Applied, None));
    }
    let saw_everything = m.base_version.is_some_and(|b| b >= stored.version);
    let mut code = None;
    if !saw_everything {
        // Deleting a record someone else edited meanwhile: the delete is
        // applied, and the record as it stood is kept for a supervisor.
        tx.insert_conflict(&ConflictRow {
            mutation: m,
            field: "_deleted",
            kept: &Value::Bool(true),
            lost: &Value::Object(stored.fields.clone()),
            lost_stamp: m.hlc.to_string(),
        })?;
        code = Some("record.delete_conflict");
    }
    stored.deleted = true;
    stored.version += 1;
    tx.save(entity, &id, &stored)?;
    log(tx, m, stored.version, Some(&stored.fields))?;
    Ok((
        if code.is_some() {
            Fate::AppliedWithConflict
        } else {
            Fate::Applied
        },
        code,
    ))
}

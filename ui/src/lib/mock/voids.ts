// The mock's voids, with the Rust side's rules (crates/device/src/replica/voids.rs):
// a reason, a known event that is not a void, voided once.
import type { CommandError } from '../../bindings/CommandError';
import type { EventVoid } from '../../bindings/EventVoid';
import type { EventVoidInput } from '../../bindings/EventVoidInput';
import type { RaftEvent } from '../../bindings/RaftEvent';
import type { RecordMeta } from '../../bindings/RecordMeta';

function refuse(field: string, code: string, vi: string, en: string, errorCode = 'validation'): never {
  const err: CommandError = {
    code: errorCode,
    message: { vi: 'Có 1 trường chưa hợp lệ, vui lòng kiểm tra lại', en: '1 field(s) are not valid, please check' },
    fields: [{ field, code, message: { vi, en } }],
  };
  if (errorCode !== 'validation') err.message = { vi, en };
  throw err;
}

/** The ids of the events some void names. */
export function voidedIds(events: readonly RaftEvent[]): Set<string> {
  return new Set(events.flatMap((e) => (e.type === 'event_void' ? [e.event.voided_event] : [])));
}

/** The void `input` asks for, checked; the caller stores it. */
export function makeVoid(
  events: readonly RaftEvent[],
  input: EventVoidInput,
  id: string,
  today: string,
  meta: RecordMeta,
): EventVoid {
  const reason = input.reason.trim();
  if (!reason) refuse('reason', 'void.reason_missing', 'Cần ghi lý do hủy ghi nhận', 'Say why the record is voided');
  const voided = events.find((e) => e.event.id === input.event_id.trim());
  if (!voided) refuse('event_id', 'not_found', 'Không tìm thấy bản ghi (event)', 'Record not found (event)', 'not_found');
  if (voided.type === 'event_void')
    refuse(
      'event_id',
      'void.of_void',
      'Không thể hủy một lần hủy ghi nhận: hãy ghi lại sự việc nếu cần',
      'A void cannot be voided: log the event again if needed',
    );
  if (voidedIds(events).has(voided.event.id))
    refuse('event_id', 'void.already', 'Ghi nhận này đã được hủy', 'This record is already voided');
  return { id, raft_id: voided.event.raft_id, voided_event: voided.event.id, date: today, reason, meta };
}

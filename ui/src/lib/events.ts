// What the screens need to know of a raft's events beyond their own fields:
// their photos, their titles, and which of them a void names.
import type { EventVoid } from '../bindings/EventVoid';
import type { PhotoRef } from '../bindings/PhotoRef';
import type { RaftEvent } from '../bindings/RaftEvent';
import { t } from './i18n/index.svelte';
import { relocationStateLabel } from './labels';

/** The photos documenting an event (a void has none). */
export function eventPhotos(e: RaftEvent): readonly PhotoRef[] {
  return e.type === 'event_void' ? [] : (e.event.photos ?? []);
}

/** The event's title in the history, in the current language. */
export function eventTitle(e: RaftEvent): string {
  switch (e.type) {
    case 'float_replacement':
      return t('history.float_replacement');
    case 'relocation':
      return `${t('history.relocation')}: ${relocationStateLabel(e.event.state)}`;
    case 'inspection':
      return t('history.inspection', { number: e.event.number });
    case 'event_void':
      return t('history.event_void');
  }
}

/** Each voided event's void, by the voided event's id. */
export function voidsByEvent(history: readonly RaftEvent[]): Map<string, EventVoid> {
  const voids = new Map<string, EventVoid>();
  for (const e of history) if (e.type === 'event_void') voids.set(e.event.voided_event, e.event);
  return voids;
}

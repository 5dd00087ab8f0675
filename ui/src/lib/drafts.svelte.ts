// A form's draft: what the inspector typed, kept on the device (save_draft)
// half a second after each change, so that a closed window, a crash or a flat
// battery before Save loses nothing. When the form opens again its draft is
// put back, with a notice and a way to drop it. Invariant: a draft is kept
// exactly while the form differs from how it opened, and holds only the
// fields that differ: put back over a record that sync changed meanwhile,
// it leaves the fields the inspector did not touch as they now stand. Save,
// or leaving the form on purpose, removes it.
import * as api from './api';

/** How long typing may pause before the draft is written. */
export const DRAFT_DELAY_MS = 500;

export class FormDraft<T extends Record<string, unknown>> {
  /** When the draft that was put back had been kept; null when none was. */
  restoredAt = $state<string | null>(null);
  readonly key: string;
  #read: () => T;
  #write: (values: T) => void;
  #always: readonly string[];
  /**
   * Every write and removal goes through this chain, one after another: the
   * commands run on the Rust side's threads, and a removal sent after a
   * write must not land before it (a saved record's draft coming back).
   */
  #chain: Promise<void> = Promise.resolve();
  #opened = false;
  #closed = false;
  #initial = '';
  #last = '';
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: T | null = null;

  /**
   * `read` returns the form's values (reading reactive state, so that an
   * effect calling `watch` follows them); `write` puts values back.
   * `always`: fields kept with any change even when untouched, such as an
   * event's date, which a form fills with today: put back on a later day,
   * the work keeps the day it was entered, not the day it is finished.
   */
  constructor(key: string, read: () => T, write: (values: T) => void, always: readonly string[] = []) {
    this.key = key;
    this.#read = read;
    this.#write = write;
    this.#always = always;
  }

  #send(call: () => Promise<unknown>): Promise<void> {
    const next = this.#chain.then(call).then(
      () => undefined,
      () => {
        // A draft is a safety net: the form itself still holds every value,
        // and Save reports any storage trouble.
      },
    );
    this.#chain = next;
    return next;
  }

  /**
   * Once the form holds what it opens with (a record loaded, defaults set):
   * remembers that, then puts back the draft kept for this form, if any.
   * A draft that cannot be read is left alone: the form opens as it is.
   */
  async open(): Promise<void> {
    // Once: a second call would take the draft put back as how it opened.
    if (this.#opened) return;
    this.#initial = JSON.stringify(this.#read());
    this.#last = this.#initial;
    const draft = await api.loadDraft(this.key).catch(() => null);
    if (draft && !this.#closed) {
      this.#write({ ...JSON.parse(this.#initial), ...draft.body } as T);
      this.#last = JSON.stringify(this.#read());
      this.restoredAt = draft.saved_at;
    }
    this.#opened = true;
  }

  /** Called from an effect: reads the values (tracked) and keeps them if they changed. */
  watch(): void {
    const values = this.#read();
    if (!this.#opened || this.#closed) return;
    const text = JSON.stringify(values);
    if (text === this.#last) return;
    this.#last = text;
    this.#pending = values;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), DRAFT_DELAY_MS);
  }

  /** Writes a change still waiting for its pause now (the window is closing). */
  async flush(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const values = this.#pending;
    this.#pending = null;
    if (values === null || this.#closed) return;
    const opened = JSON.parse(this.#initial) as Record<string, unknown>;
    const differs = ([field, value]: [string, unknown]) => JSON.stringify(value) !== JSON.stringify(opened[field]);
    // Back to how it opened: nothing to keep. (A draft of an earlier day
    // keeps its date, so it stays until dropped; a changed date alone is
    // input like any other.)
    if (!Object.entries(values).some(differs)) {
      await this.#send(() => api.discardDraft(this.key));
      return;
    }
    const kept = Object.fromEntries(
      Object.entries(values).filter((entry) => differs(entry) || this.#always.includes(entry[0])),
    );
    await this.#send(() => api.saveDraft(this.key, kept));
  }

  /** The record was saved, or the form left on purpose: the draft goes. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
    this.restoredAt = null;
    await this.#send(() => api.discardDraft(this.key));
  }

  /** "Drop the draft": the form goes back to how it opened. */
  async drop(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
    this.#write(JSON.parse(this.#initial) as T);
    this.#last = this.#initial;
    this.restoredAt = null;
    await this.#send(() => api.discardDraft(this.key));
  }
}


/**
 * The draft of an event form (`kind` of raft `raftId`): its whole input,
 * photos included, and always its date (see `always`).
 */
export function eventFormDraft<T extends Record<string, unknown>>(kind: string, raftId: string, input: T): FormDraft<T> {
  return new FormDraft(
    `${kind}:${raftId}`,
    () => $state.snapshot(input) as T,
    (values) => Object.assign(input, values),
    ['date'],
  );
}

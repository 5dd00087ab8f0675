// Saving state and the Rust side's errors for one form.
import type { CommandError } from '../bindings/CommandError';
import type { Saved } from '../bindings/Saved';
import { toCommandError } from './api';
import { tx } from './i18n/index.svelte';
import { noteSaved } from './status.svelte';

export class FormState {
  saving = $state(false);
  error = $state<CommandError | null>(null);

  /** The message(s) for one input, in the current language; undefined when it is fine. */
  fieldError(field: string): string | undefined {
    const errs = this.error?.fields.filter((f) => f.field === field) ?? [];
    return errs.length ? errs.map((f) => tx(f.message)).join(' ') : undefined;
  }

  /** The message(s) for a group of inputs: the field itself and any under it ("photos", "photos.0"). */
  groupError(field: string): string | undefined {
    const errs = this.error?.fields.filter((f) => f.field === field || f.field.startsWith(`${field}.`)) ?? [];
    return errs.length ? errs.map((f) => tx(f.message)).join(' ') : undefined;
  }

  /** Messages for fields that no input on this form shows (e.g. raft_id). */
  otherErrors(known: readonly string[]): string[] {
    const shown = (field: string) => known.some((k) => field === k || field.startsWith(`${k}.`));
    return (this.error?.fields ?? []).filter((f) => !shown(f.field)).map((f) => tx(f.message));
  }

  /**
   * Runs a save; on success records the pending count, shows the "saved"
   * toast and calls `then`. On failure keeps the error for the form to show.
   */
  async run(action: () => Promise<Saved>, then: (saved: Saved) => void): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.error = null;
    try {
      const saved = await action();
      noteSaved(saved);
      then(saved);
      return true;
    } catch (e) {
      this.error = toCommandError(e);
      return false;
    } finally {
      this.saving = false;
    }
  }
}

// Photos attached to an event form: the work in progress while files are
// staged (read and sent to stage_photo one after another), so that saving
// can wait for it, and how the page names a photo's upload state.
import type { CommandError } from '../bindings/CommandError';
import type { PhotoAttachment } from '../bindings/PhotoAttachment';
import type { PhotoStatus } from '../bindings/PhotoStatus';
import type { Saved } from '../bindings/Saved';
import { en } from './i18n/en';
import { t } from './i18n/index.svelte';
import { vi } from './i18n/vi';

/** An event input whose photos a form always sends (the bindings make them optional). */
export type WithPhotos<T> = T & { photos: PhotoAttachment[] };

/** The Rust side's limit for one original (photos::MAX_PHOTO_BYTES); larger files are not even read. */
export const MAX_PHOTO_BYTES = 40 * 1024 * 1024;

/** What accepting a file picker offers: the two formats stage_photo takes. */
export const PHOTO_ACCEPT = 'image/jpeg,image/png';

/**
 * Whether a webcam can be offered: the WebView has getUserMedia and lists at
 * least one camera. Before permission the list has empty labels but its
 * kinds are already there, so asking does not prompt the inspector.
 */
export async function hasWebcam(): Promise<boolean> {
  const media = globalThis.navigator?.mediaDevices;
  if (typeof media?.getUserMedia !== 'function' || typeof media.enumerateDevices !== 'function') return false;
  try {
    return (await media.enumerateDevices()).some((d) => d.kind === 'videoinput');
  } catch {
    return false;
  }
}

/** A webcam photo's file name from when it was taken, in local time: webcam-20261127-093015.jpg. */
export function webcamFileName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}`;
  return `webcam-${day}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}.jpg`;
}

/**
 * The files of one form still being read or staged. A job resolves true
 * when its file was staged (or dropped by the user), false when it failed.
 */
export class PhotoStaging {
  /** Files waiting, being read or being staged. */
  busy = $state(0);
  // Not state: only settled() reads it.
  #jobs: Promise<boolean>[] = [];

  track(job: Promise<boolean>): Promise<boolean> {
    this.busy += 1;
    this.#jobs.push(job);
    void job.finally(() => {
      this.#jobs = this.#jobs.filter((j) => j !== job);
      this.busy -= 1;
    });
    return job;
  }

  /** Waits until no file is in progress (files added meanwhile too); resolves with how many failed. */
  async settled(): Promise<number> {
    const seen: Promise<boolean>[] = [];
    let failed = 0;
    for (;;) {
      const open = this.#jobs.filter((j) => !seen.includes(j));
      if (open.length === 0) return failed;
      seen.push(...open);
      const results = await Promise.all(open);
      failed += results.filter((ok) => !ok).length;
    }
  }
}

/** The error a save ends with when a photo it waited for could not be staged. */
export function stagingFailedError(): CommandError {
  const message = { vi: vi['photos.stagingFailed'], en: en['photos.stagingFailed'] };
  return {
    code: 'validation',
    message: { vi: vi['form.saveFailed'], en: en['form.saveFailed'] },
    fields: [{ field: 'photos', code: 'photo.staging_failed', message }],
  };
}

/**
 * Saves once every photo in progress is staged; `send` reads the input only
 * then, so photos staged while waiting go with it. If one of them failed the
 * save stops, so that no photo the inspector chose is silently left out.
 */
export async function afterStaging(staging: PhotoStaging | undefined, send: () => Promise<Saved>): Promise<Saved> {
  if (staging && (await staging.settled()) > 0) throw stagingFailedError();
  return send();
}

/** A photo's upload state as data-state: null (another device took it) is "remote"; "unknown" before it is known. */
export type PhotoStateName = NonNullable<PhotoStatus['state']> | 'remote' | 'unknown';

export function photoStateName(status: PhotoStatus | undefined): PhotoStateName {
  if (!status) return 'unknown';
  return status.state ?? 'remote';
}

/** Share of an upload done, 0..99 while it runs (100 only once the server holds it all). */
export function uploadPercent(status: PhotoStatus): number {
  if (status.size_bytes <= 0) return 0;
  return Math.max(0, Math.min(99, Math.floor((status.uploaded_bytes / status.size_bytes) * 100)));
}

/** Why a photo could not go at the last sync, in words; null when nothing went wrong. */
export function photoProblemText(status: PhotoStatus | undefined): string | null {
  const code = status?.upload_problem;
  if (!code || status?.state === 'on_server') return null;
  switch (code) {
    case 'photo.file_missing':
      return t('photos.problem.fileMissing');
    case 'photo.hash_mismatch':
      return t('photos.problem.hashMismatch');
    default:
      return t('photos.problem.other');
  }
}

/** The chip's words: "Chờ gửi", "Đang gửi 45 %", "Đã lên máy chủ", "Trên máy chủ"; or why it could not go. */
export function photoStateText(status: PhotoStatus | undefined): string | null {
  const problem = photoProblemText(status);
  if (problem) return problem;
  const name = photoStateName(status);
  switch (name) {
    case 'staged':
      return t('photos.state.staged');
    case 'waiting':
      return t('photos.state.waiting');
    case 'uploading':
      return t('photos.state.uploading', { percent: uploadPercent(status!) });
    case 'on_server':
      return t('photos.state.on_server');
    case 'remote':
      return t('photos.state.remote');
    case 'unknown':
      return null;
  }
  return null;
}

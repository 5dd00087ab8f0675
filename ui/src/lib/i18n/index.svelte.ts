// The current language (Vietnamese by default, persisted in localStorage)
// and the functions components use to show text, numbers and dates in it.
import type { Text } from '../../bindings/Text';
import { formatDate, formatNumber, type Lang } from '../format';
import { en } from './en';
import { vi, type MessageKey, type Messages } from './vi';

export type { Lang, MessageKey };

export const LANG_STORAGE_KEY = 'tidemark.lang';
const dictionaries: Record<Lang, Messages> = { vi, en };

function storedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    if (v === 'vi' || v === 'en') return v;
  } catch {
    // Storage can be unavailable (private mode, tests): fall back to vi.
  }
  return 'vi';
}

const state = $state<{ lang: Lang }>({ lang: storedLang() });

function applyToDocument(lang: Lang) {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
applyToDocument(state.lang);

export function currentLang(): Lang {
  return state.lang;
}

export function setLang(lang: Lang): void {
  state.lang = lang;
  applyToDocument(lang);
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not persisted; the switch still works for this session.
  }
}

/** Re-reads the stored language (used by tests that simulate a restart). */
export function reloadLang(): void {
  state.lang = storedLang();
  applyToDocument(state.lang);
}

export type Params = Record<string, string | number>;

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** A translated message in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(dictionaries[state.lang][key], params);
}

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

/** A message with a count: `${base}.one` for 1, `${base}.other` otherwise; {n} is the formatted count. */
export function tn(base: PluralBase, n: number, params?: Params): string {
  const key = (n === 1 ? `${base}.one` : `${base}.other`) as MessageKey;
  return t(key, { ...params, n: num(n) });
}

/** A bilingual message from the Rust side in the current language. */
export function tx(text: Text): string {
  return text[state.lang];
}

/** A number with the current language's separators (vi 1.200; en 1,200). */
export function num(value: number | bigint, maxFractionDigits = 0): string {
  return formatNumber(value, state.lang, maxFractionDigits);
}

/** A stored date (ISO or RFC 3339) as dd/mm/yyyy. */
export function date(value: string | null | undefined): string {
  return formatDate(value);
}

import { describe, expect, it } from 'vitest';
import { en } from './en';
import { vi as viMessages } from './vi';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('vi.ts and en.ts have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(viMessages).sort());
  });

  it('has no empty message', () => {
    for (const [key, value] of [...Object.entries(viMessages), ...Object.entries(en)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(viMessages) as (keyof typeof viMessages)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(viMessages[key]));
    }
  });

  it('uses the glossary terms', () => {
    expect(viMessages['floats.styrofoam']).toBe('Phao xốp');
    expect(viMessages['floats.hdpe']).toBe('Phao nhựa HDPE');
    expect(viMessages['sync.offline']).toBe('Ngoại tuyến');
    expect(viMessages['toast.saved']).toBe('Đã lưu trên thiết bị này');
    expect(en['toast.saved']).toBe('Saved on this device');
  });
});

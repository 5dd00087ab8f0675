import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../bindings/CommandError';
import { MockBackend } from './backend';
import { DEMO_ACCOUNT } from './data';

function refusal(f: () => unknown): CommandError {
  try {
    f();
  } catch (e) {
    return e as CommandError;
  }
  throw new Error('expected a rejection');
}

describe('mock sync', () => {
  it('starts signed out, with one made-up item that needs attention', () => {
    const m = new MockBackend();
    const s = m.syncStatus();
    expect(s.server_url).toBeNull();
    expect(s.signed_in).toBe(false);
    expect(s.needs_attention).toBe(1);
    expect(m.attention[0]!.label).toContain('Mẫu');
    expect(new MockBackend({ empty: true }).syncStatus().needs_attention).toBe(0);
  });

  it('checks the server address and the demo account, in both languages', () => {
    const m = new MockBackend();
    const bad = refusal(() => m.handle('sign_in', { serverUrl: '192.168.1.10', username: 'admin', password: 'x' }));
    expect(bad.code).toBe('sync.bad_server_url');
    expect(bad.message.vi).toContain('http://');
    expect(bad.message.en).toContain('http://');
    const wrong = refusal(() =>
      m.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: 'sai' }),
    );
    expect(wrong.code).toBe('auth.invalid_credentials');
    expect(m.syncStatus().signed_in).toBe(false);

    m.handle('sign_in', { serverUrl: 'https://dongbo.example', username: 'admin', password: DEMO_ACCOUNT.password });
    expect(m.syncStatus()).toMatchObject({ signed_in: true, server_url: 'https://dongbo.example', online: true });
  });

  it('syncs only when signed in, and then empties the outbox', () => {
    const m = new MockBackend();
    m.pending = 4;
    expect(refusal(() => m.handle('sync_now', {})).code).toBe('auth.not_signed_in');
    m.handle('sign_in', { serverUrl: 'http://127.0.0.1:8787', username: 'admin', password: DEMO_ACCOUNT.password });
    expect(m.handle('sync_now', {})).toEqual({ pushed: 4, pulled: 0, conflicts: 0, rejected: 0 });
    const s = m.syncStatus();
    expect(s.pending).toBe(0);
    expect(s.last_sync_at).not.toBeNull();
    m.handle('sign_out', {});
    expect(m.syncStatus()).toMatchObject({ signed_in: false, server_url: 'http://127.0.0.1:8787' });
  });

  it('sends my value again: the record takes it and it waits in the outbox', () => {
    const m = new MockBackend();
    const item = m.attention[0]!;
    const left = m.handle('resolve_attention', { id: item.id, sendMineAgain: true });
    expect(left).toEqual([]);
    expect(m.households.find((h) => h.id === item.entity_id)!.village).toBe('Khu 3');
    expect(m.pending).toBe(1);
  });
});

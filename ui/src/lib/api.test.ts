import { describe, expect, it } from 'vitest';
import type { CommandError } from '../bindings/CommandError';
import type { HouseholdInput } from '../bindings/HouseholdInput';
import { callsTo, mockCommands } from '../test/ipc';
import * as api from './api';

const input: HouseholdInput = {
  full_name: 'Nguyễn Mẫu Hải',
  cccd: '022000000001',
  phone: '',
  village: 'Thôn 3',
  admin_unit_code: 'QY-HA-AN',
  cooperative: '',
};

describe('api', () => {
  it('passes each command its named arguments', async () => {
    const calls = mockCommands({
      save_household: () => ({ id: 'new-id', pending_sync: 4 }),
      search_households: () => [],
      get_raft: () => ({}),
    });
    await expect(api.saveHousehold(null, input)).resolves.toEqual({ id: 'new-id', pending_sync: 4 });
    await api.searchHouseholds('hoang tan');
    await api.getRaft('r1');
    expect(callsTo(calls, 'save_household')).toEqual([{ id: null, input }]);
    expect(callsTo(calls, 'search_households')).toEqual([{ query: 'hoang tan' }]);
    expect(callsTo(calls, 'get_raft')).toEqual([{ id: 'r1' }]);
  });

  it('passes the sync commands their camelCase arguments', async () => {
    const calls = mockCommands({
      sign_in: () => ({ username: 'canbo1', display_name: 'Cán Bộ Mẫu Một', role: 'inspector', wards: [], disabled: false }),
      sign_out: () => ({}),
      sync_now: () => ({ pushed: 1, pulled: 0, conflicts: 0, rejected: 0 }),
      needs_attention: () => [],
      resolve_attention: () => [],
    });
    await api.signIn('http://192.168.1.10:8787', 'canbo1', 'mat-khau');
    await api.syncStatus();
    await api.syncNow();
    await api.signOut();
    await api.needsAttention();
    await api.resolveAttention(4, true);
    expect(callsTo(calls, 'sign_in')).toEqual([
      { serverUrl: 'http://192.168.1.10:8787', username: 'canbo1', password: 'mat-khau' },
    ]);
    expect(callsTo(calls, 'resolve_attention')).toEqual([{ id: 4, sendMineAgain: true }]);
    expect(calls.mock.calls.map(([c]) => c)).toEqual([
      'sign_in',
      'sync_status',
      'sync_now',
      'sign_out',
      'needs_attention',
      'resolve_attention',
    ]);
  });

  it('sends stage_photo the photo’s bytes as the payload itself, and the photo commands their arguments', async () => {
    const calls = mockCommands({
      stage_photo: () => ({ sha256: 'a'.repeat(64) }),
      photo_statuses: () => [],
      photo_thumbnail: () => null,
    });
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
    await expect(api.stagePhoto(bytes)).resolves.toEqual({ sha256: 'a'.repeat(64) });
    await expect(api.photoThumbnail('a'.repeat(64))).resolves.toBeNull();
    await api.photoStatuses('ev-1');
    expect(callsTo(calls, 'stage_photo')).toEqual([bytes]);
    expect(callsTo(calls, 'stage_photo')[0]).toBe(bytes);
    expect(callsTo(calls, 'photo_statuses')).toEqual([{ eventId: 'ev-1' }]);
    expect(callsTo(calls, 'photo_thumbnail')).toEqual([{ sha256: 'a'.repeat(64) }]);
  });

  it('rejects with the CommandError the Rust side sent', async () => {
    const err: CommandError = {
      code: 'not_found',
      message: { vi: 'Không tìm thấy lồng bè', en: 'Raft not found' },
      fields: [],
    };
    mockCommands({
      get_raft: () => {
        throw err;
      },
    });
    await expect(api.getRaft('x')).rejects.toEqual(err);
  });

  it('turns any other rejection into a CommandError', async () => {
    mockCommands({
      ward_progress: () => {
        throw 'command ward_progress not found';
      },
    });
    const e = (await api.wardProgress().catch((x: unknown) => x)) as CommandError;
    expect(api.isCommandError(e)).toBe(true);
    expect(e.code).toBe('ipc');
    expect(e.fields).toEqual([]);
    expect(e.message.vi).toContain('command ward_progress not found');
    expect(e.message.en).toContain('command ward_progress not found');
  });
});

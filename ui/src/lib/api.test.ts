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

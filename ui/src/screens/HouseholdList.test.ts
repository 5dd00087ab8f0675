import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../App.svelte';
import type { HouseholdSummary } from '../bindings/HouseholdSummary';
import { fold } from '../lib/mock/data';
import { callsTo, mockCommands } from '../test/ipc';
import HouseholdList from './HouseholdList.svelte';

const rows: HouseholdSummary[] = [
  {
    id: 'h1',
    full_name: 'Nguyễn Mẫu Hải',
    village: 'Thôn 3',
    admin_unit_code: 'QY-HOANG-TAN-2011',
    admin_unit_name: 'Hoàng Tân',
    cccd_masked: '••••••••1234',
    raft_count: 2,
    demo: true,
  },
  {
    id: 'h2',
    full_name: 'Trần Mẫu Lụa',
    village: 'Khu Bắc Tiến',
    admin_unit_code: 'QY-PHONG-COC',
    admin_unit_name: 'Phong Cốc',
    cccd_masked: null,
    raft_count: 1,
    demo: false,
  },
];

// Stands in for the server-side, diacritic-insensitive search.
const search = (a: Record<string, unknown>) =>
  rows.filter((r) => fold(`${r.full_name} ${r.admin_unit_name}`).includes(fold(String(a.query))));

describe('households list', () => {
  it('says when a list is cut at the search limit, and how to narrow it', async () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ ...rows[1]!, id: `h${i}`, full_name: `Hộ Số ${i}` }));
    mockCommands({ search_households: (a) => (String(a.query) === '' ? many : many.slice(0, 3)) });
    const user = userEvent.setup();
    render(HouseholdList);
    await waitFor(() =>
      expect(screen.getByTestId('household-count')).toHaveTextContent(
        '500 hộ nuôi đầu tiên: gõ tên, CCCD hoặc thôn để thu hẹp',
      ),
    );
    await user.type(screen.getByRole('searchbox'), 'so 1');
    await waitFor(() => expect(screen.getByTestId('household-count')).toHaveTextContent(/^3 hộ nuôi$/));
  });

  it('lists every household at first, with DEMO badges on demo records', async () => {
    const calls = mockCommands({ search_households: search });
    render(HouseholdList);
    const found = await screen.findAllByTestId('household-row');
    expect(found).toHaveLength(2);
    expect(callsTo(calls, 'search_households')).toEqual([{ query: '' }]);
    expect(found[0]).toHaveTextContent('Nguyễn Mẫu Hải');
    expect(found[0]).toHaveTextContent('Thôn 3, Hoàng Tân');
    expect(found[0]).toHaveTextContent('••••••••1234');
    expect(found[0]).toHaveTextContent('2 lồng bè');
    expect(found[0]).toHaveAttribute('href', '#/households/h1');
    expect(screen.getAllByTestId('demo-badge')).toHaveLength(1);
    expect(screen.getByTestId('household-count')).toHaveTextContent('2 hộ nuôi');
  });

  it('calls search_households with the typed query', async () => {
    const calls = mockCommands({ search_households: search });
    const user = userEvent.setup();
    render(HouseholdList);
    await screen.findAllByTestId('household-row');

    await user.type(screen.getByTestId('household-search'), 'hoang tan');

    await waitFor(() => expect(callsTo(calls, 'search_households').at(-1)).toEqual({ query: 'hoang tan' }));
    await waitFor(() => expect(screen.getAllByTestId('household-row')).toHaveLength(1));
    expect(screen.getByTestId('household-row')).toHaveTextContent('Nguyễn Mẫu Hải');
    // Typing is debounced: not one call per keystroke.
    expect(callsTo(calls, 'search_households').length).toBeLessThan(5);
  });

  it('says so when nothing matches', async () => {
    mockCommands({ search_households: search });
    const user = userEvent.setup();
    render(HouseholdList);
    await screen.findAllByTestId('household-row');
    await user.type(screen.getByTestId('household-search'), 'không có ai{Enter}');
    expect(await screen.findByTestId('no-match')).toHaveTextContent('Không có hộ nuôi nào khớp với «không có ai».');
  });

  it('offers demo data on an empty device and loads it', async () => {
    let loaded = false;
    const calls = mockCommands({
      search_households: () => (loaded ? rows : []),
      load_demo_data: () => {
        loaded = true;
        return { households: 2, rafts: 3, events: 5 };
      },
    });
    const user = userEvent.setup();
    render(App);
    const button = await screen.findByTestId('load-demo');
    expect(button).toHaveTextContent('Tải dữ liệu mẫu (DEMO)');
    await user.click(button);
    expect(await screen.findByTestId('toast')).toHaveTextContent(
      'Đã tải dữ liệu mẫu: 2 hộ nuôi, 3 lồng bè, 5 sự kiện',
    );
    expect(await screen.findAllByTestId('household-row')).toHaveLength(2);
    expect(screen.queryByTestId('empty-state')).not.toBeInTheDocument();
    expect(callsTo(calls, 'load_demo_data')).toHaveLength(1);
  });
});

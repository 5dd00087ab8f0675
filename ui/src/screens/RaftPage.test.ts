import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RaftDetail } from '../bindings/RaftDetail';
import { setLang } from '../lib/i18n/index.svelte';
import { demoEvents, demoRafts, SHOWCASE_RAFT_ID } from '../lib/mock/data';
import { mockCommands } from '../test/ipc';
import RaftPage from './RaftPage.svelte';

const n = (v: number): number => v;

function detail(overdrawn = false): RaftDetail {
  const raft = demoRafts().find((r) => r.id === SHOWCASE_RAFT_ID)!;
  // Oldest first on purpose: the page must still show the newest first.
  const history = demoEvents()
    .filter((e) => e.event.raft_id === SHOWCASE_RAFT_ID)
    .sort((a, b) => a.event.date.localeCompare(b.event.date));
  return {
    raft,
    household_name: 'Nguyễn Mẫu Hải',
    admin_unit_name: 'Hoàng Tân',
    floats: { styrofoam: n(1200), hdpe: n(2350), other_compliant: n(0), overdrawn },
    history,
    demo: true,
  };
}

describe('raft page', () => {
  it('renders the float totals by material', async () => {
    mockCommands({ get_raft: () => detail() });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('float-card-styrofoam-value')).toHaveTextContent('1.200');
    expect(screen.getByTestId('float-card-hdpe-value')).toHaveTextContent('2.350');
    expect(screen.getByTestId('float-card-other-value')).toHaveTextContent('0');
    expect(screen.getByTestId('float-card-styrofoam')).toHaveTextContent('Phao xốp còn lại');
    expect(screen.getByTestId('float-card-hdpe')).toHaveTextContent('Phao nhựa HDPE');
    expect(screen.queryByTestId('overdrawn-warning')).not.toBeInTheDocument();
    expect(screen.getByTestId('raft-tag')).toHaveTextContent('HT-03-012');
    expect(screen.getByTestId('status-chip')).toHaveTextContent('Đã di dời');
    expect(screen.getByTestId('demo-badge')).toBeInTheDocument();
    expect(screen.getByTestId('raft-household')).toHaveTextContent('Nguyễn Mẫu Hải');
    expect(screen.getByTestId('action-replace')).toHaveTextContent('Thay phao');
    expect(screen.getByTestId('action-relocate')).toHaveTextContent('Di dời');
    expect(screen.getByTestId('action-inspect')).toHaveTextContent('Kiểm tra');
  });

  it('warns when more styrofoam was removed than registered', async () => {
    mockCommands({ get_raft: () => detail(true) });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('overdrawn-warning')).toHaveTextContent('Cần kiểm đếm lại phao xốp');
  });

  it('renders every history entry, newest first, in readable Vietnamese', async () => {
    mockCommands({ get_raft: () => detail() });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries).toHaveLength(5);
    expect(entries.map((e) => e.querySelector('time')?.textContent)).toEqual([
      '09/07/2025',
      '16/06/2025',
      '18/04/2025',
      '20/03/2025',
      '12/03/2025',
    ]);
    const [latest, relocated, , ordered, inspection] = entries as HTMLElement[];
    expect(latest).toHaveTextContent('Tháo 120 phao xốp · Lắp 120 phao nhựa HDPE');
    expect(latest).toHaveTextContent('Tiêu hủy');
    expect(latest).toHaveTextContent('3.600.000 đ');
    expect(relocated).toHaveTextContent('Di dời: Đã di dời xong');
    expect(relocated).toHaveTextContent('1,22 km');
    expect(ordered).toHaveTextContent(/Hạn hoàn thành\s*30\/06\/2025/);
    expect(inspection).toHaveTextContent('Biên bản kiểm tra số 15/BB-KT');
    expect(inspection).toHaveTextContent('Cán Bộ Mẫu Một, Cán Bộ Mẫu Hai');
    expect(within(inspection!).getByTestId('violation')).toHaveTextContent(
      'NĐ 38/2024/NĐ-CP, Điều 17: Nuôi trồng thủy sản không đúng địa điểm đã đăng ký, lấn chiếm luồng (phạt 10.000.000 đ)',
    );
  });

  it('uses English labels and separators when switched', async () => {
    setLang('en');
    mockCommands({ get_raft: () => detail() });
    render(RaftPage, { id: SHOWCASE_RAFT_ID });
    expect(await screen.findByTestId('float-card-styrofoam-value')).toHaveTextContent('1,200');
    expect(screen.getByTestId('float-card-styrofoam')).toHaveTextContent('Styrofoam floats left');
    expect(screen.getAllByTestId('history-entry')[0]).toHaveTextContent(
      'Removed 120 styrofoam floats · Installed 120 HDPE plastic floats',
    );
  });

  it('says when the raft is not found', async () => {
    mockCommands({
      get_raft: () => {
        throw { code: 'not_found', message: { vi: 'Không tìm thấy', en: 'Not found' }, fields: [] };
      },
    });
    render(RaftPage, { id: 'missing' });
    expect(await screen.findByTestId('load-error')).toHaveTextContent('Không tìm thấy bản ghi này');
  });
});

import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { WardProgress as Ward } from '../bindings/WardProgress';
import { setLang } from '../lib/i18n/index.svelte';
import { mockCommands } from '../test/ipc';
import WardProgress from './WardProgress.svelte';

function ward(code: string, name: string, rafts: number, demo_rafts: number): Ward {
  return {
    ward_code: code,
    ward_name: name,
    households: 2,
    rafts,
    styrofoam_initial: 400,
    styrofoam_remaining: 100,
    hdpe_installed: 300,
    rafts_relocated: 1,
    rafts_to_relocate: 2,
    demo_rafts,
  };
}

describe('ward progress', () => {
  it('shows every ward, the totals, and how far styrofoam is replaced', async () => {
    mockCommands({ ward_progress: () => [ward('QY-HA-AN', 'Hà An', 4, 0), ward('QY-PHONG-COC', 'Phong Cốc', 6, 0)] });
    render(WardProgress);
    const rows = await screen.findAllByTestId('progress-row');
    expect(rows.map((r) => r.dataset.ward)).toEqual(['QY-HA-AN', 'QY-PHONG-COC']);
    const total = screen.getByTestId('progress-total');
    expect(within(total).getByRole('rowheader')).toHaveTextContent('Tổng cộng');
    // 800 initial, 200 left: 75 % replaced; 2 relocated of 4 still to go.
    expect(total).toHaveTextContent('200 / 800');
    expect(total).toHaveTextContent('Đã chuyển đổi 75%');
    expect(total).toHaveTextContent('2 / 4');
    // Real data only: no demo label anywhere.
    expect(screen.queryByTestId('progress-demo-notice')).not.toBeInTheDocument();
    expect(screen.queryByTestId('demo-badge')).not.toBeInTheDocument();
  });

  it('labels demo rafts in their ward and in the total, and says they stay on this device', async () => {
    mockCommands({ ward_progress: () => [ward('QY-HA-AN', 'Hà An', 4, 3), ward('QY-PHONG-COC', 'Phong Cốc', 6, 0)] });
    render(WardProgress);
    const [haAn, phongCoc] = await screen.findAllByTestId('progress-row');
    expect(within(haAn!).getByTestId('progress-demo')).toHaveTextContent('gồm 3 bè mẫu');
    expect(within(phongCoc!).queryByTestId('progress-demo')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('progress-total')).getByTestId('progress-demo')).toHaveTextContent('gồm 3 bè mẫu');
    expect(screen.getByTestId('progress-demo-notice')).toHaveTextContent('không bao giờ được gửi lên máy chủ');
    setLang('en');
    expect(await screen.findByText('incl. 3 demo rafts', { exact: false, selector: '[data-testid="progress-row"] *' })).toBeInTheDocument();
  });
});

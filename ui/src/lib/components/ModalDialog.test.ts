// The modal shell on its own: focus, the Tab trap and Escape, which the map
// picker and the webcam dialog rely on without testing every key themselves.
import { cleanup, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ModalDialog from './ModalDialog.svelte';

const body = createRawSnippet(() => ({ render: () => '<p>Body</p>' }));
const foot = createRawSnippet(() => ({
  render: () => '<div><button type="button">Cancel</button><button type="button">Use</button></div>',
}));

function open(props: { describedByHelp?: boolean } = {}) {
  const onclose = vi.fn();
  render(ModalDialog, {
    title: 'Pick a point',
    help: 'Click the map.',
    closeLabel: 'Close',
    width: 'min(500px, 100%)',
    testid: 'modal',
    closeTestid: 'modal-close',
    onclose,
    children: body,
    foot,
    ...props,
  });
  return { onclose, dialog: screen.getByTestId('modal'), user: userEvent.setup() };
}

describe('modal dialog shell', () => {
  it('is a named modal dialog that takes focus on open, described by its help line unless told not to', async () => {
    const { dialog } = open();
    expect(dialog).toHaveAttribute('role', 'dialog');
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleName('Pick a point');
    expect(dialog).toHaveAccessibleDescription('Click the map.');
    expect(dialog.style.width).toBe('min(500px, 100%)');
    await vi.waitFor(() => expect(dialog).toHaveFocus());
    cleanup();

    const other = open({ describedByHelp: false }).dialog;
    expect(other).not.toHaveAttribute('aria-describedby');
    expect(other).toHaveTextContent('Click the map.');
  });

  it('keeps Tab inside, both ways, and from the box itself', async () => {
    const { dialog, user } = open();
    await vi.waitFor(() => expect(dialog).toHaveFocus());
    await user.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Use' })).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('modal-close')).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Use' })).toHaveFocus();
  });

  it('closes on Escape before a listener behind it sees the key, and with the close button', async () => {
    const behind = vi.fn();
    window.addEventListener('keydown', behind);
    try {
      const { onclose, user } = open();
      await user.keyboard('{Escape}');
      expect(onclose).toHaveBeenCalledTimes(1);
      expect(behind).not.toHaveBeenCalled();
      await user.click(screen.getByRole('button', { name: 'Close' }));
      expect(onclose).toHaveBeenCalledTimes(2);
    } finally {
      window.removeEventListener('keydown', behind);
    }
  });
});

// The webcam in the photo section of an event form (float replacement here).
// jsdom has no cameras, no video playback and no canvas: navigator.mediaDevices
// is a fake whose streams' tracks have a spy stop(), the video "plays" at
// 1280 × 720, and the canvas encodes a small JPEG header of its own size that
// the mock backend's stage_photo reads.
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import App from '../../App.svelte';
import type { FloatReplacementInput } from '../../bindings/FloatReplacementInput';
import { MockBackend } from '../mock/backend';
import { SHOWCASE_RAFT_ID } from '../mock/data';
import { samplePhoto } from '../mock/photos';
import { navigate } from '../router.svelte';
import { webcamFileName } from '../photos.svelte';
import { callsTo, mockCommands } from '../../test/ipc';

const CMDS = ['get_raft', 'list_zones', 'stage_photo', 'log_float_replacement', 'photo_statuses', 'photo_thumbnail'];
const FRAME = { width: 1280, height: 720 };

type FakeStream = MediaStream & { track: { stop: Mock; deviceId: string } };

function fakeStream(deviceId: string): FakeStream {
  const track = { kind: 'video', deviceId, stop: vi.fn(), getSettings: () => ({ deviceId, ...FRAME }) };
  return { track, getTracks: () => [track], getVideoTracks: () => [track] } as unknown as FakeStream;
}

const CAMERA_NAMES = ['Integrated Camera', 'USB Camera'];

/** Puts a fake navigator.mediaDevices with `cameras` cameras (and a microphone); null: none at all. */
function installMedia(cameras: number, getUserMedia?: (c: MediaStreamConstraints) => Promise<MediaStream>) {
  const streams: FakeStream[] = [];
  const devices = [
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Microphone', groupId: 'a' },
    ...Array.from({ length: cameras }, (_, i) => ({
      kind: 'videoinput',
      deviceId: `cam-${i + 1}`,
      label: CAMERA_NAMES[i] ?? '',
      groupId: `g${i}`,
    })),
  ];
  const media = {
    getUserMedia: vi.fn(
      getUserMedia ??
        (async (c: MediaStreamConstraints) => {
          const video = c.video as MediaTrackConstraints;
          const exact = (video.deviceId as ConstrainDOMStringParameters | undefined)?.exact;
          const s = fakeStream(typeof exact === 'string' ? exact : 'cam-1');
          streams.push(s);
          return s;
        }),
    ),
    enumerateDevices: vi.fn(async () => devices as MediaDeviceInfo[]),
  };
  Object.defineProperty(navigator, 'mediaDevices', { value: media, configurable: true });
  return { media, streams };
}

let drawImage: Mock;

beforeEach(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  vi.spyOn(HTMLVideoElement.prototype, 'videoWidth', 'get').mockReturnValue(FRAME.width);
  vi.spyOn(HTMLVideoElement.prototype, 'videoHeight', 'get').mockReturnValue(FRAME.height);
  drawImage = vi.fn();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({
    drawImage,
  } as unknown as CanvasRenderingContext2D);
  // Asynchronous, as in a browser; the "JPEG" has the canvas's size in its header.
  vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (this: HTMLCanvasElement, cb) {
    const bytes = samplePhoto({ width: this.width, height: this.height, bytes: 40_000 });
    setTimeout(() => cb(new Blob([bytes], { type: 'image/jpeg' })), 0);
  });
});

afterEach(() => {
  Reflect.deleteProperty(navigator, 'mediaDevices');
  vi.useRealTimers();
});

async function openForm(backend = new MockBackend()) {
  const calls = mockCommands(Object.fromEntries(CMDS.map((c) => [c, (a: Record<string, unknown>) => backend.handle(c, a)])));
  navigate(`#/rafts/${SHOWCASE_RAFT_ID}/replace`);
  render(App);
  const user = userEvent.setup();
  await screen.findByLabelText(/Số phao xốp đã tháo/);
  return { calls, user };
}

/** Opens the dialog from the moment's webcam button and waits until Capture can be pressed. */
async function openWebcam(user: ReturnType<typeof userEvent.setup>, moment: 'before' | 'after') {
  const button = await screen.findByTestId(`photo-webcam-${moment}`);
  await user.click(button);
  const dialog = screen.getByRole('dialog');
  const capture = within(dialog).getByRole('button', { name: /Chụp ảnh/ });
  await waitFor(() => expect(capture).toBeEnabled());
  return { button, dialog, capture };
}

const moment = (name: 'Trước' | 'Sau') => screen.getByRole('region', { name });

describe('webcam photos: when the button is offered', () => {
  it('is hidden without navigator.mediaDevices', async () => {
    await openForm();
    await tick();
    expect(screen.getByTestId('photo-attach-before')).toBeInTheDocument();
    expect(screen.queryByTestId('photo-webcam-before')).not.toBeInTheDocument();
  });

  it('is hidden when the only devices are not cameras', async () => {
    const { media } = installMedia(0);
    await openForm();
    await waitFor(() => expect(media.enumerateDevices).toHaveBeenCalled());
    await tick();
    expect(screen.queryByTestId('photo-webcam-before')).not.toBeInTheDocument();
    expect(screen.queryByTestId('photo-webcam-after')).not.toBeInTheDocument();
    // Looking does not open a camera.
    expect(media.getUserMedia).not.toHaveBeenCalled();
  });

  it('is shown for each moment next to the add button when there is a camera', async () => {
    const { media } = installMedia(1);
    await openForm();
    expect(await screen.findByTestId('photo-webcam-before')).toHaveTextContent('Chụp bằng webcam');
    expect(screen.getByTestId('photo-webcam-after')).toHaveTextContent('Chụp bằng webcam');
    expect(screen.getByTestId('photo-attach-before')).toBeInTheDocument();
    expect(screen.getByTestId('photo-input-before')).toHaveAttribute('capture', 'environment');
    expect(media.getUserMedia).not.toHaveBeenCalled();
  });

  it('names the file from the local time', () => {
    expect(webcamFileName(new Date(2026, 10, 27, 9, 30, 15))).toBe('webcam-20261127-093015.jpg');
    expect(webcamFileName(new Date(2025, 0, 2, 23, 4, 5))).toBe('webcam-20250102-230405.jpg');
  });
});

describe('webcam photos: taking one', () => {
  it('stages a JPEG of the frame through stage_photo and shows its tile under the moment; the camera stops', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 27, 9, 30, 15));
    const { media, streams } = installMedia(1);
    const { calls, user } = await openForm();
    const { button, dialog, capture } = await openWebcam(user, 'after');

    expect(dialog).toHaveAccessibleName('Chụp ảnh sau bằng webcam');
    expect(media.getUserMedia).toHaveBeenCalledWith({
      video: { facingMode: 'environment', width: { ideal: 1920 }, height: { ideal: 1080 } },
      audio: false,
    });
    const video = within(dialog).getByTestId('webcam-video') as HTMLVideoElement;
    expect(video.srcObject).toBe(streams[0]);
    expect(video.muted).toBe(true);
    expect(video).toHaveAttribute('playsinline');
    // One camera: nothing to choose.
    expect(within(dialog).queryByLabelText('Camera')).not.toBeInTheDocument();
    // Frames are there: focus moves from the dialog to Capture.
    expect(capture).toHaveFocus();

    await user.click(capture);

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(streams[0]!.track.stop).toHaveBeenCalled();
    expect(drawImage).toHaveBeenCalledWith(video, 0, 0, FRAME.width, FRAME.height);
    expect(HTMLCanvasElement.prototype.toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/jpeg', 0.92);
    expect(button).toHaveFocus();

    const tile = await within(moment('Sau')).findByTestId('photo-tile');
    expect(tile).toHaveTextContent('webcam-20261127-093015.jpg');
    expect(tile).toHaveTextContent('1280 × 720 px');
    expect(within(tile).queryByTestId('photo-taken-at')).not.toBeInTheDocument();
    expect(within(moment('Trước')).queryByTestId('photo-tile')).not.toBeInTheDocument();
    const [payload] = callsTo(calls, 'stage_photo') as unknown as Uint8Array[];
    expect([...payload!.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(payload!.byteLength).toBe(40_000);

    // Saved with its moment, like a chosen file.
    await user.type(screen.getByLabelText(/Số phao xốp đã tháo/), '40');
    await user.type(screen.getByLabelText(/Số phao mới đã lắp/), '40');
    await user.click(screen.getByTestId('form-save'));
    await waitFor(() => expect(callsTo(calls, 'log_float_replacement')).toHaveLength(1));
    const input = callsTo(calls, 'log_float_replacement')[0]!.input as FloatReplacementInput;
    expect(input.photos).toEqual([{ sha256: tile.dataset.sha256, moment: 'after' }]);
  });

  it('stops the camera on Cancel and on Escape, and Escape does not leave the form', async () => {
    const { streams } = installMedia(1);
    const { calls, user } = await openForm();

    const first = await openWebcam(user, 'before');
    const cancel = within(first.dialog).getByTestId('webcam-cancel');
    expect(cancel).toHaveTextContent('Hủy');
    await user.click(cancel);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(streams[0]!.track.stop).toHaveBeenCalled();
    expect(first.button).toHaveFocus();

    const second = await openWebcam(user, 'before');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(streams[1]!.track.stop).toHaveBeenCalled();
    expect(second.button).toHaveFocus();
    expect(location.hash).toBe(`#/rafts/${SHOWCASE_RAFT_ID}/replace`);
    expect(callsTo(calls, 'stage_photo')).toHaveLength(0);
    expect(screen.queryByTestId('photo-tile')).not.toBeInTheDocument();
  });

  it('stops the camera when the form goes away (unmount)', async () => {
    const { streams } = installMedia(1);
    const { user } = await openForm();
    await openWebcam(user, 'before');
    navigate(`#/rafts/${SHOWCASE_RAFT_ID}`);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(streams[0]!.track.stop).toHaveBeenCalled();
  });

  it('stops a stream the camera grants only after the dialog was cancelled', async () => {
    let grant!: (s: MediaStream) => void;
    const late = fakeStream('cam-1');
    installMedia(1, () => new Promise<MediaStream>((r) => (grant = r)));
    const { user } = await openForm();
    await user.click(await screen.findByTestId('photo-webcam-before'));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveFocus();
    expect(within(dialog).getByTestId('webcam-starting')).toHaveTextContent('Đang mở camera…');
    expect(within(dialog).getByRole('button', { name: /Chụp ảnh/ })).toBeDisabled();
    await user.keyboard('{Escape}');
    grant(late);
    await waitFor(() => expect(late.track.stop).toHaveBeenCalled());
  });

  it('switching camera stops the old stream and opens the chosen one by its deviceId', async () => {
    const { media, streams } = installMedia(2);
    const { user } = await openForm();
    const { dialog } = await openWebcam(user, 'before');
    const select = await within(dialog).findByLabelText('Camera');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(CAMERA_NAMES);
    expect(select).toHaveValue('cam-1');

    await user.selectOptions(select, 'USB Camera');
    expect(streams[0]!.track.stop).toHaveBeenCalled();
    expect(media.getUserMedia).toHaveBeenLastCalledWith({
      video: { deviceId: { exact: 'cam-2' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
      audio: false,
    });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: /Chụp ảnh/ })).toBeEnabled());
    expect((within(dialog).getByTestId('webcam-video') as HTMLVideoElement).srcObject).toBe(streams[1]);
    expect(streams[1]!.track.stop).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('button', { name: /Chụp ảnh/ }));
    expect(streams[1]!.track.stop).toHaveBeenCalled();
    await within(moment('Trước')).findByTestId('photo-tile');
  });
});

describe('webcam photos: errors', () => {
  it('says how to allow the camera when permission is refused, and tries again', async () => {
    let refuse = true;
    const granted = fakeStream('cam-1');
    const { media } = installMedia(1, async () => {
      if (refuse) throw new DOMException('Permission denied', 'NotAllowedError');
      return granted;
    });
    const { user } = await openForm();
    await user.click(await screen.findByTestId('photo-webcam-before'));
    const dialog = screen.getByRole('dialog');
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Ứng dụng chưa được phép dùng camera. Hãy bấm Cho phép khi máy hỏi, hoặc bật quyền dùng camera cho Tidemark trong phần Quyền riêng tư của hệ điều hành, rồi bấm Thử lại.',
    );
    expect(within(dialog).getByRole('button', { name: /Chụp ảnh/ })).toBeDisabled();

    refuse = false;
    await user.click(within(alert).getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: /Chụp ảnh/ })).toBeEnabled());
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(media.getUserMedia).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['SecurityError', 'Ứng dụng chưa được phép dùng camera'],
    ['NotFoundError', 'Không tìm thấy camera. Hãy cắm webcam vào máy rồi bấm Thử lại.'],
    ['OverconstrainedError', 'Không tìm thấy camera.'],
    ['NotReadableError', 'Camera đang được một ứng dụng khác dùng'],
    ['AbortError', 'Không mở được camera: Starting videoinput failed'],
  ])('%s has its own message', async (name, text) => {
    installMedia(1, async () => {
      throw new DOMException('Starting videoinput failed', name);
    });
    const { user } = await openForm();
    await user.click(await screen.findByTestId('photo-webcam-before'));
    expect(await screen.findByRole('alert')).toHaveTextContent(text);
  });

  it('says so in English when the frame cannot be encoded, and stages nothing', async () => {
    vi.mocked(HTMLCanvasElement.prototype.toBlob).mockImplementation((cb) => setTimeout(() => cb(null), 0));
    const { streams } = installMedia(1);
    const { calls, user } = await openForm();
    await user.click(screen.getByTestId('lang-en'));
    expect(await screen.findByTestId('photo-webcam-before')).toHaveTextContent('Use webcam');
    await user.click(screen.getByTestId('photo-webcam-before'));
    const dialog = screen.getByRole('dialog', { name: 'Before photo from the webcam' });
    const capture = within(dialog).getByRole('button', { name: /Take photo/ });
    await waitFor(() => expect(capture).toBeEnabled());
    await user.click(capture);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'No photo could be made from the camera image. Press Try again.',
    );
    expect(streams[0]!.track.stop).toHaveBeenCalled();
    expect(callsTo(calls, 'stage_photo')).toHaveLength(0);
  });
});

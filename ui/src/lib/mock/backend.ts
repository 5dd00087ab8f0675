// An in-memory stand-in for the Rust commands, for browser previews and
// tests. It follows the IPC contract (shapes, CommandError rejections,
// pending_sync counts) and checks a few fields the way the Rust side does;
// it is not the source of truth for any rule.
import type { Account } from '../../bindings/Account';
import type { BasemapInfo } from '../../bindings/BasemapInfo';
import type { AttentionItem } from '../../bindings/AttentionItem';
import type { AveragedFix } from '../../bindings/AveragedFix';
import type { DemoRemoved } from '../../bindings/DemoRemoved';
import type { DeviceFix } from '../../bindings/DeviceFix';
import type { EventVoidInput } from '../../bindings/EventVoidInput';
import type { CommandError } from '../../bindings/CommandError';
import type { FieldError } from '../../bindings/FieldError';
import type { FloatCountsInput } from '../../bindings/FloatCountsInput';
import type { FloatReplacementInput } from '../../bindings/FloatReplacementInput';
import type { FloatTotals } from '../../bindings/FloatTotals';
import type { GnssReading } from '../../bindings/GnssReading';
import type { Household } from '../../bindings/Household';
import type { HouseholdDetail } from '../../bindings/HouseholdDetail';
import type { HouseholdInput } from '../../bindings/HouseholdInput';
import type { HouseholdSummary } from '../../bindings/HouseholdSummary';
import type { InspectionInput } from '../../bindings/InspectionInput';
import type { MapFeatures } from '../../bindings/MapFeatures';
import type { PhotoAttachment } from '../../bindings/PhotoAttachment';
import type { PhotoRef } from '../../bindings/PhotoRef';
import type { PhotoStatus } from '../../bindings/PhotoStatus';
import type { PhotoUploadState } from '../../bindings/PhotoUploadState';
import type { Position } from '../../bindings/Position';
import type { PositionInput } from '../../bindings/PositionInput';
import type { Raft } from '../../bindings/Raft';
import type { RaftDetail } from '../../bindings/RaftDetail';
import type { RaftEvent } from '../../bindings/RaftEvent';
import type { RaftInput } from '../../bindings/RaftInput';
import type { RaftSummary } from '../../bindings/RaftSummary';
import type { RelocationInput } from '../../bindings/RelocationInput';
import type { Saved } from '../../bindings/Saved';
import type { SerialPortEntry } from '../../bindings/SerialPortEntry';
import type { StagedPhoto } from '../../bindings/StagedPhoto';
import type { SyncReport } from '../../bindings/SyncReport';
import type { SyncStatus } from '../../bindings/SyncStatus';
import type { WardProgress } from '../../bindings/WardProgress';
import type { Zone } from '../../bindings/Zone';
import {
  ADMIN_UNITS,
  DEMO_ACCOUNT,
  DEVICE_ID,
  demoAttention,
  demoEvents,
  demoHouseholds,
  demoPhotoStates,
  demoRafts,
  demoZones,
  fold,
  meta,
} from './data';
import {
  fakeSha256,
  imageSize,
  MOCK_MAX_DIMENSION,
  MOCK_MAX_PHOTO_BYTES,
  mockThumbnail,
  readExif,
  samplePhotoBase64,
  sniffPhoto,
  type SamplePhoto,
} from './photos';
import { parsePositionInput } from './position';
import { checkPosition, completedStatus, zoneContains, zoneNamed } from './zones';
import { makeVoid, voidedIds } from './voids';
import { eventPhotos } from '../events';

/** Named arguments; stage_photo gets the photo's bytes instead. */
type Args = unknown;

/** The bytes of a raw request body (a Uint8Array, an ArrayBuffer or an array of numbers), else null. */
function bytesOf(body: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]') return new Uint8Array(body as ArrayBuffer);
  if (Array.isArray(body) && body.every((n) => typeof n === 'number')) return Uint8Array.from(body as number[]);
  return null;
}

const fe = (field: string, code: string, vi: string, en: string): FieldError => ({
  field,
  code,
  message: { vi, en },
});

function reject(code: string, vi: string, en: string, fields: FieldError[] = []): never {
  const err: CommandError = { code, message: { vi, en }, fields };
  throw err;
}

const required = (field: string, v: string) =>
  v.trim() ? [] : [fe(field, 'text.empty', 'Trường này bắt buộc', 'This field is required')];

function count(field: string, v: string): FieldError[] {
  const s = v.trim().replace(/\./g, '');
  if (s === '' || /^\d+$/.test(s)) return [];
  return [fe(field, 'count.number', `Số lượng: «${v.trim()}» không phải là số`, `Count: «${v.trim()}» is not a number`)];
}

const num = (v: string) => (v.trim() === '' ? 0 : Number(v.trim().replace(/\./g, '').replace(',', '.')));
const opt = (v: string) => (v.trim() === '' ? null : v.trim());

function fieldDate(field: string, v: string, optional = false): FieldError[] {
  if (optional && v.trim() === '') return [];
  if (!/^\d{1,2}\/\d{1,2}\/\d{4}$|^\d{4}-\d{2}-\d{2}$/.test(v.trim()))
    return [
      fe(
        field,
        'date.format',
        `«${v.trim()}» không phải là ngày hợp lệ (dd/mm/yyyy)`,
        `«${v.trim()}» is not a valid date (dd/mm/yyyy)`,
      ),
    ];
  return [];
}

function iso(v: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : v.trim();
}

function position(p: PositionInput): Position | null {
  const parsed = parsePositionInput(p);
  return parsed.ok ? parsed.value : null;
}

function positionErrors(field: string, p: PositionInput): FieldError[] {
  const parsed = parsePositionInput(p);
  return parsed.ok ? [] : [fe(field, parsed.error.code, parsed.error.vi, parsed.error.en)];
}

const floatErrors = (prefix: string, f: FloatCountsInput) => [
  ...count(`${prefix}.styrofoam`, f.styrofoam),
  ...count(`${prefix}.hdpe`, f.hdpe),
  ...count(`${prefix}.other_compliant`, f.other_compliant),
];

function check(errors: FieldError[]) {
  if (errors.length)
    reject('validation', 'Dữ liệu chưa hợp lệ', 'Some fields are not valid', errors);
}

/** One made-up USB receiver. */
const MOCK_PORTS: SerialPortEntry[] = [{ path: '/dev/ttyUSB0', description: 'Máy thu GPS USB (mẫu)' }];

let idSeq = 0;
function newId(): string {
  idSeq += 1;
  return `0193f000-0000-7000-8000-${String(Date.now() % 1e8).padStart(8, '0')}${String(idSeq).padStart(4, '0')}`;
}

const now = () => new Date().toISOString();

/** A photo this device holds: what staging learned, and where its upload stands. */
type MockPhoto = { staged: StagedPhoto; state: PhotoUploadState; uploaded_bytes: number };

function refusePhoto(code: string, vi: string, en: string): never {
  return reject('validation', 'Dữ liệu chưa hợp lệ', 'Some fields are not valid', [fe('photo', code, vi, en)]);
}

/** What the mock keeps of sync; pending and needs_attention come from the records. */
type MockSync = Omit<SyncStatus, 'pending' | 'needs_attention'>;

export class MockBackend {
  households: Household[] = [];
  rafts: Raft[] = [];
  events: RaftEvent[] = [];
  attention: AttentionItem[] = [];
  /** The farming zones synced to this device; an empty device gets them at its first sync. */
  zones: Zone[] = [];
  pending = 0;
  demoLoaded = false;
  /** Whether the made-up server can be reached (see setNetwork). */
  network = true;
  /** The loaded base map; none until load_basemap is given a made-up Quảng Yên file. */
  basemap: BasemapInfo | null = null;
  /** The long side photos are downscaled to before upload (set_photo_max_px). */
  photoMaxPx = 2048;
  /** Form drafts by key, as save_draft keeps them. */
  drafts = new Map<string, { body: Record<string, unknown>; saved_at: string }>();
  /** Photos on this device by address (staged, waiting, uploading, on the server). */
  photos = new Map<string, MockPhoto>();
  /** How long read_gnss takes, ms; by default a few seconds of the time asked for (tests set 0). */
  gnssDelayMs: number | null = null;
  sync: MockSync = {
    server_url: null,
    signed_in: false,
    account_username: null,
    account_name: null,
    last_sync_at: null,
    last_attempt_at: null,
    online: null,
    last_error: null,
    needs_sign_in: false,
  };

  constructor(opts: { empty?: boolean } = {}) {
    if (!opts.empty) {
      this.loadDemo();
      this.attention = demoAttention();
      this.zones = demoZones();
    }
  }

  /** For previews: cut or restore the made-up network. */
  setNetwork(up: boolean) {
    this.network = up;
    if (this.sync.signed_in) {
      this.sync.online = up;
      this.sync.last_attempt_at = now();
      this.sync.last_error = up
        ? null
        : {
            code: 'sync.offline',
            message: {
              vi: 'Không kết nối được máy chủ đồng bộ. Dữ liệu vẫn được lưu trên thiết bị này.',
              en: 'The sync server cannot be reached. Data is still saved on this device.',
            },
          };
    }
  }

  /** For previews: the server no longer accepts this device's token. */
  revokeToken() {
    if (!this.sync.signed_in) return;
    this.sync.needs_sign_in = true;
    this.sync.last_attempt_at = now();
    this.sync.last_error = {
      code: 'auth.revoked',
      message: {
        vi: 'Máy chủ không còn chấp nhận đăng nhập của thiết bị này. Hãy đăng nhập lại.',
        en: 'The server no longer accepts this device’s sign-in. Please sign in again.',
      },
    };
  }

  syncStatus(): SyncStatus {
    return { ...this.sync, pending: this.pending, needs_attention: this.attention.length };
  }

  signIn(serverUrl: string, username: string, password: string): Account {
    if (!/^https?:\/\/\S+$/.test(serverUrl.trim()))
      reject(
        'sync.bad_server_url',
        `«${serverUrl.trim()}» không phải là địa chỉ máy chủ hợp lệ. Địa chỉ bắt đầu bằng http:// hoặc https://, ví dụ http://192.168.1.10:8787`,
        `«${serverUrl.trim()}» is not a valid server address. It starts with http:// or https://, for example http://192.168.1.10:8787`,
      );
    if (!this.network)
      reject(
        'sync.offline',
        'Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại.',
        'The server cannot be reached. Check the network and try again.',
      );
    if (username.trim() !== DEMO_ACCOUNT.username || password !== DEMO_ACCOUNT.password)
      reject(
        'auth.invalid_credentials',
        'Tên đăng nhập hoặc mật khẩu không đúng.',
        'The username or password is not correct.',
      );
    this.sync = {
      ...this.sync,
      server_url: serverUrl.trim().replace(/\/+$/, ''),
      signed_in: true,
      account_username: DEMO_ACCOUNT.username,
      account_name: DEMO_ACCOUNT.display_name,
      online: true,
      last_attempt_at: now(),
      last_error: null,
      needs_sign_in: false,
    };
    return { username: DEMO_ACCOUNT.username, display_name: DEMO_ACCOUNT.display_name, role: 'admin', wards: [], disabled: false };
  }

  signOut(): SyncStatus {
    this.sync = {
      ...this.sync,
      signed_in: false,
      account_username: null,
      account_name: null,
      online: null,
      last_error: null,
      needs_sign_in: false,
    };
    return this.syncStatus();
  }

  syncNow(): SyncReport {
    if (!this.sync.signed_in)
      reject(
        'auth.not_signed_in',
        'Thiết bị chưa đăng nhập máy chủ đồng bộ. Hãy đăng nhập trong phần Cài đặt.',
        'This device is not signed in to a sync server. Sign in under Settings.',
      );
    if (this.sync.needs_sign_in)
      reject(
        'auth.revoked',
        'Máy chủ không còn chấp nhận đăng nhập của thiết bị này. Hãy đăng nhập lại.',
        'The server no longer accepts this device’s sign-in. Please sign in again.',
      );
    this.sync.last_attempt_at = now();
    if (!this.network) {
      this.setNetwork(false);
      reject(
        'sync.offline',
        'Không kết nối được máy chủ đồng bộ. Dữ liệu vẫn được lưu trên thiết bị này.',
        'The sync server cannot be reached. Data is still saved on this device.',
      );
    }
    const pushed = this.pending;
    this.pending = 0;
    // Every photo that waits goes up whole (the made-up network is fast).
    let photosUploaded = 0;
    let photoBytesSent = 0;
    for (const p of this.photos.values()) {
      if (p.state !== 'waiting' && p.state !== 'uploading') continue;
      photoBytesSent += p.staged.size_bytes - p.uploaded_bytes;
      p.uploaded_bytes = p.staged.size_bytes;
      p.state = 'on_server';
      photosUploaded += 1;
    }
    this.sync = { ...this.sync, online: true, last_sync_at: now(), last_error: null };
    // The made-up server always holds the demo zones.
    const zonesUpdated = this.zones.length === 0;
    if (zonesUpdated) this.zones = demoZones();
    return {
      pushed,
      pulled: 0,
      conflicts: 0,
      rejected: 0,
      zones_updated: zonesUpdated,
      photos_uploaded: photosUploaded,
      photo_bytes_sent: photoBytesSent,
      photos_failed: 0,
    };
  }

  resolveAttention(id: unknown, sendMineAgain: boolean): AttentionItem[] {
    const item = this.attention.find((a) => a.id === id);
    if (!item) return reject('not_found', 'Không tìm thấy mục cần xử lý', 'Item not found');
    if (sendMineAgain) {
      if (!item.can_send_mine_again)
        reject('attention.cannot_reapply', 'Không gửi lại được thay đổi này', 'This change cannot be sent again');
      const record: Record<string, unknown> | undefined =
        item.entity === 'household'
          ? this.households.find((h) => h.id === item.entity_id)
          : this.rafts.find((r) => r.id === item.entity_id);
      if (record) for (const f of item.fields) record[f.field] = f.mine;
      this.pending += 1;
    }
    this.attention = this.attention.filter((a) => a.id !== item.id);
    return this.attention;
  }

  loadDemo() {
    const known = new Set(this.households.map((h) => h.id));
    const hs = demoHouseholds().filter((h) => !known.has(h.id));
    const rs = demoRafts().filter((r) => !this.rafts.some((x) => x.id === r.id));
    const es = demoEvents().filter((e) => !this.events.some((x) => x.event.id === e.event.id));
    this.households.push(...hs);
    this.rafts.push(...rs);
    this.events.push(...es);
    const refs = new Map(es.flatMap((e) => eventPhotos(e)).map((p) => [p.sha256, p]));
    for (const { sha256, state, uploaded_bytes } of demoPhotoStates()) {
      const ref = refs.get(sha256);
      if (!ref || this.photos.has(sha256)) continue;
      const { moment: _moment, ...staged } = ref;
      this.photos.set(sha256, {
        staged: { ...staged, original_bytes: null, thumbnail: mockThumbnail(sha256) },
        state,
        uploaded_bytes,
      });
    }
    this.demoLoaded = true;
    return { households: hs.length, rafts: rs.length, events: es.length };
  }

  /** As the Rust side: demo households, their rafts, events and photos go; real ones stay. */
  removeDemo(): DemoRemoved {
    const households = new Set(this.households.filter((h) => h.demo).map((h) => h.id));
    const rafts = new Set(this.rafts.filter((r) => households.has(r.household_id)).map((r) => r.id));
    const events = this.events.filter((e) => rafts.has(e.event.raft_id));
    const photos = events.flatMap((e) => eventPhotos(e)).filter((p) => this.photos.delete(p.sha256));
    this.events = this.events.filter((e) => !rafts.has(e.event.raft_id));
    this.rafts = this.rafts.filter((r) => !rafts.has(r.id));
    this.households = this.households.filter((h) => !households.has(h.id));
    this.demoLoaded = false;
    return { households: households.size, rafts: rafts.size, events: events.length, photos: photos.length };
  }

  private unitName(code: string) {
    return ADMIN_UNITS.find((u) => u.code === code)?.name ?? code;
  }

  private wardOf(code: string) {
    const u = ADMIN_UNITS.find((x) => x.code === code);
    return u?.merged_into ?? u?.code ?? code;
  }

  private household(id: unknown): Household {
    const h = this.households.find((x) => x.id === id);
    return h ?? reject('not_found', 'Không tìm thấy hộ nuôi', 'Household not found');
  }

  private raft(id: unknown): Raft {
    const r = this.rafts.find((x) => x.id === id);
    return r ?? reject('not_found', 'Không tìm thấy lồng bè', 'Raft not found');
  }

  private history(raftId: string): RaftEvent[] {
    return this.events
      .filter((e) => e.event.raft_id === raftId)
      .sort((a, b) => b.event.date.localeCompare(a.event.date));
  }

  totals(r: Raft): FloatTotals {
    let styrofoam = r.initial_floats.styrofoam;
    let hdpe = r.initial_floats.hdpe;
    let other = r.initial_floats.other_compliant;
    const voided = voidedIds(this.events);
    for (const e of this.events) {
      if (e.type !== 'float_replacement' || e.event.raft_id !== r.id || voided.has(e.event.id)) continue;
      styrofoam -= e.event.styrofoam_removed;
      if (e.event.installed_material === 'hdpe') hdpe += e.event.installed;
      else other += e.event.installed;
    }
    const n = (v: number): number => v;
    return { styrofoam: n(Math.max(0, styrofoam)), hdpe: n(hdpe), other_compliant: n(other), overdrawn: styrofoam < 0 };
  }

  private raftSummary(r: Raft): RaftSummary {
    const h = this.household(r.household_id);
    return {
      id: r.id,
      household_id: r.household_id,
      household_name: h.full_name,
      local_tag: r.local_tag,
      kind: r.kind,
      species: r.species,
      status: r.status,
      floats: this.totals(r),
      demo: h.demo,
    };
  }

  private saved(id: string): Saved {
    this.pending += 1;
    return { id, pending_sync: this.pending };
  }

  handle(cmd: string, args: Args): unknown {
    if (cmd === 'stage_photo') return this.stagePhoto(args);
    const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    switch (cmd) {
      case 'app_info':
        return {
          device_id: DEVICE_ID,
          data_dir: '/home/canbo/.local/share/vn.tidemark.app',
          version: '0.1.0',
          demo_loaded: this.demoLoaded,
          pending_sync: this.pending,
          needs_attention: this.attention.length,
        };
      case 'list_admin_units':
        return ADMIN_UNITS;
      case 'search_households':
        return this.search(String(a.query ?? ''));
      case 'get_household':
        return this.getHousehold(a.id);
      case 'save_household':
        return this.saveHousehold(a.id as string | null, a.input as HouseholdInput);
      case 'delete_household': {
        const h = this.household(a.id);
        if (this.rafts.some((r) => r.household_id === h.id))
          reject(
            'household.has_rafts',
            'Hộ nuôi còn lồng bè: hãy xóa lồng bè trước',
            'The household still has rafts: delete them first',
          );
        this.households = this.households.filter((x) => x.id !== h.id);
        return this.saved(h.id);
      }
      case 'get_raft':
        return this.getRaft(a.id);
      case 'save_raft':
        return this.saveRaft(a.id as string | null, a.input as RaftInput);
      case 'delete_raft': {
        const r = this.raft(a.id);
        this.rafts = this.rafts.filter((x) => x.id !== r.id);
        this.events = this.events.filter((e) => e.event.raft_id !== r.id);
        return this.saved(r.id);
      }
      case 'log_float_replacement':
        return this.logFloatReplacement(a.input as FloatReplacementInput);
      case 'log_relocation':
        return this.logRelocation(a.input as RelocationInput);
      case 'log_inspection':
        return this.logInspection(a.input as InspectionInput);
      case 'save_draft':
        this.drafts.set(String(a.key), { body: a.body as Record<string, unknown>, saved_at: now() });
        return null;
      case 'load_draft': {
        const d = this.drafts.get(String(a.key));
        return d ? { key: String(a.key), ...d } : null;
      }
      case 'discard_draft':
        this.drafts.delete(String(a.key));
        return null;
      case 'void_event': {
        const id = newId();
        const today = new Date().toISOString().slice(0, 10);
        const made = makeVoid(this.events, a.input as EventVoidInput, id, today, meta(now(), 'Thiết bị này'));
        this.events.push({ type: 'event_void', event: made });
        return this.saved(id);
      }
      case 'photo_statuses':
        return this.photoStatuses(String(a.eventId ?? ''));
      case 'photo_max_px':
        return this.photoMaxPx;
      case 'set_photo_max_px': {
        const px = Number(a.px);
        if (!Number.isInteger(px) || px < 320 || px > 8192)
          reject('validation', 'Có 1 trường chưa hợp lệ, vui lòng kiểm tra lại', '1 field(s) are not valid, please check', [
            fe('photo_max_px', 'photo.max_px', 'Kích thước tối đa phải từ 320 đến 8192 điểm ảnh', 'The maximum must be 320 to 8,192 pixels'),
          ]);
        this.photoMaxPx = px;
        return px;
      }
      case 'staged_photo':
        return this.photos.get(String(a.sha256 ?? ''))?.staged ?? null;
      case 'photo_thumbnail':
        return this.photos.get(String(a.sha256 ?? ''))?.staged.thumbnail ?? null;
      case 'list_zones':
        return this.listZones();
      case 'ward_progress':
        return this.wardProgress();
      case 'map_features':
        return this.mapFeatures();
      case 'basemap_info':
        return this.basemap;
      case 'load_basemap':
        return this.loadBasemap(String(a.path ?? ''));
      case 'list_serial_ports':
        return MOCK_PORTS;
      case 'read_gnss':
        return this.readGnss(String(a.port ?? ''), Number(a.baud), Number(a.seconds));
      case 'average_device_fixes':
        return this.averageDeviceFixes(a.fixes as DeviceFix[]);
      case 'load_demo_data':
        return this.loadDemo();
      case 'remove_demo_data':
        return this.removeDemo();
      case 'ui_ready':
        return 250;
      case 'sync_status':
        return this.syncStatus();
      case 'sync_now':
        return this.syncNow();
      case 'sign_in':
        return this.signIn(String(a.serverUrl ?? ''), String(a.username ?? ''), String(a.password ?? ''));
      case 'sign_out':
        return this.signOut();
      case 'needs_attention':
        return this.attention;
      case 'resolve_attention':
        return this.resolveAttention(a.id, a.sendMineAgain === true);
      default:
        return reject('not_found', `Không có lệnh ${cmd}`, `No command ${cmd}`);
    }
  }

  search(query: string): HouseholdSummary[] {
    const q = fold(query).trim();
    return this.households
      .map((h) => ({ h, unit: this.unitName(h.admin_unit_code) }))
      .filter(({ h, unit }) => !q || fold(`${h.full_name} ${h.village} ${unit} ${h.cccd ?? ''}`).includes(q))
      .sort((x, y) => x.h.full_name.localeCompare(y.h.full_name, 'vi'))
      .map(({ h, unit }) => ({
        id: h.id,
        full_name: h.full_name,
        village: h.village,
        admin_unit_code: h.admin_unit_code,
        admin_unit_name: unit,
        cccd_masked: h.cccd ? `••••••••${h.cccd.slice(8)}` : null,
        raft_count: this.rafts.filter((r) => r.household_id === h.id).length,
        demo: h.demo,
      }));
  }

  getHousehold(id: unknown): HouseholdDetail {
    const h = this.household(id);
    return {
      household: h,
      admin_unit_name: this.unitName(h.admin_unit_code),
      rafts: this.rafts.filter((r) => r.household_id === h.id).map((r) => this.raftSummary(r)),
    };
  }

  saveHousehold(id: string | null, input: HouseholdInput): Saved {
    const cccd = input.cccd.replace(/\s/g, '');
    check([
      ...(input.full_name.trim().length >= 2
        ? []
        : [fe('full_name', 'name.empty', 'Chưa nhập họ và tên', 'Full name is required')]),
      ...(cccd === '' || /^\d{12}$/.test(cccd)
        ? []
        : [
            fe(
              'cccd',
              'cccd.length',
              `Số CCCD phải có đúng 12 chữ số (đã nhập ${cccd.length})`,
              `A CCCD number has exactly 12 digits (${cccd.length} entered)`,
            ),
          ]),
      ...required('village', input.village),
      ...(ADMIN_UNITS.some((u) => u.code === input.admin_unit_code)
        ? []
        : [
            fe(
              'admin_unit_code',
              'admin_unit.unknown',
              'Chọn phường/xã trong danh sách',
              'Choose a ward or commune from the list',
            ),
          ]),
    ]);
    const fields = {
      full_name: input.full_name.trim().replace(/\s+/g, ' '),
      cccd: cccd || null,
      phone: opt(input.phone),
      village: input.village.trim(),
      admin_unit_code: input.admin_unit_code,
      cooperative: opt(input.cooperative),
    };
    if (id) {
      const h = this.household(id);
      Object.assign(h, fields, { meta: { ...h.meta, updated_at: now() } });
      return this.saved(h.id);
    }
    const h: Household = { id: newId(), ...fields, demo: false, meta: meta(now(), 'Thiết bị này') };
    this.households.push(h);
    return this.saved(h.id);
  }

  getRaft(id: unknown): RaftDetail {
    const r = this.raft(id);
    const h = this.household(r.household_id);
    return {
      raft: r,
      household_name: h.full_name,
      admin_unit_name: this.unitName(h.admin_unit_code),
      floats: this.totals(r),
      history: this.history(r.id),
      demo: h.demo,
      zone_check: checkPosition(this.zones, r.position),
    };
  }

  saveRaft(id: string | null, input: RaftInput): Saved {
    this.household(input.household_id);
    check([
      ...required('local_tag', input.local_tag),
      ...count('cell_count', input.cell_count),
      ...positionErrors('position', input.position),
      ...floatErrors('initial_floats', input.initial_floats),
    ]);
    const f = input.initial_floats;
    const fields = {
      household_id: input.household_id,
      local_tag: input.local_tag.trim(),
      kind: input.kind,
      cell_count: num(input.cell_count),
      length_m: input.length_m.trim() ? num(input.length_m) : null,
      width_m: input.width_m.trim() ? num(input.width_m) : null,
      species: input.species,
      position: position(input.position),
      waterway: opt(input.waterway),
      zone: opt(input.zone),
      status: input.status,
      initial_floats: { styrofoam: num(f.styrofoam), hdpe: num(f.hdpe), other_compliant: num(f.other_compliant) },
    };
    if (id) {
      const r = this.raft(id);
      Object.assign(r, fields, { meta: { ...r.meta, updated_at: now() } });
      return this.saved(r.id);
    }
    const r: Raft = { id: newId(), ...fields, meta: meta(now(), 'Thiết bị này') };
    this.rafts.push(r);
    return this.saved(r.id);
  }

  logFloatReplacement(input: FloatReplacementInput): Saved {
    const r = this.raft(input.raft_id);
    const empty = num(input.styrofoam_removed) === 0 && num(input.installed) === 0;
    check([
      ...fieldDate('date', input.date),
      ...count('styrofoam_removed', input.styrofoam_removed),
      ...count('installed', input.installed),
      ...(empty
        ? [
            fe(
              'installed',
              'replacement.empty',
              'Nhập số phao xốp đã thay hoặc số phao mới đã lắp',
              'Enter the styrofoam floats removed or the new floats installed',
            ),
          ]
        : []),
    ]);
    const photos = this.attachPhotos(input.photos);
    const id = newId();
    this.events.push({
      type: 'float_replacement',
      event: {
        id,
        raft_id: r.id,
        date: iso(input.date),
        styrofoam_removed: num(input.styrofoam_removed),
        installed: num(input.installed),
        installed_material: input.installed_material,
        supplier: opt(input.supplier),
        batch: opt(input.batch),
        disposal: input.disposal,
        subsidy_vnd: num(input.subsidy_vnd),
        note: opt(input.note),
        ...photos,
        meta: meta(now(), 'Thiết bị này'),
      },
    });
    return this.saved(id);
  }

  listZones(): Zone[] {
    return [...this.zones].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }

  /**
   * Like the Rust side: with zones on the device the target zone must be one
   * of them (by code or name); a completed relocation that ends outside it
   * leaves the raft outside_zone.
   */
  logRelocation(input: RelocationInput): Saved {
    const r = this.raft(input.raft_id);
    const to = position(input.to);
    check([
      ...fieldDate('date', input.date),
      ...positionErrors('from', input.from),
      ...positionErrors('to', input.to),
      ...(input.state === 'completed' && !to
        ? [
            fe(
              'to',
              'relocation.destination_required',
              'Di dời hoàn thành cần tọa độ vị trí mới',
              'A completed relocation needs the new position',
            ),
          ]
        : []),
      ...fieldDate('deadline', input.deadline, true),
    ]);
    const given = opt(input.target_zone);
    const target = given !== null && this.zones.length > 0 ? zoneNamed(this.zones, given) : undefined;
    if (given !== null && this.zones.length > 0 && !target)
      check([
        fe(
          'target_zone',
          'relocation.unknown_zone',
          `Không có vùng nuôi «${given}» trên máy này`,
          `No farming zone «${given}» on this device`,
        ),
      ]);
    const insideTargetZone = target && to ? zoneContains(target, to) : null;
    const targetZone = target?.code ?? given;
    const from = position(input.from) ?? r.position;
    const photos = this.attachPhotos(input.photos);
    const id = newId();
    this.events.push({
      type: 'relocation',
      event: {
        id,
        raft_id: r.id,
        date: iso(input.date),
        state: input.state,
        from,
        to,
        target_zone: targetZone,
        deadline: input.deadline.trim() ? iso(input.deadline) : null,
        distance_m: from && to ? haversine(from, to) : null,
        inside_target_zone: insideTargetZone,
        note: opt(input.note),
        ...photos,
        meta: meta(now(), 'Thiết bị này'),
      },
    });
    const status = { ordered: 'must_relocate', started: 'relocating', dismantled: 'dismantled' } as const;
    if (input.state === 'completed') {
      r.status = completedStatus(this.zones, targetZone, insideTargetZone, to);
      r.position = to ?? r.position;
      r.zone = targetZone ?? r.zone;
    } else {
      r.status = status[input.state];
    }
    return this.saved(id);
  }

  logInspection(input: InspectionInput): Saved {
    const r = this.raft(input.raft_id);
    const names = (s: string) =>
      s
        .split(/[,;\n]/)
        .map((x) => x.trim())
        .filter(Boolean);
    const blank = Object.values(input.floats_seen).every((v) => v.trim() === '');
    check([
      ...required('number', input.number),
      ...fieldDate('date', input.date),
      ...positionErrors('position', input.position),
      ...(names(input.inspectors).length
        ? []
        : [fe('inspectors', 'inspection.no_inspector', 'Cần ít nhất một cán bộ kiểm tra', 'At least one inspector is required')]),
      ...required('findings', input.findings),
      ...(blank ? [] : floatErrors('floats_seen', input.floats_seen)),
      ...input.violations.flatMap((v, i) => [
        ...required(`violations.${i}.decree_ref`, v.decree_ref),
        ...required(`violations.${i}.description`, v.description),
        ...count(`violations.${i}.fine_vnd`, v.fine_vnd),
      ]),
    ]);
    const photos = this.attachPhotos(input.photos);
    const id = newId();
    const f = input.floats_seen;
    this.events.push({
      type: 'inspection',
      event: {
        id,
        raft_id: r.id,
        number: input.number.trim(),
        date: iso(input.date),
        position: position(input.position),
        inspectors: names(input.inspectors),
        witnesses: names(input.witnesses),
        findings: input.findings.trim(),
        floats_seen: blank
          ? null
          : { styrofoam: num(f.styrofoam), hdpe: num(f.hdpe), other_compliant: num(f.other_compliant) },
        violations: input.violations.map((v) => ({
          decree_ref: v.decree_ref.trim(),
          description: v.description.trim(),
          fine_vnd: num(v.fine_vnd),
        })),
        remedy: opt(input.remedy),
        refused_to_sign: input.refused_to_sign,
        ...photos,
        meta: meta(now(), 'Thiết bị này'),
      },
    });
    return this.saved(id);
  }

  /**
   * Like photos::prepare, without decoding: too large, not JPEG/PNG by its
   * first bytes, no readable size in its header are refused; a photo
   * larger than the upload maximum is "downscaled" (its size worked out).
   * Staging the same bytes again answers the same photo.
   */
  stagePhoto(body: unknown): StagedPhoto {
    const bytes = bytesOf(body);
    if (!bytes)
      return refusePhoto('photo.body', 'Ảnh phải được gửi dưới dạng byte', 'The photo must be sent as raw bytes');
    if (bytes.length > MOCK_MAX_PHOTO_BYTES)
      refusePhoto(
        'photo.too_large',
        `Ảnh quá lớn (tối đa ${MOCK_MAX_PHOTO_BYTES / 1024 / 1024} MB)`,
        `The photo is too large (at most ${MOCK_MAX_PHOTO_BYTES / 1024 / 1024} MB)`,
      );
    const format = sniffPhoto(bytes);
    if (!format) return refusePhoto('photo.format', 'Chỉ nhận ảnh JPEG hoặc PNG', 'Only JPEG or PNG photos are accepted');
    const size = imageSize(bytes, format);
    if (!size)
      return refusePhoto('photo.unreadable', 'Không đọc được ảnh (tệp hỏng?)', 'The photo cannot be read (a damaged file?)');
    const { taken_at, gps } = format === 'image/jpeg' ? readExif(bytes) : { taken_at: null, gps: null };
    const long = Math.max(size.width, size.height);
    const scale = long > MOCK_MAX_DIMENSION ? MOCK_MAX_DIMENSION / long : 1;
    // The address is that of the upload copy: for a downscaled photo, not the original's.
    const original = fakeSha256(bytes);
    const key = scale < 1 ? fakeSha256(new TextEncoder().encode(`downscaled ${original}`)) : original;
    const known = this.photos.get(key);
    if (known) return known.staged;
    const staged: StagedPhoto = {
      sha256: key,
      mime_type: scale < 1 ? 'image/jpeg' : format,
      size_bytes: scale < 1 ? Math.round(bytes.length * scale * scale * 0.8) : bytes.length,
      width: Math.round(size.width * scale),
      height: Math.round(size.height * scale),
      original_bytes: scale < 1 ? bytes.length : null,
      taken_at,
      gps,
      thumbnail: mockThumbnail(key),
    };
    this.photos.set(key, { staged, state: 'staged', uploaded_bytes: 0 });
    return staged;
  }

  /** For the screenshot script: a fake JPEG the mock reads (see photos.ts), as base64. */
  samplePhotoBase64(p: SamplePhoto): string {
    return samplePhotoBase64(p);
  }

  /** Like WriteTx::attach_photos: only staged addresses, which then wait to upload. */
  private attachPhotos(given: PhotoAttachment[] | undefined): { photos?: PhotoRef[] } {
    if (!given?.length) return {};
    if (given.some((p) => !this.photos.has(p.sha256)))
      check([
        fe('photos', 'photo.not_staged', 'Ảnh không có trên máy này: hãy chọn lại ảnh', 'The photo is not on this device: attach it again'),
      ]);
    return {
      photos: given.map(({ sha256, moment }) => {
        const p = this.photos.get(sha256)!;
        if (p.state === 'staged') p.state = 'waiting';
        const { thumbnail: _thumb, original_bytes: _orig, ...ref } = p.staged;
        return { ...ref, moment };
      }),
    };
  }

  /** The upload state of each photo of an event; null for one this device does not hold. */
  photoStatuses(eventId: string): PhotoStatus[] {
    const e = this.events.find((x) => x.event.id === eventId);
    return (e ? eventPhotos(e) : []).map((ref) => {
      const p = this.photos.get(ref.sha256);
      return {
        sha256: ref.sha256,
        state: p?.state ?? null,
        uploaded_bytes: p?.uploaded_bytes ?? 0,
        size_bytes: ref.size_bytes,
        upload_problem: null,
      };
    });
  }

  /** As the Rust side's map::features: rafts with a position, relocations with both ends, the zones. */
  mapFeatures(): MapFeatures {
    const voided = voidedIds(this.events);
    const placed = this.rafts.filter((r) => r.position !== null);
    return {
      rafts: placed.map((r) => {
        const h = this.households.find((x) => x.id === r.household_id);
        return {
          id: r.id,
          local_tag: r.local_tag,
          household_name: h?.full_name ?? '',
          status: r.status,
          position: r.position!,
          outside_every_zone: checkPosition(this.zones, r.position).kind === 'outside_every_zone',
          demo: h?.demo ?? false,
        };
      }),
      rafts_without_position: this.rafts.length - placed.length,
      // Voided relocations are left out, as the Rust side leaves them.
      relocations: this.events.flatMap((e) =>
        e.type === 'relocation' && e.event.from && e.event.to && !voided.has(e.event.id)
          ? [
              {
                id: e.event.id,
                raft_id: e.event.raft_id,
                state: e.event.state,
                from: e.event.from,
                to: e.event.to,
                inside_target_zone: e.event.inside_target_zone,
              },
            ]
          : [],
      ),
      zones: this.listZones(),
    };
  }

  /**
   * A made-up stand-in for checking an MBTiles file: a path ending in
   * .mbtiles that names Quảng Yên ("qy") loads; others are refused with the
   * Rust side's codes (by words in the path, for previews of each message).
   */
  loadBasemap(path: string): BasemapInfo {
    const p = path.trim();
    const lower = p.toLowerCase();
    const refuse = (code: string, vi: string, en: string): never =>
      reject('validation', 'Dữ liệu chưa hợp lệ', 'Some fields are not valid', [fe('basemap', code, vi, en)]);
    if (lower.includes('vector') || lower.includes('pbf'))
      refuse(
        'basemap.vector',
        'Bản đồ vector (pbf) chưa được hỗ trợ: hãy dùng MBTiles ảnh (png/jpg)',
        'Vector maps (pbf) are not supported yet: use a raster MBTiles (png/jpg)',
      );
    if (lower.includes('tiff'))
      refuse('basemap.format', 'Định dạng ô bản đồ «tiff» không được hỗ trợ', 'Tile format «tiff» is not supported');
    if (lower.includes('empty')) refuse('basemap.empty', 'Tệp bản đồ không có ô nào', 'The map file holds no tiles');
    if (!lower.endsWith('.mbtiles') && p !== '')
      refuse(
        'basemap.not_mbtiles',
        'Tệp không phải bản đồ MBTiles (cần bảng tiles và metadata)',
        'The file is not an MBTiles map (it needs the tiles and metadata tables)',
      );
    if (!lower.includes('qy')) refuse('basemap.missing', `Không tìm thấy tệp ${p}`, `No file at ${p}`);
    this.basemap = {
      name: 'Quảng Yên 1:10 000 (mẫu)',
      format: 'png',
      min_zoom: 10,
      max_zoom: 17,
      bounds: [106.74, 20.8, 106.96, 21.0],
      tile_count: 48213,
      attribution: 'Bản đồ mẫu, không dùng để đo đạc',
    };
    return this.basemap;
  }

  /**
   * A made-up receiver: the listed USB port gives a fix near Quảng Yên, a
   * serial port (/dev/ttyS0, COM1…) a receiver that sees no satellites,
   * anything else cannot be opened. Settings are checked as in gnss.rs.
   */
  /** A plain inverse-variance mean: the real rule (spread, floor) is Rust's. */
  averageDeviceFixes(fixes: DeviceFix[]): AveragedFix {
    const weights = fixes.map((f) => 1 / (f.accuracy_m * f.accuracy_m));
    const total = weights.reduce((a, w) => a + w, 0);
    const mean = (pick: (f: DeviceFix) => number) => fixes.reduce((a, f, i) => a + weights[i]! * pick(f), 0) / total;
    const standardError = 1 / Math.sqrt(total);
    return {
      position: { lat: mean((f) => f.lat), lon: mean((f) => f.lon), accuracy_m: standardError, source: 'device' },
      count: fixes.length,
      standard_error_m: standardError,
      spread_m: 0,
      mixed_sources: false,
    };
  }

  async readGnss(port: string, baud: number, seconds: number): Promise<GnssReading> {
    const refuse = (code: string, vi: string, en: string): never =>
      reject('validation', 'Dữ liệu chưa hợp lệ', 'Some fields are not valid', [fe('gnss_port', code, vi, en)]);
    if (![4800, 9600, 19200, 38400, 57600, 115200].includes(baud))
      refuse('gnss.baud', `Tốc độ ${baud} baud không dùng cho máy thu NMEA`, `${baud} baud is not an NMEA receiver's rate`);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 120)
      refuse('gnss.duration', 'Thời gian đo phải từ 1 đến 120 giây', 'Listen for 1 to 120 seconds');
    const listed = MOCK_PORTS.some((p) => p.path === port);
    if (!listed && !/^(\/dev\/ttyS\d+|COM\d+)$/i.test(port))
      refuse(
        'gnss.open',
        `Không mở được cổng ${port}: No such file or directory`,
        `Cannot open port ${port}: No such file or directory`,
      );
    await new Promise((r) => setTimeout(r, this.gnssDelayMs ?? Math.min(seconds, 3) * 1000));
    if (!listed) return { averaged: null, fixes: 0, epochs_without_fix: seconds, outside_vietnam: 0, bad_lines: 0 };
    return {
      averaged: {
        position: { lat: 20.865214, lon: 106.861137, accuracy_m: 3.4, source: 'nmea' },
        count: seconds,
        standard_error_m: 1.6,
        spread_m: 3.4,
        mixed_sources: false,
      },
      fixes: seconds,
      epochs_without_fix: 0,
      outside_vietnam: 0,
      bad_lines: 1,
    };
  }

  wardProgress(): WardProgress[] {
    return ADMIN_UNITS.filter((u) => u.valid_to === null).map((ward) => {
      const hs = this.households.filter((h) => this.wardOf(h.admin_unit_code) === ward.code);
      const rs = this.rafts.filter((r) => hs.some((h) => h.id === r.household_id));
      const totals = rs.map((r) => this.totals(r));
      const sum = (f: (i: number) => number) => rs.reduce((acc, _r, i) => acc + f(i), 0);
      return {
        ward_code: ward.code,
        ward_name: ward.name,
        households: hs.length,
        rafts: rs.length,
        styrofoam_initial: sum((i) => rs[i]!.initial_floats.styrofoam),
        styrofoam_remaining: sum((i) => Number(totals[i]!.styrofoam)),
        hdpe_installed: sum((i) => Number(totals[i]!.hdpe) - rs[i]!.initial_floats.hdpe),
        rafts_relocated: rs.filter((r) => r.status === 'relocated').length,
        rafts_to_relocate: rs.filter((r) => ['must_relocate', 'relocating', 'outside_zone'].includes(r.status)).length,
        demo_rafts: rs.filter((r) => hs.find((h) => h.id === r.household_id)?.demo).length,
      };
    });
  }
}

function haversine(a: Position, b: Position): number {
  const R = 6371008.8;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dp = rad(b.lat - a.lat);
  const dl = rad(b.lon - a.lon);
  const h = Math.sin(dp / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dl / 2) ** 2;
  return Math.round(2 * R * Math.asin(Math.sqrt(h)));
}

// Made-up demo records for browser previews (?mock=1) and tests. Every
// name, ID number and phone number here is invented; all are marked demo.
import type { AdminUnit } from '../../bindings/AdminUnit';
import type { AttentionItem } from '../../bindings/AttentionItem';
import type { Household } from '../../bindings/Household';
import type { PhotoRef } from '../../bindings/PhotoRef';
import type { PhotoUploadState } from '../../bindings/PhotoUploadState';
import type { Raft } from '../../bindings/Raft';
import type { RaftEvent } from '../../bindings/RaftEvent';
import type { RecordMeta } from '../../bindings/RecordMeta';
import type { Zone } from '../../bindings/Zone';

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

function code(name: string, era?: string): string {
  const slug = fold(name).split(/\s+/).join('-').toUpperCase();
  return era ? `QY-${slug}-${era}` : `QY-${slug}`;
}

// Quảng Yên: 19 units before the 1/7/2025 merge (name, level, merged into)
// and the 6 wards after it.
const OLD: [string, 'ward' | 'commune', string][] = [
  ['Quảng Yên', 'ward', 'Quảng Yên'],
  ['Đông Mai', 'ward', 'Đông Mai'],
  ['Minh Thành', 'ward', 'Đông Mai'],
  ['Cộng Hòa', 'ward', 'Hiệp Hòa'],
  ['Tân An', 'ward', 'Hà An'],
  ['Yên Giang', 'ward', 'Quảng Yên'],
  ['Nam Hòa', 'ward', 'Phong Cốc'],
  ['Hà An', 'ward', 'Hà An'],
  ['Phong Hải', 'ward', 'Liên Hòa'],
  ['Yên Hải', 'ward', 'Phong Cốc'],
  ['Phong Cốc', 'ward', 'Phong Cốc'],
  ['Sông Khoai', 'commune', 'Hiệp Hòa'],
  ['Hiệp Hòa', 'commune', 'Hiệp Hòa'],
  ['Tiền An', 'commune', 'Quảng Yên'],
  ['Hoàng Tân', 'commune', 'Hà An'],
  ['Cẩm La', 'commune', 'Phong Cốc'],
  ['Liên Hòa', 'commune', 'Liên Hòa'],
  ['Liên Vị', 'commune', 'Liên Hòa'],
  ['Tiền Phong', 'commune', 'Liên Hòa'],
];
const CURRENT = ['Quảng Yên', 'Đông Mai', 'Hiệp Hòa', 'Hà An', 'Phong Cốc', 'Liên Hòa'];

export const ADMIN_UNITS: AdminUnit[] = [
  ...OLD.map(([name, level, merged]) => ({
    code: code(name, '2011'),
    name,
    level,
    valid_from: '2011-01-01',
    valid_to: '2025-06-30',
    merged_into: code(merged),
  })),
  ...CURRENT.map((name) => ({
    code: code(name),
    name,
    level: 'ward' as const,
    valid_from: '2025-07-01',
    valid_to: null,
    merged_into: null,
  })),
];

export const DEVICE_ID = '01936b2e-7c1a-7d4e-9f00-4a1b2c3d4e5f';

export function meta(iso: string, by = 'Cán Bộ Mẫu Một'): RecordMeta {
  return { created_at: iso, updated_at: iso, created_by: by, device_id: DEVICE_ID };
}

function hh(
  n: number,
  full_name: string,
  cccd: string | null,
  phone: string | null,
  village: string,
  unit: string,
  cooperative: string | null,
): Household {
  return {
    id: `0193a000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`,
    full_name,
    cccd,
    phone,
    village,
    admin_unit_code: unit,
    cooperative,
    demo: true,
    meta: meta(`2025-02-${String(10 + n).padStart(2, '0')}T02:15:00Z`),
  };
}

export function demoHouseholds(): Household[] {
  return [
    hh(1, 'Nguyễn Mẫu Hải', '022000000001', '0900000001', 'Thôn 3', 'QY-HOANG-TAN-2011', 'HTX Hàu Hoàng Tân'),
    hh(2, 'Trần Mẫu Lụa', '022000000002', '0900000002', 'Khu Bắc Tiến', 'QY-PHONG-COC', null),
    hh(3, 'Phạm Mẫu Đức', '022000000003', null, 'Thôn Trung', 'QY-LIEN-HOA', 'HTX Nuôi biển Liên Hòa'),
    hh(4, 'Vũ Mẫu Hằng', '022000000004', '0900000003', 'Khu 5', 'QY-HA-AN', null),
    hh(5, 'Đỗ Mẫu Thành', null, '02030000004', 'Khu Cẩm La', 'QY-CAM-LA-2011', null),
    hh(6, 'Lê Mẫu Cường', '022000000005', '0900000005', 'Thôn 1', 'QY-TIEN-PHONG-2011', null),
    hh(7, 'Bùi Mẫu Mến', '022000000006', null, 'Khu 2', 'QY-DONG-MAI', null),
    hh(8, 'Ngô Mẫu Quyết', '022000000007', '0900000006', 'Thôn Đồng Cốc', 'QY-HIEP-HOA', null),
  ];
}

function raft(
  n: number,
  household: number,
  local_tag: string,
  fields: Partial<Raft> & Pick<Raft, 'kind' | 'species' | 'status' | 'initial_floats'>,
): Raft {
  return {
    id: `0193b000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`,
    household_id: `0193a000-0000-7000-8000-0000000000${String(household).padStart(2, '0')}`,
    local_tag,
    cell_count: 0,
    length_m: null,
    width_m: null,
    position: null,
    waterway: null,
    zone: null,
    meta: meta(`2025-02-${String(12 + n).padStart(2, '0')}T03:40:00Z`),
    ...fields,
  };
}

const pos = (lat: number, lon: number, accuracy_m = 8) => ({ lat, lon, accuracy_m, source: 'device' as const });

/** The raft the README screenshot shows. */
export const SHOWCASE_RAFT_ID = '0193b000-0000-7000-8000-000000000001';

export function demoRafts(): Raft[] {
  const f = (styrofoam: number, hdpe: number, other_compliant = 0) => ({ styrofoam, hdpe, other_compliant });
  return [
    raft(1, 1, 'HT-03-012', {
      kind: 'bamboo_raft',
      species: 'estuarine_oyster',
      status: 'relocated',
      cell_count: 24,
      length_m: 12,
      width_m: 10.5,
      position: pos(20.8652, 106.8611, 6),
      waterway: 'Luồng sông Chanh',
      zone: 'Vùng nuôi hàu Hoàng Tân 2',
      initial_floats: f(320, 0),
    }),
    raft(2, 1, 'HT-03-013', {
      kind: 'hanging_lines',
      species: 'estuarine_oyster',
      status: 'registered_in_zone',
      cell_count: 0,
      length_m: 40,
      width_m: 6,
      position: pos(20.8668, 106.8597),
      zone: 'Vùng nuôi hàu Hoàng Tân 2',
      initial_floats: f(180, 40),
    }),
    raft(3, 2, 'PC-BT-004', {
      kind: 'hdpe_cage',
      species: 'cage_fish',
      status: 'registered_in_zone',
      cell_count: 8,
      length_m: 18,
      width_m: 18,
      // Placed from the boat alongside: a GPS receiver's fix, 40 m on a bearing of 135°.
      position: {
        lat: 20.9214,
        lon: 106.8843,
        accuracy_m: 7,
        source: 'nmea',
        offset: { boat_lat: 20.921654, boat_lon: 106.884028, boat_accuracy_m: 3, bearing_deg: 135, distance_m: 40 },
      },
      zone: 'Vùng nuôi Phong Cốc 1',
      initial_floats: f(0, 96, 12),
    }),
    raft(4, 3, 'LH-TT-021', {
      kind: 'frame',
      species: 'pacific_oyster',
      status: 'must_relocate',
      cell_count: 30,
      length_m: 20,
      width_m: 12,
      position: pos(20.8427, 106.9012),
      waterway: 'Luồng Lạch Huyện',
      initial_floats: f(90, 0),
    }),
    raft(5, 3, 'LH-TT-022', {
      kind: 'bamboo_raft',
      species: 'clam',
      status: 'outside_zone',
      cell_count: 16,
      initial_floats: f(140, 0),
    }),
    raft(6, 4, 'HA-K6-007', {
      kind: 'bamboo_raft',
      species: 'estuarine_oyster',
      status: 'relocating',
      cell_count: 20,
      length_m: 10,
      width_m: 10,
      position: pos(20.8815, 106.8468),
      waterway: 'Sông Chanh',
      zone: 'Vùng nuôi hàu Hà An 1',
      initial_floats: f(260, 0),
    }),
    raft(7, 5, 'CL-01-003', {
      kind: 'frame',
      species: 'estuarine_oyster',
      status: 'registered_in_zone',
      cell_count: 18,
      initial_floats: f(200, 0),
    }),
    raft(8, 6, 'TP-T1-010', {
      kind: 'hdpe_cage',
      species: 'cage_fish',
      status: 'registered_in_zone',
      cell_count: 6,
      initial_floats: f(40, 60),
    }),
    raft(9, 8, 'HH-DC-002', {
      kind: 'bamboo_raft',
      species: 'other',
      status: 'dismantled',
      cell_count: 10,
      initial_floats: f(120, 0),
    }),
  ];
}

/** A closed ring of `[longitude, latitude]` from its corners. */
const ring = (...corners: [number, number][]): [number, number][] => [...corners, corners[0]!];

/**
 * Made-up farming zones around the demo rafts (real decisions are imported
 * on the server and synced down). Rafts 1–3 lie in a zone; rafts 4 and 6
 * (in the Lạch Huyện channel and on the Chanh river) lie outside every
 * zone; the others have no position.
 */
export function demoZones(): Zone[] {
  return [
    {
      // With a hole: the water around a navigation buoy is not part of it.
      code: 'QY-HA-01',
      name: 'Vùng nuôi hàu Hà An 1',
      admin_unit_code: 'QY-HA-AN',
      planned_area_ha: 185,
      allowed_species: ['estuarine_oyster', 'pacific_oyster'],
      decision_no: '0000/QĐ-UBND (mẫu)',
      area: {
        type: 'MultiPolygon',
        coordinates: [
          [
            ring([106.828, 20.888], [106.842, 20.888], [106.842, 20.9], [106.828, 20.9]),
            ring([106.834, 20.893], [106.836, 20.893], [106.836, 20.895], [106.834, 20.895]),
          ],
        ],
      },
    },
    {
      code: 'QY-HT-02',
      name: 'Vùng nuôi hàu Hoàng Tân 2',
      admin_unit_code: 'QY-HA-AN',
      planned_area_ha: 126,
      allowed_species: ['estuarine_oyster', 'pacific_oyster', 'clam'],
      decision_no: '0000/QĐ-UBND (mẫu)',
      area: {
        type: 'MultiPolygon',
        coordinates: [[ring([106.855, 20.86], [106.866, 20.859], [106.867, 20.87], [106.856, 20.869])]],
      },
    },
    {
      // Two separate pieces of water.
      code: 'QY-PC-01',
      name: 'Vùng nuôi Phong Cốc 1',
      admin_unit_code: 'QY-PHONG-COC',
      planned_area_ha: null,
      allowed_species: ['cage_fish'],
      decision_no: null,
      area: {
        type: 'MultiPolygon',
        coordinates: [
          [ring([106.878, 20.916], [106.89, 20.916], [106.89, 20.926], [106.878, 20.926])],
          [ring([106.895, 20.91], [106.902, 20.91], [106.902, 20.916], [106.895, 20.916])],
        ],
      },
    },
  ];
}

/** Another inspector's tablet: its photos' bytes are on the server, not on this device. */
const OTHER_DEVICE_ID = '01936b2e-7c1a-7d4e-9f00-77aa88bb99cc';

/** A made-up photo address (64 hex digits). */
export function demoSha(n: number): string {
  return `dec0${n.toString(16).padStart(4, '0')}`.repeat(8);
}

function photo(n: number, moment: PhotoRef['moment'], taken_at: string, lat: number, lon: number): PhotoRef {
  return {
    sha256: demoSha(n),
    moment,
    mime_type: 'image/jpeg',
    size_bytes: 880_000 + n * 37_000,
    width: 2048,
    height: 1536,
    taken_at,
    gps: { lat, lon },
  };
}

/**
 * Where the upload of each demo photo taken on this device stands
 * (uploaded bytes for one being sent); photos of another device are not
 * listed (their state is null).
 */
export function demoPhotoStates(): { sha256: string; state: PhotoUploadState; uploaded_bytes: number }[] {
  const size = (n: number) => 880_000 + n * 37_000;
  return [
    { sha256: demoSha(1), state: 'on_server', uploaded_bytes: size(1) },
    { sha256: demoSha(4), state: 'on_server', uploaded_bytes: size(4) },
    { sha256: demoSha(5), state: 'uploading', uploaded_bytes: Math.round(size(5) * 0.45) },
    { sha256: demoSha(6), state: 'waiting', uploaded_bytes: 0 },
  ];
}

let seq = 0;
function evId(): string {
  seq += 1;
  return `0193c000-0000-7000-8000-${String(seq).padStart(12, '0')}`;
}

export function demoEvents(): RaftEvent[] {
  seq = 0;
  const r1 = SHOWCASE_RAFT_ID;
  const r4 = '0193b000-0000-7000-8000-000000000004';
  const r6 = '0193b000-0000-7000-8000-000000000006';
  const r7 = '0193b000-0000-7000-8000-000000000007';
  const oldPos = pos(20.8731, 106.8524, 8);
  const newPos = pos(20.8652, 106.8611, 6);
  return [
    {
      type: 'inspection',
      event: {
        id: evId(),
        raft_id: r1,
        number: '15/BB-KT',
        date: '2025-03-12',
        position: oldPos,
        inspectors: ['Cán Bộ Mẫu Một', 'Cán Bộ Mẫu Hai'],
        witnesses: ['Nguyễn Mẫu Hải'],
        findings:
          'Lồng bè nằm trong hành lang an toàn luồng sông Chanh. Còn 320 phao xốp, chưa có phao hợp quy.',
        floats_seen: { styrofoam: 320, hdpe: 0, other_compliant: 0 },
        violations: [
          {
            decree_ref: 'NĐ 38/2024/NĐ-CP, Điều 17',
            description: 'Nuôi trồng thủy sản không đúng địa điểm đã đăng ký, lấn chiếm luồng',
            fine_vnd: 10000000,
          },
        ],
        remedy: 'Buộc di dời lồng bè về vùng nuôi quy hoạch trước ngày 30/06/2025',
        refused_to_sign: false,
        photos: [photo(1, 'before', '2025:03:12 10:05:41', 20.87312, 106.85236)],
        meta: meta('2025-03-12T03:20:00Z'),
      },
    },
    {
      type: 'relocation',
      event: {
        id: evId(),
        raft_id: r1,
        date: '2025-03-20',
        state: 'ordered',
        from: oldPos,
        to: null,
        target_zone: 'Vùng nuôi hàu Hoàng Tân 2',
        deadline: '2025-06-30',
        distance_m: null,
        inside_target_zone: null,
        note: 'Theo quyết định của UBND thị xã Quảng Yên',
        meta: meta('2025-03-20T02:00:00Z'),
      },
    },
    {
      type: 'float_replacement',
      event: {
        id: evId(),
        raft_id: r1,
        date: '2025-04-18',
        styrofoam_removed: 150,
        installed: 150,
        installed_material: 'hdpe',
        supplier: 'Công ty TNHH Nhựa Đông Bắc',
        batch: 'HQ-2025-041',
        disposal: 'collected',
        subsidy_vnd: 4500000,
        note: null,
        meta: meta('2025-04-18T07:45:00Z'),
      },
    },
    {
      type: 'relocation',
      event: {
        id: evId(),
        raft_id: r1,
        date: '2025-06-16',
        state: 'completed',
        from: oldPos,
        to: newPos,
        target_zone: 'QY-HT-02',
        deadline: '2025-06-30',
        distance_m: 1218,
        inside_target_zone: true,
        note: null,
        // Logged on another inspector's tablet: the photos came with it, their bytes are on the server.
        photos: [
          photo(2, 'before', '2025:06:16 07:48:10', 20.87309, 106.85241),
          photo(3, 'after', '2025:06:16 10:52:33', 20.86522, 106.86108),
        ],
        meta: { ...meta('2025-06-16T04:10:00Z', 'Cán Bộ Mẫu Hai'), device_id: OTHER_DEVICE_ID },
      },
    },
    {
      type: 'float_replacement',
      event: {
        id: evId(),
        raft_id: r1,
        date: '2025-07-09',
        styrofoam_removed: 120,
        installed: 120,
        installed_material: 'hdpe',
        supplier: 'Công ty TNHH Nhựa Đông Bắc',
        batch: 'HQ-2025-077',
        disposal: 'destroyed',
        subsidy_vnd: 3600000,
        note: 'Còn 50 phao xốp, hộ cam kết thay trong tháng 8',
        photos: [
          photo(4, 'before', '2025:07:09 14:02:18', 20.86518, 106.86113),
          photo(5, 'after', '2025:07:09 15:21:07', 20.86521, 106.86110),
          photo(6, 'after', '2025:07:09 15:22:40', 20.86523, 106.86109),
        ],
        meta: meta('2025-07-09T08:30:00Z'),
      },
    },
    {
      type: 'inspection',
      event: {
        id: evId(),
        raft_id: r4,
        number: '22/BB-KT',
        date: '2025-05-06',
        position: null,
        inspectors: ['Cán Bộ Mẫu Hai'],
        witnesses: [],
        findings: 'Lồng bè lấn chiếm luồng Lạch Huyện.',
        floats_seen: null,
        violations: [
          {
            decree_ref: 'NĐ 38/2024/NĐ-CP, Điều 17',
            description: 'Nuôi trồng thủy sản trên biển không có giấy phép',
            fine_vnd: 15000000,
          },
        ],
        remedy: 'Buộc di dời',
        refused_to_sign: true,
        meta: meta('2025-05-06T02:00:00Z'),
      },
    },
    {
      type: 'relocation',
      event: {
        id: evId(),
        raft_id: r6,
        date: '2025-08-04',
        state: 'started',
        from: pos(20.8815, 106.8468),
        // Where the raft is being towed to, in the zone.
        to: pos(20.8935, 106.8385),
        target_zone: 'Vùng nuôi hàu Hà An 1',
        deadline: '2025-10-31',
        distance_m: 1589,
        inside_target_zone: true,
        note: null,
        meta: meta('2025-08-04T02:00:00Z'),
      },
    },
    {
      type: 'float_replacement',
      event: {
        id: evId(),
        raft_id: r7,
        date: '2025-05-21',
        styrofoam_removed: 230,
        installed: 200,
        installed_material: 'hdpe',
        supplier: null,
        batch: null,
        disposal: 'collected',
        subsidy_vnd: 0,
        note: 'Số phao xốp tháo ra nhiều hơn số đã đăng ký',
        meta: meta('2025-05-21T02:00:00Z'),
      },
    },
  ];
}

/** The made-up account the mock server accepts (see MockBackend's sign_in). */
export const DEMO_ACCOUNT = {
  username: 'admin',
  password: 'mat-khau-demo',
  display_name: 'Quản Trị Mẫu',
} as const;

/**
 * One "needs attention" item: this device moved Vũ Mẫu Hằng's household to
 * "Khu 3" while another device had moved it to "Khu 5" (the value the
 * record now holds).
 */
export function demoAttention(): AttentionItem[] {
  return [
    {
      id: 1,
      entity: 'household',
      entity_id: '0193a000-0000-7000-8000-000000000004',
      label: 'Vũ Mẫu Hằng',
      reason_code: 'field.conflict',
      reason: {
        vi: 'Máy khác đã sửa cùng thông tin này trong lúc bạn sửa. Giá trị bị thay thế được lưu lại cho giám sát viên.',
        en: 'Another device edited the same information while you did. The value that lost is kept for a supervisor.',
      },
      fields: [{ field: 'village', mine: 'Khu 3', current: 'Khu 5' }],
      can_send_mine_again: true,
      created_at: '2025-08-12T07:42:00Z',
    },
  ];
}

// How the "needs attention" screen names a record's fields and shows their
// values (raw JSON from the Rust side: strings, numbers, enum values,
// positions, float counts, null), in the current language.
import type { AdminUnit } from '../bindings/AdminUnit';
import type { EntityKind } from '../bindings/EntityKind';
import type { Position } from '../bindings/Position';
import { floatCountsText, moneyText, positionText } from './display';
import { formatDate } from './format';
import { num, t, type MessageKey } from './i18n/index.svelte';
import {
  DISPOSALS,
  MATERIALS,
  RAFT_KINDS,
  RAFT_STATUSES,
  RELOCATION_STATES,
  SPECIES,
  adminLevelLabel,
  disposalLabel,
  materialLabel,
  raftKindLabel,
  raftStatusLabel,
  relocationStateLabel,
  speciesLabel,
} from './labels';

const KIND: Record<EntityKind, MessageKey> = {
  household: 'attention.kind.household',
  raft: 'attention.kind.raft',
  float_replacement: 'attention.kind.float_replacement',
  relocation: 'attention.kind.relocation',
  inspection: 'attention.kind.inspection',
  event_void: 'attention.kind.event_void',
};

export const entityKindLabel = (kind: EntityKind): string => t(KIND[kind]);

const FIELD: Record<string, MessageKey> = {
  _deleted: 'attention.field._deleted',
  full_name: 'household.field.full_name',
  cccd: 'household.field.cccd',
  phone: 'household.field.phone',
  village: 'household.field.village',
  admin_unit_code: 'household.field.admin_unit_code',
  cooperative: 'household.field.cooperative',
  household_id: 'attention.field.household_id',
  local_tag: 'raft.field.local_tag',
  kind: 'raft.field.kind',
  cell_count: 'raft.field.cell_count',
  length_m: 'raft.field.length_m',
  width_m: 'raft.field.width_m',
  species: 'raft.field.species',
  position: 'raft.field.position',
  waterway: 'raft.field.waterway',
  zone: 'raft.field.zone',
  status: 'raft.field.status',
  initial_floats: 'raft.field.initial_floats',
  raft_id: 'attention.field.raft_id',
  date: 'attention.field.date',
  note: 'attention.field.note',
  styrofoam_removed: 'replace.field.styrofoam_removed',
  installed: 'replace.field.installed',
  installed_material: 'replace.field.installed_material',
  supplier: 'replace.field.supplier',
  batch: 'replace.field.batch',
  disposal: 'replace.field.disposal',
  subsidy_vnd: 'replace.field.subsidy_vnd',
  state: 'relocate.field.state',
  from: 'relocate.field.from',
  to: 'relocate.field.to',
  target_zone: 'relocate.field.target_zone',
  deadline: 'relocate.field.deadline',
  number: 'inspect.field.number',
  inspectors: 'inspect.field.inspectors',
  witnesses: 'inspect.field.witnesses',
  findings: 'inspect.field.findings',
  floats_seen: 'inspect.field.floats_seen',
  violations: 'inspect.violations',
  decree_ref: 'inspect.field.decree_ref',
  description: 'inspect.field.description',
  fine_vnd: 'inspect.field.fine_vnd',
  remedy: 'inspect.field.remedy',
  refused_to_sign: 'inspect.field.refused_to_sign',
};

/** A field's name in the current language; the raw name when it is not a known one. */
export function fieldLabel(field: string): string {
  const key = FIELD[field];
  return key ? t(key) : field;
}

function enumLabel(field: string, v: string): string | null {
  const is = <T extends string>(all: readonly T[]): all is readonly T[] => all.includes(v as T);
  if (field === 'status' && is(RAFT_STATUSES)) return raftStatusLabel(v as (typeof RAFT_STATUSES)[number]);
  if (field === 'kind' && is(RAFT_KINDS)) return raftKindLabel(v as (typeof RAFT_KINDS)[number]);
  if (field === 'species' && is(SPECIES)) return speciesLabel(v as (typeof SPECIES)[number]);
  if (field === 'installed_material' && is(MATERIALS)) return materialLabel(v as (typeof MATERIALS)[number]);
  if (field === 'disposal' && is(DISPOSALS)) return disposalLabel(v as (typeof DISPOSALS)[number]);
  if (field === 'state' && is(RELOCATION_STATES))
    return relocationStateLabel(v as (typeof RELOCATION_STATES)[number]);
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isPosition(v: Record<string, unknown>): v is Position {
  return typeof v.lat === 'number' && typeof v.lon === 'number';
}

function isFloatCounts(v: Record<string, unknown>): boolean {
  return ['styrofoam', 'hdpe', 'other_compliant'].every((k) => typeof v[k] === 'number');
}

/** One value as people read it: labels for enum values, dd/mm/yyyy dates, grouped numbers. */
export function valueText(field: string, v: unknown, units: readonly AdminUnit[] = []): string {
  if (field === '_deleted') return v === true ? t('attention.value.deleted') : t('attention.value.exists');
  if (v === null || v === undefined || v === '') return t('common.notRecorded');
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'number') return field.endsWith('_vnd') ? moneyText(v) : num(v, 2);
  if (typeof v === 'string') {
    if (field === 'admin_unit_code') {
      const unit = units.find((u) => u.code === v);
      return unit ? t('admin.unitName', { level: adminLevelLabel(unit.level), name: unit.name }) : v;
    }
    const label = enumLabel(field, v);
    if (label) return label;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
    return v;
  }
  if (Array.isArray(v)) {
    return v.length ? v.map((item) => valueText(field, item, units)).join('; ') : t('common.notRecorded');
  }
  if (isObject(v)) {
    if (isPosition(v)) return positionText({ ...v, accuracy_m: typeof v.accuracy_m === 'number' ? v.accuracy_m : 0 });
    if (isFloatCounts(v))
      return floatCountsText({
        styrofoam: v.styrofoam as number,
        hdpe: v.hdpe as number,
        other_compliant: v.other_compliant as number,
      });
    return Object.entries(v)
      .map(([k, x]) => `${fieldLabel(k)}: ${valueText(k, x, units)}`)
      .join('; ');
  }
  return String(v);
}

/** Whether two JSON values are the same (key order aside). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

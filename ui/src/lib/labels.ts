// Every enum value of the bindings with its translated label. The Record
// types make a new Rust variant a type error here until it is listed.
import type { AdminLevel } from '../bindings/AdminLevel';
import type { Disposal } from '../bindings/Disposal';
import type { InstalledMaterial } from '../bindings/InstalledMaterial';
import type { PositionSource } from '../bindings/PositionSource';
import type { RaftKind } from '../bindings/RaftKind';
import type { RaftStatus } from '../bindings/RaftStatus';
import type { RelocationState } from '../bindings/RelocationState';
import type { Species } from '../bindings/Species';
import { t } from './i18n/index.svelte';

function values<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[];
}

export const RAFT_KINDS = values<RaftKind>({ bamboo_raft: true, frame: true, hdpe_cage: true, hanging_lines: true });
export const SPECIES = values<Species>({
  estuarine_oyster: true,
  pacific_oyster: true,
  clam: true,
  cage_fish: true,
  other: true,
});
export const RAFT_STATUSES = values<RaftStatus>({
  registered_in_zone: true,
  outside_zone: true,
  must_relocate: true,
  relocating: true,
  relocated: true,
  dismantled: true,
});
export const MATERIALS = values<InstalledMaterial>({ hdpe: true, other_compliant: true });
export const DISPOSALS = values<Disposal>({ collected: true, destroyed: true, kept_by_household: true, other: true });
export const RELOCATION_STATES = values<RelocationState>({
  ordered: true,
  started: true,
  completed: true,
  dismantled: true,
});

export const POSITION_SOURCES = values<PositionSource>({ device: true, nmea: true, map: true, manual: true });

/**
 * How serious each status is, for colour: the status chip's tone, and the
 * map marker's colour (see lib/map/style.ts).
 */
export type StatusTone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';
export const RAFT_STATUS_TONE: Record<RaftStatus, StatusTone> = {
  registered_in_zone: 'ok',
  relocated: 'ok',
  outside_zone: 'warn',
  must_relocate: 'bad',
  relocating: 'info',
  dismantled: 'neutral',
};

export const raftKindLabel = (v: RaftKind) => t(`raftKind.${v}`);
export const speciesLabel = (v: Species) => t(`species.${v}`);
export const raftStatusLabel = (v: RaftStatus) => t(`raftStatus.${v}`);
export const materialLabel = (v: InstalledMaterial) => t(`material.${v}`);
export const disposalLabel = (v: Disposal) => t(`disposal.${v}`);
export const relocationStateLabel = (v: RelocationState) => t(`relocationState.${v}`);
export const positionSourceLabel = (v: PositionSource) => t(`positionSource.${v}`);
export const adminLevelLabel = (v: AdminLevel) => t(`admin.level.${v}`);

export type Option = { value: string; label: string };

export function options<T extends string>(all: T[], label: (v: T) => string): Option[] {
  return all.map((value) => ({ value, label: label(value) }));
}

export type OptionGroup = { label?: string; options: Option[] };

// Hash routing: Tauri serves ui/dist from a custom protocol, so the hash is
// the one part of the URL that is ours. Routes:
//   #/                          households list
//   #/households/new            new household
//   #/households/:id            household page
//   #/households/:id/edit       edit household
//   #/households/:id/rafts/new  new raft of that household
//   #/rafts/:id                 raft page
//   #/rafts/:id/edit            edit raft
//   #/rafts/:id/replace         float replacement form
//   #/rafts/:id/relocate        relocation form
//   #/rafts/:id/inspect         inspection form
//   #/progress                  ward progress
//   #/map                       map of rafts, zones and relocations
//   #/attention                 changes that need a person (sync conflicts, refusals)
//   #/settings                  sync settings: server, sign in and out

export type Route =
  | { name: 'households' }
  | { name: 'household-new' }
  | { name: 'household'; id: string }
  | { name: 'household-edit'; id: string }
  | { name: 'raft-new'; householdId: string }
  | { name: 'raft'; id: string }
  | { name: 'raft-edit'; id: string }
  | { name: 'replace'; id: string }
  | { name: 'relocate'; id: string }
  | { name: 'inspect'; id: string }
  | { name: 'progress' }
  | { name: 'map' }
  | { name: 'attention' }
  | { name: 'settings' }
  | { name: 'not-found' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '');
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [a, b, c, d] = parts;
  if (parts.length === 0) return { name: 'households' };
  if (a === 'progress' && parts.length === 1) return { name: 'progress' };
  if (a === 'map' && parts.length === 1) return { name: 'map' };
  if (a === 'attention' && parts.length === 1) return { name: 'attention' };
  if (a === 'settings' && parts.length === 1) return { name: 'settings' };
  if (a === 'households') {
    if (b === 'new' && parts.length === 2) return { name: 'household-new' };
    if (b && parts.length === 2) return { name: 'household', id: b };
    if (b && c === 'edit' && parts.length === 3) return { name: 'household-edit', id: b };
    if (b && c === 'rafts' && d === 'new' && parts.length === 4) return { name: 'raft-new', householdId: b };
  }
  if (a === 'rafts' && b) {
    if (parts.length === 2) return { name: 'raft', id: b };
    if (parts.length === 3) {
      if (c === 'edit') return { name: 'raft-edit', id: b };
      if (c === 'replace') return { name: 'replace', id: b };
      if (c === 'relocate') return { name: 'relocate', id: b };
      if (c === 'inspect') return { name: 'inspect', id: b };
    }
  }
  return { name: 'not-found' };
}

const e = encodeURIComponent;
export const href = {
  households: () => '#/',
  householdNew: () => '#/households/new',
  household: (id: string) => `#/households/${e(id)}`,
  householdEdit: (id: string) => `#/households/${e(id)}/edit`,
  raftNew: (householdId: string) => `#/households/${e(householdId)}/rafts/new`,
  raft: (id: string) => `#/rafts/${e(id)}`,
  raftEdit: (id: string) => `#/rafts/${e(id)}/edit`,
  replace: (id: string) => `#/rafts/${e(id)}/replace`,
  relocate: (id: string) => `#/rafts/${e(id)}/relocate`,
  inspect: (id: string) => `#/rafts/${e(id)}/inspect`,
  progress: () => '#/progress',
  map: () => '#/map',
  attention: () => '#/attention',
  settings: () => '#/settings',
};

const state = $state<{ route: Route; hash: string; previous: string | null }>({
  route: parseHash(globalThis.location?.hash ?? ''),
  hash: globalThis.location?.hash ?? '',
  previous: null,
});

/**
 * Asked before the hash leaves the current screen (a form with unsaved
 * input): true lets it go; false keeps the screen, which then asks the
 * person and calls `leave` if they agree.
 */
export type LeaveGuard = (to: string) => boolean;
let guard: LeaveGuard | null = null;

/** Sets the guard of the screen shown; returns the function that removes it. */
export function guardLeaving(g: LeaveGuard): () => void {
  guard = g;
  return () => {
    if (guard === g) guard = null;
  };
}

function sync() {
  if (location.hash === state.hash) return;
  if (guard && !guard(location.hash)) {
    // Stay: the hash goes back without a history entry of its own.
    history.replaceState(history.state, '', state.hash || '#/');
    return;
  }
  state.previous = state.hash || '#/';
  state.hash = location.hash;
  state.route = parseHash(location.hash);
}

if (typeof window !== 'undefined') window.addEventListener('hashchange', sync);

export const router = {
  get route(): Route {
    return state.route;
  },
  /** The raw hash, used as a key so a screen remounts when its id changes. */
  get hash(): string {
    return state.hash;
  },
  /** The hash shown before this one; null on the first screen. */
  get previous(): string | null {
    return state.previous;
  },
};

/** Back to the screen shown before (Escape on a screen that is not a form), else to the list. */
export function goBack(): void {
  navigate(state.previous ?? href.households());
}

/** Navigates without asking the screen's guard (its person already agreed, or its record is gone). */
export function leave(to: string): void {
  guard = null;
  navigate(to);
}

export function navigate(to: string): void {
  if (location.hash !== to && !(to === '#/' && location.hash === '')) location.hash = to;
  sync();
}

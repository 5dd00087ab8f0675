import { describe, expect, it } from 'vitest';
import { goBack, href, navigate, parseHash, router } from './router.svelte';

describe('parseHash', () => {
  it('maps every href back to its route', () => {
    expect(parseHash(href.households())).toEqual({ name: 'households' });
    expect(parseHash('')).toEqual({ name: 'households' });
    expect(parseHash(href.householdNew())).toEqual({ name: 'household-new' });
    expect(parseHash(href.household('h1'))).toEqual({ name: 'household', id: 'h1' });
    expect(parseHash(href.householdEdit('h1'))).toEqual({ name: 'household-edit', id: 'h1' });
    expect(parseHash(href.raftNew('h1'))).toEqual({ name: 'raft-new', householdId: 'h1' });
    expect(parseHash(href.raft('r1'))).toEqual({ name: 'raft', id: 'r1' });
    expect(parseHash(href.raftEdit('r1'))).toEqual({ name: 'raft-edit', id: 'r1' });
    expect(parseHash(href.replace('r1'))).toEqual({ name: 'replace', id: 'r1' });
    expect(parseHash(href.relocate('r1'))).toEqual({ name: 'relocate', id: 'r1' });
    expect(parseHash(href.inspect('r1'))).toEqual({ name: 'inspect', id: 'r1' });
    expect(parseHash(href.progress())).toEqual({ name: 'progress' });
    expect(parseHash(href.map())).toEqual({ name: 'map' });
    expect(parseHash('#/map/extra')).toEqual({ name: 'not-found' });
    expect(parseHash(href.attention())).toEqual({ name: 'attention' });
    expect(parseHash(href.settings())).toEqual({ name: 'settings' });
  });

  it('sends unknown paths to not-found', () => {
    expect(parseHash('#/nothing')).toEqual({ name: 'not-found' });
    expect(parseHash('#/rafts/r1/explode')).toEqual({ name: 'not-found' });
    expect(parseHash('#/settings/extra')).toEqual({ name: 'not-found' });
    expect(parseHash('#/attention/1')).toEqual({ name: 'not-found' });
  });
});

describe('goBack', () => {
  it('returns to the screen shown before', () => {
    navigate(href.raft('r1'));
    navigate(href.settings());
    expect(router.route).toEqual({ name: 'settings' });
    expect(router.previous).toBe('#/rafts/r1');
    goBack();
    expect(location.hash).toBe('#/rafts/r1');
    expect(router.route).toEqual({ name: 'raft', id: 'r1' });
  });
});

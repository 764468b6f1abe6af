import { describe, expect, it } from 'vitest';
import { VOCABULARIES, type Vocabulary } from '../../src-main/contract/index.ts';
import { EXCLUSIVE_TERMS, PROPER_NAMES, TERM_RULES, leakedTerms, translateText } from '../../src-main/shared/vocabulary/index.ts';

// The term table and the translator every text of the console goes through (issue 19, vocabulary).

const OTHERS = (v: Vocabulary) => VOCABULARIES.filter((o) => o !== v);

describe('the term table', () => {
  it('gives every rule a word in each vocabulary and a source', () => {
    for (const r of TERM_RULES) {
      for (const v of VOCABULARIES) expect(r.to[v].trim(), `${r.concept} in ${v}`).not.toBe('');
      expect(r.from.length, r.concept).toBeGreaterThan(0);
      expect(r.source.trim(), r.concept).not.toBe('');
      for (const f of r.from) expect(f, `${r.concept}: "from" is matched in lower case`).toBe(f.toLowerCase());
    }
  });

  it('never lists one phrasing under two rules (the second would be dead)', () => {
    const seen = new Map<string, string>();
    for (const r of TERM_RULES)
      for (const f of r.from) {
        expect(seen.get(f), `"${f}" in ${r.concept}`).toBeUndefined();
        seen.set(f, r.concept);
      }
  });

  it("writes no other vendor's word in any vocabulary", () => {
    for (const r of TERM_RULES) for (const v of VOCABULARIES) expect(leakedTerms(r.to[v], v), `${r.concept} in ${v}: "${r.to[v]}"`).toEqual([]);
  });

  it("turns each vendor's exclusive words into the others' (the phrasings the console uses)", () => {
    for (const v of VOCABULARIES)
      for (const term of EXCLUSIVE_TERMS[v]) {
        const rule = TERM_RULES.find((r) => r.from.includes(term.toLowerCase()));
        if (!rule) continue; // a word the console never writes (Citrix's "Studio"): only checked for leaks
        for (const o of OTHERS(v)) expect(leakedTerms(translateText(term, o), o), `${term} → ${o}`).toEqual([]);
      }
  });
});

describe('translateText', () => {
  const cases: [string, Record<Vocabulary, string>][] = [
    ['Desktop pools', { horizon: 'Desktop pools', citrix: 'Delivery groups', avd: 'Host pools' }],
    ['Push image', { horizon: 'Push image', citrix: 'Update machines', avd: 'Session host update' }],
    ['Push now', { horizon: 'Push now', citrix: 'Update now', avd: 'Update now' }],
    ['Golden images', { horizon: 'Golden images', citrix: 'Master images', avd: 'Image definitions' }],
    ['Drain mode on', { horizon: 'Drain mode on', citrix: 'Maintenance mode on', avd: 'Drain mode on' }],
    ['Entitlements', { horizon: 'Entitlements', citrix: 'User assignments', avd: 'App group assignments' }],
    [
      'The Connection Server cannot reach the agent.',
      {
        horizon: 'The Connection Server cannot reach the agent.',
        citrix: 'The Delivery Controller cannot reach the VDA.',
        avd: 'The AVD broker cannot reach the AVD Agent.',
      },
    ],
    ['AGENT_UNREACHABLE', { horizon: 'AGENT_UNREACHABLE', citrix: 'UNREGISTERED', avd: 'UNAVAILABLE' }],
    ['12 desktops on 3 hosts', { horizon: '12 desktops on 3 hosts', citrix: '12 machines on 3 hosts', avd: '12 session hosts on 3 hosts' }],
    [
      'Scaling plan of a pooled host pool',
      {
        horizon: 'Scaling plan of a floating desktop pool',
        citrix: 'Autoscale schedule of a random delivery group',
        avd: 'Scaling plan of a pooled host pool',
      },
    ],
    ['Help Desk', { horizon: 'Help Desk', citrix: 'Director', avd: 'AVD Insights' }],
    [
      'Windows 11 – Power Users (dedicated)',
      { horizon: 'Windows 11 – Power Users (dedicated)', citrix: 'Windows 11 – Power Users (static)', avd: 'Windows 11 – Power Users (personal)' },
    ],
  ];
  it.each(cases)('%s', (text, want) => {
    for (const v of VOCABULARIES) expect(translateText(text, v)).toBe(want[v]);
  });

  it('keeps names, paths, method names and identifiers as they are', () => {
    for (const v of VOCABULARIES) {
      for (const text of ['pool-create', '/pools/p-1', 'sales-pool', 'pool_2', 'desktop-list', '#pools', 'POST /api/v1/pool-push-image', 'pooled']) {
        expect(translateText(text, v), `${text} in ${v}`).toBe(text);
      }
      for (const name of PROPER_NAMES) expect(translateText(`on ${name} today`, v)).toBe(`on ${name} today`);
    }
  });

  it('keeps generic words generic', () => {
    for (const v of VOCABULARIES) {
      expect(translateText('Virtual machines', v)).toBe('Virtual machines');
      expect(translateText('a virtual desktop', v)).toBe('a virtual desktop');
      expect(translateText('Security agent', v)).toBe('Security agent');
    }
  });

  it('keeps the case of what it replaces', () => {
    expect(translateText('pool', 'citrix')).toBe('delivery group');
    expect(translateText('Pool', 'citrix')).toBe('Delivery group');
    expect(translateText('WAIT_FOR_AGENT', 'citrix')).toBe('WAIT_FOR_REGISTRATION');
    expect(translateText('the RDSH farm', 'citrix')).toBe('the multi-session OS farm');
    // A proper noun keeps its capital in the middle of a sentence.
    expect(translateText('the horizon agent', 'citrix')).toBe('the VDA');
  });

  it('replaces in one pass: its own words are not replaced again', () => {
    // "host pool" (AVD) contains "pool"; "AVD Agent" contains "agent".
    expect(translateText('the pool of the agent', 'avd')).toBe('the host pool of the AVD Agent');
  });

  it("keeps only the chosen vendor's glossary note", () => {
    const text = 'All desktops of the lab (Horizon: Machines · Citrix: Machine catalog machines · AVD: session hosts).';
    expect(translateText(text, 'horizon')).toBe('All desktops of the lab (Machines).');
    expect(translateText(text, 'citrix')).toBe('All machines of the lab (Machine catalog machines).');
    // A note that only repeats the words before it is dropped.
    expect(translateText(text, 'avd')).toBe('All session hosts of the lab.');
    // A hint made only of other vendors' notes says nothing.
    expect(translateText('Citrix: random vs static · AVD: pooled vs personal', 'horizon')).toBe('');
    expect(translateText('Citrix: random vs static · AVD: pooled vs personal', 'citrix')).toBe('random vs static');
    // A parenthesis that is not a vendor note stays.
    expect(translateText('Windows Server 2022 (multi-session)', 'citrix')).toBe('Windows Server 2022 (multi-session)');
  });

  it('leaves a text without letters alone', () => {
    expect(translateText('12 / 40 · 30 %', 'avd')).toBe('12 / 40 · 30 %');
  });
});

describe('leakedTerms', () => {
  it("finds another vendor's word, whole words only, and ignores proper names", () => {
    expect(leakedTerms('Open the delivery group', 'horizon')).toHaveLength(1);
    expect(leakedTerms('Open the desktop pools', 'avd')).toHaveLength(1);
    expect(leakedTerms('Directory users', 'horizon')).toEqual([]);
    expect(leakedTerms('Protocol: Citrix HDX', 'horizon')).toEqual([]);
    expect(leakedTerms('Delivery groups', 'citrix')).toEqual([]);
  });
});

describe('glossary notes closing a sentence', () => {
  it("keep the chosen vendor's note and drop the others", () => {
    const text = 'Forked from a parent VM in seconds; fresh at every logoff. Citrix: MCS non-persistent · AVD: pooled host pool';
    expect(translateText(text, 'horizon')).toBe('Forked from a parent VM in seconds; fresh at every logoff.');
    expect(translateText(text, 'citrix')).toBe('Forked from a parent VM in seconds; fresh at every logoff. MCS non-persistent');
    expect(translateText(text, 'avd')).toBe('Forked from a parent VM in seconds; fresh at every logoff. Pooled host pool');
    expect(translateText('One sentence. Another one about pools.', 'citrix')).toBe('One sentence. Another one about delivery groups.');
  });
});

describe('a note is recognised by its label only', () => {
  it('does not take a sentence that starts with a vendor name for a note', () => {
    const text =
      'Horizon desktop pools (Citrix: machine catalog + delivery group · AVD: host pool). Select a pool for its settings, machines and entitlements.';
    expect(translateText(text, 'horizon')).toBe('Horizon desktop pools. Select a pool for its settings, machines and entitlements.');
    expect(translateText(text, 'citrix')).toBe(
      'Citrix delivery groups (machine catalog + delivery group). Select a delivery group for its settings, machines and user assignments.',
    );
    expect(translateText(text, 'avd')).toBe('AVD host pools (host pool). Select a host pool for its settings, session hosts and app group assignments.');
  });
});

describe('lists of vendor notes without colons', () => {
  it("keep the chosen vendor's entry", () => {
    const text = 'Horizon RDSH farm · Citrix multi-session OS · AVD pooled multi-session hosts';
    expect(translateText(text, 'horizon')).toBe('RDSH farm');
    expect(translateText(text, 'citrix')).toBe('multi-session OS');
    expect(translateText(text, 'avd')).toBe('pooled multi-session hosts');
    // One segment is a sentence, not a list.
    expect(translateText('Citrix delivery groups', 'horizon')).toBe('Citrix delivery groups');
  });
});

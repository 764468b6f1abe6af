import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { navigate } from '../../src-renderer/router/hash-router.ts';

// The router in a bare Node test: a location, a history and a window that record what happens.
const g = globalThis as unknown as Record<string, unknown>;
let loc: { hash: string };
let replaced: string[];

beforeEach(() => {
  // Like a browser's: assigning 'x' to hash reads back as '#x'.
  let h = '';
  loc = {
    get hash() {
      return h;
    },
    set hash(v: string) {
      h = v === '' || v.startsWith('#') ? v : `#${v}`;
    },
  };
  replaced = [];
  g.location = loc;
  g.history = {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      replaced.push(url);
      loc.hash = url;
    },
  };
  g.window = { dispatchEvent: () => true };
});
afterEach(() => {
  delete g.location;
  delete g.history;
  delete g.window;
});

describe('navigate', () => {
  it('a replace rewrites the page the admin is on', () => {
    loc.hash = '#/sessions';
    navigate('/sessions?q=milan', { replace: true, ifStillOn: '/sessions' });
    expect(loc.hash).toBe('#/sessions?q=milan');
  });

  it('a late search-box write does not pull the admin back from the page they clicked to', () => {
    loc.hash = '#/sessions?q=mil';
    navigate('/shadow/sess-5'); // the click: the hash changes at once, the view unmounts later
    navigate('/sessions?q=milan', { replace: true, ifStillOn: '/sessions' }); // the debounce fires in between
    expect(loc.hash).toBe('#/shadow/sess-5');
    expect(replaced).toEqual([]);
  });

  it('a replace without ifStillOn may change pages (the start-up redirect to the last route)', () => {
    loc.hash = '';
    navigate('/dashboard', { replace: true });
    expect(loc.hash).toBe('#/dashboard');
  });
});

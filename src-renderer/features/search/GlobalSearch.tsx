import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Menu, MenuContent, MenuGroup, MenuItem, MenuList, Popper, SearchInput } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { navigate } from '../../router/hash-router.ts';

/** Matches per kind of object: a handful is enough to pick from; the list pages have the rest. */
const PER_KIND = 5;

interface Hit {
  id: string;
  kind: 'Pools' | 'Desktops' | 'Users' | 'Hosts';
  label: string;
  sub: string;
  route: string;
}

/**
 * Search the whole lab from the masthead (vSphere's global search): pools, desktops, users and
 * hosts by name, each opening its page (a user opens in Help Desk). `/` focuses the box.
 */
export const GlobalSearch = memo(function GlobalSearch() {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [focused, setFocused] = useState(false);
  const q = useDeferredValue(text.trim());
  const active = q.length >= 2;
  const inputRef = useRef<HTMLInputElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const shown = open && text.trim().length >= 2;
  const anchor = useCallback(() => (inputRef.current?.closest('.pf-v6-c-text-input-group') ?? inputRef.current) as HTMLElement, []);
  const pools = useApi('pool-list', {}, { refreshOn: ['pool'], enabled: active });
  const hosts = useApi('host-list', {}, { refreshOn: ['host'], enabled: active });
  // desktop-list's search also matches the host and pool names: those hits come as the host or the
  // pool themselves, so only desktops matched by their own name or their user are kept (from a few more).
  const desktops = useApi('desktop-list', { search: q, limit: PER_KIND * 4 }, { enabled: active });
  const users = useApi('user-list', { search: q, limit: PER_KIND }, { enabled: active });

  // "/" anywhere outside a field focuses the search, as in most consoles.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable))) return;
      e.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const hits = useMemo<Hit[]>(() => {
    if (!active) return [];
    const lq = q.toLowerCase();
    const out: Hit[] = [];
    for (const p of (pools.data ?? []).filter((p) => p.name.toLowerCase().includes(lq) || p.displayName.toLowerCase().includes(lq)).slice(0, PER_KIND)) {
      out.push({ id: p.id, kind: 'Pools', label: p.name, sub: p.displayName, route: `/pools/${p.id}` });
    }
    for (const d of (desktops.data?.rows ?? [])
      .filter((d) => d.name.toLowerCase().includes(lq) || (d.user ?? '').toLowerCase().includes(lq))
      .slice(0, PER_KIND)) {
      out.push({
        id: d.id,
        kind: 'Desktops',
        label: d.name,
        sub: `${d.pool} · ${d.state}${d.user ? ` · ${d.user}` : ''}`,
        // Filtered to its name, so the row is in view next to its drawer.
        route: `/desktops?q=${encodeURIComponent(d.name)}&selected=${encodeURIComponent(d.id)}`,
      });
    }
    for (const u of users.data?.rows ?? []) out.push({ id: u.id, kind: 'Users', label: u.displayName, sub: u.login, route: `/helpdesk/${u.id}` });
    for (const h of (hosts.data ?? []).filter((h) => h.name.toLowerCase().includes(lq)).slice(0, PER_KIND)) {
      out.push({ id: h.id, kind: 'Hosts', label: h.name, sub: `${h.vmCount} VMs · ${h.connectionState}`, route: `/hosts/${h.id}` });
    }
    return out;
  }, [active, q, pools.data, desktops.data, users.data, hosts.data]);

  // Enter opens the best hit: the one named exactly so, else the first whose name starts so, else the first.
  const best = (): Hit | undefined => {
    const lq = q.toLowerCase();
    return hits.find((h) => h.label.toLowerCase() === lq) ?? hits.find((h) => h.label.toLowerCase().startsWith(lq)) ?? hits[0];
  };
  const go = (route: string) => {
    setOpen(false);
    setText('');
    navigate(route);
  };
  const groups = (['Pools', 'Desktops', 'Users', 'Hosts'] as const)
    .map((k) => ({ kind: k, items: hits.filter((h) => h.kind === k) }))
    .filter((g) => g.items.length);

  const menu = (
    <Menu
      ref={menuRef}
      onSelect={(_e, v) => typeof v === 'string' && go(v)}
      isScrollable
      className="vdi-global-search__menu"
      data-testid="global-search-results"
    >
      <MenuContent maxMenuHeight="26rem">
        {groups.length === 0 ? (
          <MenuList>
            <MenuItem isDisabled>{active ? `Nothing matches “${q}”` : 'Type two letters or more'}</MenuItem>
          </MenuList>
        ) : (
          groups.map((g) => (
            <MenuGroup key={g.kind} label={g.kind}>
              <MenuList>
                {g.items.map((h) => (
                  <MenuItem key={`${h.kind}:${h.id}`} itemId={h.route} description={h.sub} data-testid={`global-search-hit-${h.kind.toLowerCase()}-${h.id}`}>
                    {h.label}
                  </MenuItem>
                ))}
              </MenuList>
            </MenuGroup>
          ))
        )}
      </MenuContent>
    </Menu>
  );

  return (
    // Where the masthead is narrow the box is only its icon until it has focus or shows results
    // (CSS: is-expanded); it then widens over the lab name instead of pushing the clock off screen.
    <div className={`vdi-global-search${focused || shown ? ' is-expanded' : ''}`} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
      <SearchInput
        ref={inputRef}
        placeholder="Search the lab  /"
        aria-label="Search pools, desktops, users and hosts"
        value={text}
        onChange={(_e, v) => {
          setText(v);
          setOpen(true);
        }}
        onClear={() => {
          setText('');
          setOpen(false);
        }}
        onFocus={() => setOpen(text.trim().length >= 2)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
          if (e.key === 'ArrowDown') menuRef.current?.querySelector<HTMLElement>('button:not([disabled]), a')?.focus();
          const hit = e.key === 'Enter' ? best() : undefined;
          if (hit) go(hit.route);
        }}
        data-testid="global-search"
      />
      {/* Mounted only while it shows hits: a mounted Popper reads getComputedStyle on every render of
          this box (its data hooks re-render it with the lab's changes), a forced style recalculation
          of the whole page each time (issue 18). It follows the input's group by reference. */}
      {shown ? (
        <Popper
          triggerRef={anchor}
          popper={menu}
          isVisible
          onDocumentClick={(e) => {
            const t = e?.target as Node | null;
            if (t && !menuRef.current?.contains(t) && !inputRef.current?.contains(t)) setOpen(false);
          }}
          minWidth="26rem"
        />
      ) : null}
    </div>
  );
});

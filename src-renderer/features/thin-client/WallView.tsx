import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, FormSelect, FormSelectOption, PageSection, Switch, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import {
  CLIENT_DEVICES,
  CLIENT_DEVICE_NAMES,
  NETWORK_PROFILES,
  type ApiError,
  type ClientDevice,
  type NetworkProfile,
} from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useWallWidth } from './use-wall-width.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { notifyError } from '../../state/toast-store.ts';
import { toApiError } from '../../state/use-api.ts';
import { Segmented } from '../../components/Segmented.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { NETWORK_NAMES, sessionLive } from '../sessions/index.ts';
import { LAYOUT_TILES, WALL_LAYOUTS, fillArrivals, parseSlots, slotsParam, entitledUsers, spreadPick, type Slots, type WallLayout } from './wall-model.ts';
import { WallTile } from './WallTile.tsx';
import '../../styles/sessions.css';

/** How many users "Connect users now" looks through to find free ones. */
const USER_SAMPLE = 400;
/** Users tried per empty tile by "Connect users now" before the tile shows the last refusal. */
const TRIES_PER_TILE = 4;

/**
 * A wall of thin clients (2 × 3 or 3 × 3) to watch a login storm from the users'
 * side: follow the next sessions to arrive, connect users from here, or pick
 * them one by one. The tiles live in the URL so the wall survives a reload.
 */
export function WallView() {
  const route = useRoute();
  const layout: WallLayout = route.query.get('layout') === '3x3' ? '3x3' : '2x3';
  const tiles = LAYOUT_TILES[layout];
  const wallRef = useRef<HTMLDivElement>(null);
  const wallWidth = useWallWidth(wallRef, tiles / 3);
  const slots = useMemo(() => parseSlots(route.query.get('s'), tiles), [route.query, tiles]);
  const [device, setDevice] = useState<ClientDevice>('thin-client');
  const [network, setNetwork] = useState<NetworkProfile>('lan');
  const [errors, setErrors] = useState<(ApiError | null)[]>([]);
  const [busy, setBusy] = useState(false);
  const [following, setFollowing] = useState(false);
  const baseline = useRef<ReadonlySet<string>>(new Set());

  const setSlots = (next: Slots, nextLayout: WallLayout = layout) =>
    navigate(withQuery('/wall', { layout: nextLayout === '2x3' ? '' : nextLayout, s: slotsParam(next) }), { replace: true });
  const slotsRef = useRef(slots);
  slotsRef.current = slots;

  // Next arrivals: new session ids from the live feed fill the empty tiles.
  useEffect(() => {
    if (!following) return;
    const release = sessionLive.retain({ all: true });
    const fill = () => {
      const ids = sessionLive.ids();
      const next = fillArrivals(slotsRef.current, ids, baseline.current);
      if (next.some((s, i) => s !== slotsRef.current[i])) setSlots(next);
      if (next.every((s) => s !== null)) setFollowing(false);
    };
    const stop = sessionLive.subscribe(fill);
    return () => {
      stop();
      release();
    };
    // setSlots reads the route; re-subscribing on every URL change is not needed.
  }, [following]);

  const startFollowing = () => {
    baseline.current = new Set(sessionLive.ids());
    if (baseline.current.size === 0) {
      // The feed has not polled yet: take the current list as the baseline.
      void getClient()
        .call('session-list', {})
        .then((rows) => {
          baseline.current = new Set(rows.map((r) => r.id));
          setFollowing(true);
        });
      return;
    }
    setFollowing(true);
  };

  const connectUsers = async (userIds: { slot: number; userId: string }[]) => {
    setBusy(true);
    const next = slotsRef.current.slice();
    const errs = [...errors];
    // One after another, as users arrive; each connect is its own broker request.
    for (const { slot, userId } of userIds) {
      try {
        const r = await getClient().call('session-connect', { userId, clientDevice: device, network });
        next[slot] = r.sessionId;
        errs[slot] = null;
      } catch (e) {
        errs[slot] = toApiError(e);
      }
    }
    setErrors(errs);
    setSlots(next);
    setBusy(false);
  };

  const connectNow = async () => {
    const empty = slots.map((s, i) => (s === null ? i : -1)).filter((i) => i >= 0);
    if (empty.length === 0) return;
    setBusy(true);
    try {
      const [sessions, users, entitlements, groups] = await Promise.all([
        getClient().call('session-list', {}),
        getClient().call('user-list', { limit: USER_SAMPLE }),
        getClient().call('entitlement-list', {}),
        getClient().call('group-list', {}),
      ]);
      const candidates = entitledUsers(users.rows, entitlements, groups);
      // A spread of free users; one the broker refuses (pool disabled, no desktop) is skipped for the next one.
      const queue = spreadPick(candidates, new Set(sessions.map((s) => s.userId)), Math.min(USER_SAMPLE, empty.length * TRIES_PER_TILE));
      const next = slotsRef.current.slice();
      const errs = [...errors];
      for (const slot of empty) {
        let last: ApiError | null = null;
        for (let k = 0; k < TRIES_PER_TILE && queue.length > 0; k++) {
          const u = queue.shift();
          if (!u) break;
          try {
            next[slot] = (await getClient().call('session-connect', { userId: u.id, clientDevice: device, network })).sessionId;
            last = null;
            break;
          } catch (e) {
            last = toApiError(e);
          }
        }
        // Out of candidates: say so, rather than leave the tile silently empty.
        errs[slot] = next[slot] ? null : (last ?? { code: 'not-found', message: 'No more users to try: everyone in the sample is connected or was refused.' });
      }
      setErrors(errs);
      setSlots(next);
    } catch (e) {
      notifyError('Could not pick users to connect', toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const filled = slots.filter(Boolean).length;
  return (
    <>
      <ViewHeader
        title="Thin-client wall"
        crumbs={[{ label: 'Sessions', to: '/sessions' }, { label: 'Thin-client wall' }]}
        description="Several users' screens at once: watch a login storm from their side. Double-click a tile to open it large."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        <Toolbar className="vdi-toolbar">
          <ToolbarContent>
            <ToolbarItem>
              <Segmented<WallLayout>
                options={WALL_LAYOUTS.map((l) => ({ value: l, label: l.replace('x', ' × '), testId: `wall-layout-${l}` }))}
                value={layout}
                onChange={(l) => setSlots(parseSlots(slotsParam(slots), LAYOUT_TILES[l]), l)}
                ariaLabel="Wall layout"
              />
            </ToolbarItem>
            <ToolbarGroup>
              <ToolbarItem>
                <FormSelect
                  value={device}
                  onChange={(_e, v) => setDevice(v as ClientDevice)}
                  aria-label="Client device for new connections"
                  data-testid="wall-device"
                  style={{ width: '14rem' }}
                >
                  {CLIENT_DEVICES.map((d) => (
                    <FormSelectOption key={d} value={d} label={CLIENT_DEVICE_NAMES[d]} />
                  ))}
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <FormSelect
                  value={network}
                  onChange={(_e, v) => setNetwork(v as NetworkProfile)}
                  aria-label="Network for new connections"
                  data-testid="wall-network"
                  style={{ width: '11rem' }}
                >
                  {NETWORK_PROFILES.filter((n) => n !== 'custom').map((n) => (
                    <FormSelectOption key={n} value={n} label={NETWORK_NAMES[n]} />
                  ))}
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="primary"
                  size="sm"
                  onClick={() => void connectNow()}
                  isLoading={busy}
                  isDisabled={busy || filled === tiles}
                  data-testid="wall-connect-now"
                >
                  Connect {tiles - filled} users now
                </Button>
              </ToolbarItem>
              <ToolbarItem alignSelf="center">
                <Switch
                  id="wall-follow"
                  label={`Watch the next ${tiles - filled} arrivals`}
                  isChecked={following}
                  isDisabled={filled === tiles && !following}
                  onChange={(_e, on) => (on ? startFollowing() : setFollowing(false))}
                  data-testid="wall-follow"
                />
              </ToolbarItem>
            </ToolbarGroup>
            <ToolbarItem align={{ default: 'alignEnd' }}>
              <Button variant="link" size="sm" onClick={() => setSlots(slots.map(() => null))} isDisabled={filled === 0} data-testid="wall-clear">
                Clear the wall
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <div className={`vdi-wall vdi-wall--3`} data-testid="wall" data-layout={layout} ref={wallRef} style={{ maxWidth: wallWidth }}>
          {slots.map((sid, i) => (
            <WallTile
              key={`${i}-${sid ?? ''}`}
              index={i}
              sessionId={sid}
              error={errors[i] ?? null}
              onConnectUser={(userId) => void connectUsers([{ slot: i, userId }])}
              onClear={() => setSlots(slots.map((s, k) => (k === i ? null : s)))}
            />
          ))}
        </div>
      </PageSection>
    </>
  );
}

import { useEffect, useState } from 'react';
import type { ClockState } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import {
  Button,
  Label,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  NotificationBadge,
  PageToggleButton,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
  Tooltip,
} from '@patternfly/react-core';
import BarsIcon from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import MoonIcon from '@patternfly/react-icons/dist/esm/icons/moon-icon';
import SunIcon from '@patternfly/react-icons/dist/esm/icons/sun-icon';
import OutlinedClockIcon from '@patternfly/react-icons/dist/esm/icons/outlined-clock-icon';
import { useApi } from '../state/use-api.ts';
import { isDark, useSettings } from '../state/settings-store.ts';
import { formatSimTime } from '../components/format.ts';
import { href, navigate } from '../router/hash-router.ts';
import { BrandMark } from './BrandMark.tsx';

/** How often the masthead re-reads the simulated clock when nothing pushed a change. */
const CLOCK_POLL_MS = 20_000;

export function AppMasthead({ sidebarOpen, onToggleSidebar }: { sidebarOpen: boolean; onToggleSidebar(): void }) {
  const lab = useApi('lab-info', {}, { refreshOn: ['lab'] });
  const unacked = useApi('event-list', { acknowledged: false, limit: 1 }, { refreshOn: ['events'] });
  const theme = useSettings((s) => s.theme);
  const setTheme = useSettings((s) => s.setTheme);
  const dark = isDark(theme);
  const reloadLab = lab.reload;
  // The simulated clock: pushed by the host while the simulation runs; lab-info (polled) otherwise.
  const [clock, setClock] = useState<ClockState | null>(null);
  useEffect(() => getClient().subscribe('clock', setClock), []);

  useEffect(() => {
    const t = setInterval(reloadLab, CLOCK_POLL_MS);
    return () => clearInterval(t);
  }, [reloadLab]);
  const simTime = clock && lab.data && clock.simTime > lab.data.simTime ? clock.simTime : lab.data?.simTime;
  const speedText = clock ? (clock.running && clock.speed !== 'paused' ? (clock.speed === 'max' ? 'max speed' : `${clock.speed}×`) : 'paused') : null;

  const count = unacked.data?.unacknowledged ?? 0;

  return (
    <Masthead className="vdi-masthead">
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton
            isHamburgerButton
            aria-label="Global navigation"
            isSidebarOpen={sidebarOpen}
            onSidebarToggle={onToggleSidebar}
            id="vdi-nav-toggle"
          >
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo href={href('/dashboard')} className="vdi-brand">
            <BrandMark />
            <span className="vdi-brand__name">VDI Fleet Console</span>
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup variant="action-group-plain" align={{ default: 'alignStart' }}>
              <ToolbarItem>
                {lab.data ? (
                  <span className="vdi-lab" data-testid="masthead-lab">
                    <span className="vdi-lab__name">{lab.data.name}</span>
                    <Label isCompact color="blue" variant="outline">
                      {lab.data.profile} · seed {lab.data.seed}
                    </Label>
                  </span>
                ) : null}
              </ToolbarItem>
            </ToolbarGroup>
            <ToolbarGroup variant="action-group-plain" align={{ default: 'alignEnd' }} gap={{ default: 'gapMd' }}>
              <ToolbarItem>
                <Tooltip content="Simulated time of the lab (UTC)">
                  <span className="vdi-simtime" data-testid="masthead-simtime" tabIndex={0}>
                    <OutlinedClockIcon />
                    {formatSimTime(simTime)} UTC
                    {speedText ? <span className="vdi-muted vdi-small"> · {speedText}</span> : null}
                  </span>
                </Tooltip>
              </ToolbarItem>
              <ToolbarItem>
                <NotificationBadge
                  variant={count > 0 ? 'attention' : 'read'}
                  count={count}
                  aria-label={`${count} unacknowledged events`}
                  onClick={() => navigate('/events?ack=no')}
                  data-testid="events-badge"
                />
              </ToolbarItem>
              <ToolbarItem>
                <Tooltip content={dark ? 'Switch to light theme' : 'Switch to dark theme'}>
                  <Button
                    variant="plain"
                    aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
                    data-testid="theme-toggle"
                    data-theme={dark ? 'dark' : 'light'}
                    onClick={() => setTheme(dark ? 'light' : 'dark')}
                    icon={dark ? <SunIcon /> : <MoonIcon />}
                  />
                </Tooltip>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
}

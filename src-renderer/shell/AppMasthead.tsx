import { memo } from 'react';
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
} from '@patternfly/react-core';
import BarsIcon from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import MoonIcon from '@patternfly/react-icons/dist/esm/icons/moon-icon';
import SunIcon from '@patternfly/react-icons/dist/esm/icons/sun-icon';
import { useApi } from '../state/use-api.ts';
import { isDark, useSettings } from '../state/settings-store.ts';
import { href, navigate } from '../router/hash-router.ts';
import { LazyTooltip } from '../components/LazyTooltip.tsx';
import { BrandMark } from './BrandMark.tsx';
import { ClockControl } from './ClockControl.tsx';
import { TasksButton } from '../features/tasks/index.ts';
import { GlobalSearch } from '../features/search/index.ts';
import { useAlarmCounts } from '../features/alarms/index.ts';
import './masthead.css';

export const AppMasthead = memo(function AppMasthead({ sidebarOpen, onToggleSidebar }: { sidebarOpen: boolean; onToggleSidebar(): void }) {
  const lab = useApi('lab-info', {}, { refreshOn: ['lab'] });
  // The badge counts active warning and critical alarms, never events (audit lines, information).
  const alarms = useAlarmCounts();
  const theme = useSettings((s) => s.theme);
  const setTheme = useSettings((s) => s.setTheme);
  const dark = isDark(theme);
  const count = (alarms?.warning ?? 0) + (alarms?.critical ?? 0);
  const critical = alarms?.critical ?? 0;

  return (
    <Masthead className="vdi-masthead">
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Global navigation" isSidebarOpen={sidebarOpen} onSidebarToggle={onToggleSidebar} id="vdi-nav-toggle">
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo href={href('/dashboard')} className="vdi-brand">
            <BrandMark />
            <span className="vdi-brand__text">
              <span className="vdi-brand__name">VDI Fleet Console</span>
              {/* Under 1320 px the clock leaves no room for the lab's name in the toolbar: it moves under the product's (masthead.css). */}
              {lab.data ? (
                <span className="vdi-brand__lab" title={lab.data.name} data-testid="masthead-lab-compact">
                  {lab.data.name}
                </span>
              ) : null}
            </span>
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
                    <span className="vdi-lab__name" title={lab.data.name}>
                      {lab.data.name}
                    </span>
                    <Label isCompact color="blue" variant="outline">
                      {lab.data.profile} · seed {lab.data.seed}
                    </Label>
                  </span>
                ) : null}
              </ToolbarItem>
            </ToolbarGroup>
            <ToolbarGroup variant="action-group-plain" align={{ default: 'alignEnd' }} gap={{ default: 'gapMd' }}>
              <ToolbarItem>
                <GlobalSearch />
              </ToolbarItem>
              <ToolbarItem>
                <ClockControl />
              </ToolbarItem>
              <ToolbarItem>
                <TasksButton />
              </ToolbarItem>
              <ToolbarItem>
                <LazyTooltip content={count ? `${critical} critical, ${count - critical} warning alarm${count === 1 ? '' : 's'} active` : 'No active alarm'}>
                  <NotificationBadge
                    variant={critical > 0 ? 'attention' : count > 0 ? 'unread' : 'read'}
                    count={count}
                    aria-label={`${count} active alarms (${critical} critical)`}
                    onClick={() => navigate('/alarms')}
                    data-testid="alarms-badge"
                    data-critical={critical}
                  />
                </LazyTooltip>
              </ToolbarItem>
              <ToolbarItem>
                <LazyTooltip content={dark ? 'Switch to light theme' : 'Switch to dark theme'}>
                  <Button
                    variant="plain"
                    aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
                    data-testid="theme-toggle"
                    data-theme={dark ? 'dark' : 'light'}
                    onClick={() => setTheme(dark ? 'light' : 'dark')}
                    icon={dark ? <SunIcon /> : <MoonIcon />}
                  />
                </LazyTooltip>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
});

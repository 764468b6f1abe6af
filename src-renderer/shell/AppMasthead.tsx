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
import { useApi } from '../state/use-api.ts';
import { isDark, useSettings } from '../state/settings-store.ts';
import { href, navigate } from '../router/hash-router.ts';
import { BrandMark } from './BrandMark.tsx';
import { ClockControl } from './ClockControl.tsx';
import { TasksButton } from '../features/tasks/index.ts';
import { GlobalSearch } from '../features/search/index.ts';

export function AppMasthead({ sidebarOpen, onToggleSidebar }: { sidebarOpen: boolean; onToggleSidebar(): void }) {
  const lab = useApi('lab-info', {}, { refreshOn: ['lab'] });
  const unacked = useApi('event-list', { acknowledged: false, limit: 1 }, { refreshOn: ['events'] });
  const theme = useSettings((s) => s.theme);
  const setTheme = useSettings((s) => s.setTheme);
  const dark = isDark(theme);
  const count = unacked.data?.unacknowledged ?? 0;

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

import { Nav, NavExpandable, NavItem, PageSidebar, PageSidebarBody } from '@patternfly/react-core';
import navStyles from '@patternfly/react-styles/css/components/Nav/nav';
import { memo, useState, type ReactNode } from 'react';
import { href, useRoute } from '../router/hash-router.ts';
import { entryActive, isSection, NAV, type NavEntry } from './nav-items.ts';
import { allowsMethod, useWhoami } from '../state/whoami-store.ts';
import { SidebarFooter } from './SidebarFooter.tsx';
import { VocabularyMenu } from '../components/vocabulary/index.ts';

/**
 * PatternFly's NavList, as it renders in a vertical nav (a horizontal one adds scroll buttons), without
 * the measuring its class component does when it mounts: it reads the list's text direction and where
 * its first and last items sit, which forces a style recalculation and a layout of the whole page in
 * the middle of the first render, then sets state and tells Nav whether it scrolls, which renders again
 * and dirties the layout it forced (a trace of the Sessions page's first load: ~150 ms of its main
 * thread before the first paint; issue 18). A vertical list never scrolls sideways.
 */
function SidebarNavList({ children }: { children: ReactNode }) {
  return (
    <ul className={navStyles.navList} role="list">
      {children}
    </ul>
  );
}

export const AppSidebar = memo(function AppSidebar({ isOpen }: { isOpen: boolean }) {
  const { path } = useRoute();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const me = useWhoami((s) => s.me);
  // Pages the role cannot use are not offered (the host refuses their methods anyway); an account scoped to a
  // tenant is offered only the pages that show its tenant's objects.
  const shown = (i: NavEntry) => (!me?.tenant || i.tenantPage === true) && (!i.method || allowsMethod(me, i.method));
  const link = (i: NavEntry) => (
    <NavItem key={i.id} itemId={i.id} to={href(i.path)} isActive={entryActive(i, path)} data-testid={`nav-${i.id}`}>
      {i.label}
    </NavItem>
  );
  return (
    <PageSidebar isSidebarOpen={isOpen} id="vdi-sidebar">
      <PageSidebarBody isFilled>
        <Nav aria-label="Console navigation">
          <SidebarNavList>
            {NAV.map((e) => {
              if (!isSection(e)) return shown(e) ? link(e) : null;
              const items = e.items.filter(shown);
              if (items.length === 0) return null;
              // A section left with one page for this account is that page, not a heading over it ("Sessions › Sessions"
              // for a tenant's admin: black-box round 6).
              if (items.length === 1) return link(items[0] as NavEntry);
              return (
                <NavExpandable
                  key={e.id}
                  title={e.label}
                  groupId={e.id}
                  isActive={e.items.some((i) => entryActive(i, path))}
                  isExpanded={open[e.id] ?? true}
                  onExpand={(_ev, o) => setOpen((m) => ({ ...m, [e.id]: o }))}
                  buttonProps={{ 'data-testid': `nav-${e.id}` }}
                >
                  {items.map(link)}
                </NavExpandable>
              );
            })}
          </SidebarNavList>
        </Nav>
      </PageSidebarBody>
      <PageSidebarBody usePageInsets isFilled={false}>
        <VocabularyMenu />
        <SidebarFooter />
      </PageSidebarBody>
    </PageSidebar>
  );
});

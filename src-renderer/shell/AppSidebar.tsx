import { Nav, NavExpandable, NavItem, NavList, PageSidebar, PageSidebarBody } from '@patternfly/react-core';
import { memo, useState } from 'react';
import { href, useRoute } from '../router/hash-router.ts';
import { entryActive, isSection, NAV, type NavEntry } from './nav-items.ts';
import { allowsMethod, useWhoami } from '../state/whoami-store.ts';
import { SidebarFooter } from './SidebarFooter.tsx';
import { VocabularyMenu } from '../components/vocabulary/index.ts';

export const AppSidebar = memo(function AppSidebar({ isOpen }: { isOpen: boolean }) {
  const { path } = useRoute();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const me = useWhoami((s) => s.me);
  // Pages the role cannot use are not offered (the host refuses their methods anyway); an account scoped to a
  // tenant is offered only the pages that show its tenant's objects.
  const shown = (i: NavEntry) => (!me?.tenant || i.tenantPage === true) && (!i.method || allowsMethod(me, i.method));
  return (
    <PageSidebar isSidebarOpen={isOpen} id="vdi-sidebar">
      <PageSidebarBody isFilled>
        <Nav aria-label="Console navigation">
          <NavList>
            {NAV.map((e) =>
              isSection(e) ? (
                e.items.some(shown) ? (
                  <NavExpandable
                    key={e.id}
                    title={e.label}
                    groupId={e.id}
                    isActive={e.items.some((i) => entryActive(i, path))}
                    isExpanded={open[e.id] ?? true}
                    onExpand={(_ev, o) => setOpen((m) => ({ ...m, [e.id]: o }))}
                    buttonProps={{ 'data-testid': `nav-${e.id}` }}
                  >
                    {e.items.filter(shown).map((i) => (
                      <NavItem key={i.id} itemId={i.id} to={href(i.path)} isActive={entryActive(i, path)} data-testid={`nav-${i.id}`}>
                        {i.label}
                      </NavItem>
                    ))}
                  </NavExpandable>
                ) : null
              ) : shown(e) ? (
                <NavItem key={e.id} itemId={e.id} to={href(e.path)} isActive={entryActive(e, path)} data-testid={`nav-${e.id}`}>
                  {e.label}
                </NavItem>
              ) : null,
            )}
          </NavList>
        </Nav>
      </PageSidebarBody>
      <PageSidebarBody usePageInsets isFilled={false}>
        <VocabularyMenu />
        <SidebarFooter />
      </PageSidebarBody>
    </PageSidebar>
  );
});

import { Nav, NavExpandable, NavItem, NavList, PageSidebar, PageSidebarBody } from '@patternfly/react-core';
import { useState } from 'react';
import { href, useRoute } from '../router/hash-router.ts';
import { entryActive, isSection, NAV } from './nav-items.ts';
import { SidebarFooter } from './SidebarFooter.tsx';
import { VocabularyMenu } from '../components/vocabulary/index.ts';

export function AppSidebar({ isOpen }: { isOpen: boolean }) {
  const { path } = useRoute();
  const [inventoryOpen, setInventoryOpen] = useState(true);
  return (
    <PageSidebar isSidebarOpen={isOpen} id="vdi-sidebar">
      <PageSidebarBody isFilled>
        <Nav aria-label="Console navigation">
          <NavList>
            {NAV.map((e) =>
              isSection(e) ? (
                <NavExpandable
                  key={e.id}
                  title={e.label}
                  groupId={e.id}
                  isActive={e.items.some((i) => entryActive(i, path))}
                  isExpanded={inventoryOpen}
                  onExpand={(_ev, open) => setInventoryOpen(open)}
                  buttonProps={{ 'data-testid': `nav-${e.id}` }}
                >
                  {e.items.map((i) => (
                    <NavItem key={i.id} itemId={i.id} to={href(i.path)} isActive={entryActive(i, path)} data-testid={`nav-${i.id}`}>
                      {i.label}
                    </NavItem>
                  ))}
                </NavExpandable>
              ) : (
                <NavItem key={e.id} itemId={e.id} to={href(e.path)} isActive={entryActive(e, path)} data-testid={`nav-${e.id}`}>
                  {e.label}
                </NavItem>
              ),
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
}

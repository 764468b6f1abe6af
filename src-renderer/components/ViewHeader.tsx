import type { ReactNode } from 'react';
import { Breadcrumb, BreadcrumbItem, Content, Flex, FlexItem, PageSection, Title } from '@patternfly/react-core';
import { href } from '../router/hash-router.ts';

export interface Crumb {
  label: string;
  to?: string;
}

/** Title row of every view: breadcrumbs, title, a one-line description and actions on the right. */
export function ViewHeader({
  title,
  description,
  crumbs,
  actions,
  titleTestId,
  extra,
}: {
  title: ReactNode;
  description?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
  titleTestId?: string;
  extra?: ReactNode;
}) {
  return (
    <PageSection className="vdi-view-header" hasBodyWrapper={false}>
      {crumbs && crumbs.length > 0 ? (
        <Breadcrumb className="vdi-crumbs">
          {crumbs.map((c, i) => (
            <BreadcrumbItem key={`${c.label}-${i}`} to={c.to ? href(c.to) : undefined} isActive={!c.to}>
              {c.label}
            </BreadcrumbItem>
          ))}
        </Breadcrumb>
      ) : null}
      <Flex alignItems={{ default: 'alignItemsCenter' }} justifyContent={{ default: 'justifyContentSpaceBetween' }} flexWrap={{ default: 'nowrap' }}>
        <FlexItem>
          <Title headingLevel="h1" size="xl" data-testid={titleTestId}>
            {title}
          </Title>
          {description ? (
            <Content component="p" className="vdi-muted vdi-view-header__desc">
              {description}
            </Content>
          ) : null}
        </FlexItem>
        {/* The actions keep their width; the description wraps instead. */}
        {actions ? <FlexItem flex={{ default: 'flexNone' }}>{actions}</FlexItem> : null}
      </Flex>
      {extra}
    </PageSection>
  );
}

import type { ReactNode } from 'react';
import { Card, CardBody, CardTitle, DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from '@patternfly/react-core';
import { EquivalentHint } from './StatusLabels.tsx';

export interface DetailField {
  term: string;
  value: ReactNode;
  /** Citrix / AVD name of the same setting, shown as a tooltip on the term. */
  hint?: string;
  testId?: string;
}

/** A card of term/value pairs: the building block of detail pages. */
export function DetailCard({ title, fields, testId, footer }: { title: ReactNode; fields: DetailField[]; testId?: string; footer?: ReactNode }) {
  return (
    <Card isCompact data-testid={testId} isFullHeight>
      <CardTitle>{title}</CardTitle>
      <CardBody>
        <DescriptionList isCompact isHorizontal horizontalTermWidthModifier={{ default: '10.5rem' }} className="vdi-dl">
          {fields.map((f) => (
            <DescriptionListGroup key={f.term}>
              <DescriptionListTerm>{f.hint ? <EquivalentHint hint={f.hint}>{f.term}</EquivalentHint> : f.term}</DescriptionListTerm>
              <DescriptionListDescription data-testid={f.testId}>{f.value}</DescriptionListDescription>
            </DescriptionListGroup>
          ))}
        </DescriptionList>
        {footer}
      </CardBody>
    </Card>
  );
}

import { Icon } from '@patternfly/react-core';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import InfoCircleIcon from '@patternfly/react-icons/dist/esm/icons/info-circle-icon';
import BanIcon from '@patternfly/react-icons/dist/esm/icons/ban-icon';
import type { Severity } from '../../src-main/contract/index.ts';

export function SeverityIcon({ severity }: { severity: Severity }) {
  switch (severity) {
    case 'critical':
      return (
        <Icon status="danger" size="sm" aria-label="critical">
          <BanIcon />
        </Icon>
      );
    case 'error':
      return (
        <Icon status="danger" size="sm" aria-label="error">
          <ExclamationCircleIcon />
        </Icon>
      );
    case 'warning':
      return (
        <Icon status="warning" size="sm" aria-label="warning">
          <ExclamationTriangleIcon />
        </Icon>
      );
    default:
      return (
        <Icon status="info" size="sm" aria-label="info">
          <InfoCircleIcon />
        </Icon>
      );
  }
}

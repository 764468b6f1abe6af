import { Alert, AlertActionCloseButton, AlertActionLink } from '@patternfly/react-core';
import type { ApiError } from '../../src-main/contract/index.ts';

/** Every API failure ends up here: code, message and the input path, never swallowed. */
export function ApiErrorAlert({
  error,
  title,
  onClose,
  onRetry,
  testId = 'api-error',
}: {
  error: ApiError;
  title?: string;
  onClose?: () => void;
  onRetry?: () => void;
  testId?: string;
}) {
  return (
    <Alert
      variant="danger"
      isInline
      isPlain={false}
      title={title ?? error.message}
      data-testid={testId}
      actionClose={onClose ? <AlertActionCloseButton onClose={onClose} /> : undefined}
      actionLinks={onRetry ? <AlertActionLink onClick={onRetry}>Retry</AlertActionLink> : undefined}
      className="vdi-alert"
    >
      {title ? <p>{error.message}</p> : null}
      <p className="vdi-muted">
        Error code <code>{error.code}</code>
        {error.path && error.path.length > 0 ? (
          <>
            {' '}
            at <code>{error.path.join('.')}</code>
          </>
        ) : null}
      </p>
    </Alert>
  );
}

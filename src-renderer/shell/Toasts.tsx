import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { useToasts } from '../state/toast-store.ts';

const TOAST_MS = 8000;

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <AlertGroup isToast isLiveRegion>
      {toasts.map((t) => (
        <Alert
          key={t.id}
          variant={t.variant}
          title={t.title}
          timeout={t.variant === 'danger' ? false : TOAST_MS}
          onTimeout={() => dismiss(t.id)}
          actionClose={<AlertActionCloseButton onClose={() => dismiss(t.id)} />}
          data-testid={`toast-${t.variant}`}
        >
          {t.error ? (
            <>
              {t.error.message}{' '}
              <span className="vdi-muted">
                ({t.error.code}
                {t.error.path?.length ? ` at ${t.error.path.join('.')}` : ''})
              </span>
            </>
          ) : null}
        </Alert>
      ))}
    </AlertGroup>
  );
}

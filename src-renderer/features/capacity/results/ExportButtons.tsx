import { useState } from 'react';
import { Button } from '@patternfly/react-core';
import DownloadIcon from '@patternfly/react-icons/dist/esm/icons/download-icon';
import type { ApiError } from '../../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { toApiError } from '../../../state/use-api.ts';
import { capCall } from '../capacity-api.ts';
import { downloadText } from '../download.ts';
import type { CapacityExportFormat } from '../model/contract-types.ts';

const LABELS: Record<CapacityExportFormat, string> = { json: 'JSON', csv: 'CSV curves', html: 'HTML report' };

/** The host writes the file (the same text as the command line's); the renderer saves it through a Blob link. */
export function ExportButtons({ runId }: { runId: string }) {
  const [busy, setBusy] = useState<CapacityExportFormat | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const go = async (format: CapacityExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const out = await capCall('capacity-export', { runId, format });
      downloadText(out.filename, out.mimeType, out.text);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="vdi-cap-export">
      {(Object.keys(LABELS) as CapacityExportFormat[]).map((f) => (
        <Button
          key={f}
          variant="secondary"
          size="sm"
          icon={<DownloadIcon />}
          isLoading={busy === f}
          isDisabled={busy !== null}
          onClick={() => void go(f)}
          data-testid={`cap-export-${f}`}
        >
          {LABELS[f]}
        </Button>
      ))}
      {error ? <ApiErrorAlert error={error} title="Export failed" onClose={() => setError(null)} testId="cap-export-error" /> : null}
    </span>
  );
}

import type { CapacityExport, CapacityExportFormat, CapacityRun } from '../../contract/capacity-entities.ts';

export function exportRun(run: CapacityRun, format: CapacityExportFormat): CapacityExport {
  return { filename: `${run.id}.${format}`, mimeType: 'application/json', text: JSON.stringify(run) };
}

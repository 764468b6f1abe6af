import { useCan } from '../../state/whoami-store.ts';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, PageSection } from '@patternfly/react-core';
import PlusIcon from '@patternfly/react-icons/dist/esm/icons/plus-icon';
import UploadIcon from '@patternfly/react-icons/dist/esm/icons/upload-icon';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { navigate, useRoute } from '../../router/hash-router.ts';
import { attachCapacityFeed, useCapacity } from './capacity-store.ts';
import { DefinitionsCard } from './DefinitionsCard.tsx';
import { pickTextFile } from './download.ts';
import { DEFAULT_DEFINITION } from './model/defaults.ts';
import type { CapacityDefinition } from './model/definition.ts';
import { parseDefinitionJson } from './model/parse-definition.ts';
import { RunsCard } from './RunsCard.tsx';
import { CapacityWizard } from './wizard/CapacityWizard.tsx';
import './capacity.css';

/**
 * Capacity planning: the saved and shipped test definitions, the runs with
 * their progress, and New test (the wizard). `?new=1` opens the wizard,
 * `&from=<definition id>` fills it from a definition.
 */
export function CapacityView() {
  useEffect(() => attachCapacityFeed(), []);
  const route = useRoute();
  const creating = route.query.get('new') === '1';
  const canRun = useCan('capacity-run-start');
  const from = route.query.get('from');
  const definitions = useCapacity((s) => s.definitions);
  const draft = useCapacity((s) => (route.query.get('draft') === '1' ? s.draft : null));
  const [loaded, setLoaded] = useState<{ def: CapacityDefinition; n: number } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const source = from ? definitions?.find((d) => d.id === from) : undefined;
  const initial = useMemo(() => loaded?.def ?? draft ?? source?.definition ?? DEFAULT_DEFINITION, [loaded, draft, source]);
  const waiting = creating && from && !source && !definitions;

  const importFile = async () => {
    const file = await pickTextFile('.json,application/json');
    if (!file) return;
    const parsed = parseDefinitionJson(file.text);
    if (!parsed.ok) return setFileError(`${file.name}: ${parsed.message}`);
    setFileError(null);
    setLoaded((l) => ({ def: parsed.definition, n: (l?.n ?? 0) + 1 }));
    navigate('/capacity?new=1');
  };
  const close = () => {
    setLoaded(null);
    useCapacity.getState().setDraft(null);
    navigate('/capacity', { replace: true });
  };

  return (
    <>
      <ViewHeader
        title="Capacity planning"
        titleTestId="cap-title"
        description="How many users will this hardware carry? Login VSI's method on a simulated cluster: sessions launch one by one until the response time crosses the threshold (VSImax)."
        actions={
          <span className="vdi-cap-header-actions vdi-cap-header-actions--nowrap">
            <Button variant="secondary" onClick={() => navigate('/capacity/delivery')} data-testid="cap-delivery">
              Containers vs VMs
            </Button>
            {canRun && (
              <>
                <Button variant="secondary" icon={<UploadIcon />} onClick={() => void importFile()} data-testid="cap-import-json">
                  Load JSON file…
                </Button>
                <Button variant="primary" icon={<PlusIcon />} onClick={() => navigate('/capacity?new=1')} data-testid="cap-new-test">
                  New test
                </Button>
              </>
            )}
          </span>
        }
      />
      {creating && !waiting ? (
        <CapacityWizard
          key={`${from ?? 'new'}-${loaded?.n ?? 0}`}
          initial={initial}
          savedId={source?.source === 'saved' ? source.id : undefined}
          onClose={close}
        />
      ) : null}
      <PageSection hasBodyWrapper={false} className="vdi-section-tight vdi-cap-page">
        {fileError ? (
          <Alert
            isInline
            variant="danger"
            title={fileError}
            data-testid="cap-import-error"
            actionClose={
              <Button variant="plain" onClick={() => setFileError(null)} aria-label="Dismiss">
                ×
              </Button>
            }
          />
        ) : null}
        <RunsCard />
        <DefinitionsCard />
      </PageSection>
    </>
  );
}

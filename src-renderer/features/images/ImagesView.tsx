import { useMemo, useState } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle, Label, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { GoldenImage, Pool } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { href } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { NothingHere, TableSkeleton } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatDate, humanize } from '../../components/format.ts';
import { Can } from '../../components/Can.tsx';
import { NewVersionModal } from './NewVersionModal.tsx';

function ImageCard({ image, pools }: { image: GoldenImage; pools: Pool[] }) {
  const versions = [...image.versions].sort((a, b) => b.version - a.version);
  const latest = versions[0]?.version ?? 0;
  const usedBy = (versionId: string) => pools.filter((p) => p.imageVersionId === versionId);
  const poolsOfImage = pools.filter((p) => p.imageId === image.id);
  const [adding, setAdding] = useState(false);
  return (
    <Card isCompact data-testid={`image-${image.name}`}>
      {adding ? <NewVersionModal image={image} onClose={() => setAdding(false)} /> : null}
      <CardHeader
        actions={{
          actions: (
            <Can method="image-version-create">
              <Button variant="secondary" size="sm" onClick={() => setAdding(true)} data-testid={`image-${image.name}-new-version`}>
                New version
              </Button>
            </Can>
          ),
        }}
      >
        <CardTitle>
          <span className="vdi-dot-text">
            {image.name}
            <Label isCompact variant="outline">
              {image.os}
            </Label>
          </span>
        </CardTitle>
        <div className="vdi-muted vdi-small">
          {humanize(image.workload)} worker · {image.vcpu} vCPU · {image.ramGb} GB RAM · {image.diskGb} GB disk · used by {poolsOfImage.length} pool
          {poolsOfImage.length === 1 ? '' : 's'}
        </div>
      </CardHeader>
      <CardBody>
        <Table variant="compact" aria-label={`Versions of ${image.name}`} gridBreakPoint="" className="vdi-bordered">
          <Thead>
            <Tr>
              <Th width={10}>Version</Th>
              <Th width={20}>Snapshot</Th>
              <Th width={15}>Taken (UTC)</Th>
              <Th width={30}>Notes</Th>
              <Th width={25}>Pools on this version</Th>
            </Tr>
          </Thead>
          <Tbody>
            {versions.map((v) => {
              const users = usedBy(v.id);
              return (
                <Tr key={v.id} data-testid={`image-${image.name}-v${v.version}`}>
                  <Td>
                    <span className="vdi-dot-text">
                      v{v.version}
                      {v.version === latest ? (
                        <Label isCompact color="blue">
                          latest
                        </Label>
                      ) : null}
                    </span>
                  </Td>
                  <Td>
                    <code>{v.snapshot}</code>
                  </Td>
                  <Td>{formatDate(v.createdAt)}</Td>
                  <Td className="vdi-wrap">{v.notes || <span className="vdi-muted">—</span>}</Td>
                  <Td>
                    {users.length ? (
                      <span className="vdi-chipline">
                        {users.map((p) => (
                          <a key={p.id} href={href(`/pools/${p.id}`)}>
                            <Label isCompact color={v.version === latest ? 'green' : 'orange'}>
                              {p.name}
                            </Label>
                          </a>
                        ))}
                      </span>
                    ) : (
                      <span className="vdi-muted">none</span>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      </CardBody>
    </Card>
  );
}

/** Golden images (Citrix: master images · AVD: image definitions) and their snapshots. */
export function ImagesView() {
  const images = useApi('image-list', {}, { refreshOn: ['image'] });
  const pools = useApi('pool-list', {}, { refreshOn: ['pool'] });
  const sorted = useMemo(() => [...(images.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [images.data]);
  return (
    <>
      <ViewHeader
        title="Golden images"
        description="Base VMs and their snapshots (Citrix: master image + MCS snapshot · AVD: image versions). Pools on an older snapshot are marked orange."
      />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {images.error ? <ApiErrorAlert error={images.error} title="Could not load the golden images" onRetry={images.reload} /> : null}
        {pools.error ? <ApiErrorAlert error={pools.error} title="Could not load the pools" onRetry={pools.reload} /> : null}
        {!images.data ? (
          images.error ? null : (
            <TableSkeleton />
          )
        ) : sorted.length === 0 ? (
          <NothingHere title="No golden images" />
        ) : (
          <div className="vdi-stack" data-testid="images">
            {sorted.map((img) => (
              <ImageCard key={img.id} image={img} pools={pools.data ?? []} />
            ))}
          </div>
        )}
      </PageSection>
    </>
  );
}

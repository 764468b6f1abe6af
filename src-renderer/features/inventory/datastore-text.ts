import type { Datastore } from '../../../src-main/contract/index.ts';

export const DATASTORE_TYPE_NAMES: Record<Datastore['type'], string> = { vsan: 'vSAN', vmfs: 'VMFS', nfs: 'NFS' };
export const DATASTORE_MEDIA_NAMES: Record<Datastore['media'], string> = { 'all-flash': 'all-flash', nvme: 'NVMe', hybrid: 'hybrid' };

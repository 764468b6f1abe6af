import type { GoldenImage, Pool } from '../../../src-main/contract/index.ts';
import { humanize } from '../../components/format.ts';

export const KIND_NAMES: Record<Pool['kind'], string> = {
  'instant-clone': 'Instant clone',
  'linked-clone': 'Linked clone',
  'full-clone': 'Full clone',
  manual: 'Manual',
};

export const POWER_POLICY_NAMES: Record<Pool['powerPolicy'], string> = {
  'take-no-action': 'Take no power action',
  'always-on': 'Ensure machines are always powered on',
  suspend: 'Suspend',
  'power-off': 'Power off',
};

export const PROTOCOL_NAMES: Record<Pool['defaultProtocol'], string> = { blast: 'VMware Blast', pcoip: 'PCoIP', hdx: 'Citrix HDX', rdp: 'Microsoft RDP' };

export function logoffText(p: Pool): string {
  if (p.logoffAfterDisconnect === 'after') return `After ${p.logoffAfterMinutes} minutes`;
  return humanize(p.logoffAfterDisconnect);
}

export function onLogoffText(p: Pool): string {
  return p.onLogoff === 'never' ? 'Never' : p.onLogoff === 'refresh' ? 'Refresh OS disk' : 'Delete machine';
}

/** The pool's image as two lines for its table cell: the image's name and the version the pool runs. */
export function imageParts(p: Pool, images: Map<string, GoldenImage>): { name: string; version: string | null } {
  if (!p.imageId) return { name: '—', version: null };
  const img = images.get(p.imageId);
  if (!img) return { name: p.imageId, version: null };
  const v = img.versions.find((x) => x.id === p.imageVersionId);
  return { name: img.name, version: v ? `v${v.version}` : null };
}

export function imageText(p: Pool, images: Map<string, GoldenImage>): string {
  if (!p.imageId) return '—';
  const img = images.get(p.imageId);
  if (!img) return p.imageId;
  const v = img.versions.find((x) => x.id === p.imageVersionId);
  return v ? `${img.name} v${v.version}` : img.name;
}

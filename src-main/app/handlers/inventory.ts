import { LabError } from '../../contract/errors.ts';
import { listDesktopRows } from '../../store/desktops.ts';
import { getHost, listClusters, listDatastores, listHosts, listImages, listNetworks, listSites, clusterRef } from '../../store/inventory.ts';
import type { Handlers } from '../context.ts';

export const inventoryHandlers: Pick<Handlers, 'site-list' | 'cluster-list' | 'host-list' | 'host-get' | 'datastore-list' | 'network-list' | 'image-list'> = {
  'site-list': (_input, ctx) => listSites(ctx.db),
  'cluster-list': (_input, ctx) => listClusters(ctx.db),
  'host-list': (input, ctx) => {
    if (input.clusterId && !clusterRef(ctx.db, input.clusterId)) {
      throw new LabError('not-found', `No cluster with id "${input.clusterId}"`, ['clusterId']);
    }
    return listHosts(ctx.db, input.clusterId);
  },
  'host-get': (input, ctx) => {
    const host = getHost(ctx.db, input.id);
    if (!host) throw new LabError('not-found', `No host with id "${input.id}"`, ['id']);
    return { host, desktops: listDesktopRows(ctx.db, { hostId: host.id }).rows };
  },
  'datastore-list': (input, ctx) => {
    if (input.clusterId && !clusterRef(ctx.db, input.clusterId)) {
      throw new LabError('not-found', `No cluster with id "${input.clusterId}"`, ['clusterId']);
    }
    return listDatastores(ctx.db, input.clusterId);
  },
  'network-list': (_input, ctx) => listNetworks(ctx.db),
  'image-list': (_input, ctx) => listImages(ctx.db),
};

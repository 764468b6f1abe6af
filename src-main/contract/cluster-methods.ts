// Cluster operations: live migration, host maintenance, DRS, HA, host power: this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).

export const clusterMethods = {};

export const clusterTopics = {};

// Desktop snapshots and whole-lab checkpoints: this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).

export const snapshotMethods = {};

export const snapshotTopics = {};

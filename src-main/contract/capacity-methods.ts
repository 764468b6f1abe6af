// Capacity evaluation (Login VSI method): this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).

export const capacityMethods = {};

export const capacityTopics = {};

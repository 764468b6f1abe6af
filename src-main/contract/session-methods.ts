// Sessions, the connection broker, Help Desk and thin-client connections: this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).

export const sessionMethods = {};

export const sessionTopics = {};

export * from './entities.ts';
export * from './errors.ts';
export * from './methods.ts';
export * from './client.ts';
export type { MethodDef, TopicDef } from './define.ts';
export * from './simulation.ts';
export * from './session-entities.ts';
export * from './snapshot-entities.ts';
export * from './snapshot-methods.ts';

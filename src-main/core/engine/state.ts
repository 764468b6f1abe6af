// The engine's hot state (structure of arrays) and what builds it. Split in three files, re-exported
// here so every part keeps importing '../state.ts':
// - state-model.ts: the arrays (EngineState), the machine/power/session codes, the change hooks of
//   the incremental load passes, the session list and the durable arrays;
// - state-build.ts: building it from a lab, growing it for added machines, pool settings and CPU allocation;
// - desktop-capacity.ts: the spare room of the per-desktop arrays (`grown`), so adding machines copies nothing.
export * from './state-model.ts';
export * from './state-build.ts';
export * from './desktop-capacity.ts';

import type { Migration } from './types.ts';

// Issue 17 part 4 (replay and scrub): the lab's action log. Every admin request that changed the
// simulation, in the order it committed, with the simulated instant (whole seconds of the tick grid)
// it took effect at, its method and its validated input. A lab's seed (meta profile + seed) plus this
// log replays the lab (app/replay). The log is part of the lab: a checkpoint carries the history of
// the lab it holds, a restore brings that history back, a reset empties it.
// meta 'replay_origin' = 'seed' (with 'replay_start', the generated lab's time), written with every new
// lab (lab-writer.ts), says the log is complete since the lab was generated. A lab made before this
// migration has no such key, whether it ran or not (its start cannot be told from its rows): it is
// not replayable; a lab reset makes one that is.
export const migration016: Migration = {
  version: 16,
  name: 'replay action log',
  up(db) {
    db.exec(`
      CREATE TABLE replay_actions (
        seq INTEGER PRIMARY KEY,
        sim_t INTEGER NOT NULL CHECK (sim_t >= 0),
        sim_time TEXT NOT NULL,
        method TEXT NOT NULL CHECK (length(method) BETWEEN 1 AND 100),
        input TEXT NOT NULL CHECK (json_valid(input)),
        user TEXT NOT NULL,
        wall_time TEXT NOT NULL
      ) STRICT;
    `);
  },
};

import type { Migration } from './types.ts';

// Issue 17 part 4 (replay and scrub): the lab's action log. Every admin request that changed the
// simulation, in the order it committed, with the simulated instant (whole seconds of the tick grid)
// it took effect at, its method and its validated input. A lab's seed (meta profile + seed) plus this
// log replays the lab (app/replay). The log is part of the lab: a checkpoint carries the history of
// the lab it holds, a restore brings that history back, a reset empties it.
// meta 'replay_origin' = 'seed' (with 'replay_start', the generated lab's time) says the log is complete since the lab was generated; a lab that had
// already run before this migration has no such key (its history before now was not recorded).
// (Numbered 017: 015 and 016 are reserved for work on other branches.)
export const migration017: Migration = {
  version: 17,
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
    const ran = db.prepare("SELECT 1 FROM engine_state WHERE key = 'header'").get();
    const hasLab = db.prepare("SELECT 1 FROM meta WHERE key = 'profile'").get();
    if (hasLab && !ran) {
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('replay_origin', 'seed')").run();
      db.prepare("INSERT OR REPLACE INTO meta (key, value) SELECT 'replay_start', value FROM meta WHERE key = 'sim_time'").run();
    }
  },
};

import type { Migration } from './types.ts';
import { ALARM_METRIC_NAMES, ALARM_OBJECT_KINDS } from '../../contract/alarm-entities.ts';
import { insertDefaultAlarmDefinitions } from '../alarms.ts';

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');

// Issue 16: alarms, separate from events.
// - alarm_definitions: the lab's definitions (the default set is written here and with every new lab).
// - alarms: one row per time a definition triggered on an object; its state runs triggered →
//   acknowledged → reset, and a reset row stays as history.
// - events_time: the events list orders by (simulated time, id), newest first within a second too.
export const migration012: Migration = {
  version: 12,
  name: 'alarms',
  up(db) {
    db.exec(`
      CREATE TABLE alarm_definitions (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,
        object_kind TEXT NOT NULL CHECK (object_kind IN (${list(ALARM_OBJECT_KINDS)})),
        metric TEXT NOT NULL CHECK (metric IN (${list(ALARM_METRIC_NAMES)})),
        direction TEXT NOT NULL CHECK (direction IN ('above','below')),
        warning REAL, critical REAL CHECK (warning IS NOT NULL OR critical IS NOT NULL),
        duration_s INTEGER NOT NULL CHECK (duration_s BETWEEN 0 AND 604800),
        reset_margin REAL NOT NULL CHECK (reset_margin >= 0),
        enabled INTEGER NOT NULL CHECK (enabled IN (0,1)),
        source TEXT NOT NULL, builtin INTEGER NOT NULL CHECK (builtin IN (0,1))
      ) STRICT;
      CREATE TABLE alarms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        definition_id TEXT NOT NULL REFERENCES alarm_definitions(id) ON DELETE CASCADE,
        object_kind TEXT NOT NULL CHECK (object_kind IN (${list(ALARM_OBJECT_KINDS)})),
        object_id TEXT NOT NULL, object_name TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('warning','critical')),
        state TEXT NOT NULL CHECK (state IN ('triggered','acknowledged','reset')),
        value REAL NOT NULL, worst REAL NOT NULL,
        triggered_at TEXT NOT NULL, changed_at TEXT NOT NULL, reset_at TEXT,
        acknowledged_by TEXT, acknowledged_at TEXT, acknowledged_comment TEXT
      ) STRICT;
      CREATE UNIQUE INDEX alarms_active ON alarms(definition_id, object_id) WHERE state <> 'reset';
      CREATE INDEX alarms_object ON alarms(object_kind, object_id);
      CREATE INDEX alarms_state ON alarms(state, changed_at);
      CREATE INDEX events_time ON events(sim_time, id);
    `);
    insertDefaultAlarmDefinitions(db);
  },
};

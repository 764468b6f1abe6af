import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** It changes rows only (the schema stays as it was). */
  dataOnly?: boolean;
  up(db: Database.Database): void;
}

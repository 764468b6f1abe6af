import { create } from 'zustand';

/**
 * Where the renderer stands with the host.
 * | status        | meaning                                              | banner            |
 * |---------------|------------------------------------------------------|-------------------|
 * | connecting    | first connection attempt in progress                 | none (skeletons)  |
 * | open          | requests flow                                        | none              |
 * | reconnecting  | was open (or never opened) and dropped; backing off  | warning + retry   |
 * | unauthorized  | the host refused the token; retrying will not help   | danger            |
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized';

export interface ConnectionState {
  status: ConnectionStatus;
  transport: 'ipc' | 'ws';
  /** Wall-clock ms when the next reconnect attempt happens (reconnecting only). */
  retryAt: number | null;
  attempts: number;
  /** Counts successful (re)connections; views refetch when it changes. */
  epoch: number;
  detail: string | null;
  set(patch: Partial<Omit<ConnectionState, 'set'>>): void;
}

export const useConnection = create<ConnectionState>((set) => ({
  status: 'connecting',
  transport: 'ws',
  retryAt: null,
  attempts: 0,
  epoch: 0,
  detail: null,
  set: (patch) => set(patch),
}));

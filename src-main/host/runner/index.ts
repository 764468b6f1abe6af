import { openHost } from '../host.ts';
import type { HostPort } from './host-port.ts';
import type { WorkerHostOptions } from './protocol.ts';
import { startWorkerHost } from './worker-host.ts';

export type { HostPort, AccountsPort } from './host-port.ts';
export type { WorkerHostOptions } from './protocol.ts';

/**
 * The one host runner of every front:
 *
 * | mode         | where the host runs      | used by                                    |
 * |--------------|--------------------------|--------------------------------------------|
 * | `worker`     | a worker thread          | serve, the desktop app (the clock runs)     |
 * | `in-process` | the caller's thread      | the CLI's one-shot commands, contract tests |
 *
 * Both answer the same HostPort: the same contract, errors, audit and pushes. `VDI_CONSOLE_HOST_MODE`
 * (`worker` or `in-process`) overrides a front's default, to compare the two (bench/serve-loop.ts).
 */
export type HostMode = 'worker' | 'in-process';

export function hostModeFrom(env: NodeJS.ProcessEnv, fallback: HostMode): HostMode {
  const v = env.VDI_CONSOLE_HOST_MODE;
  return v === 'worker' || v === 'in-process' ? v : fallback;
}

export async function startHost(opts: WorkerHostOptions & { mode: HostMode }): Promise<HostPort> {
  const { mode, ...rest } = opts;
  if (mode === 'worker') return startWorkerHost(rest);
  const host = openHost(rest);
  await host.controlReady;
  return host;
}

import type { ApiError } from '../contract/errors.ts';

/**
 * What `vdi-console call` refuses when no console (serve, the desktop app) has the lab open, before anything runs: work
 * that lives in the process holding the lab, which with no console is the command's own and ends with it.
 * - A capacity test not waited for (`--no-wait`): the next process would find it interrupted.
 * - The HTTP API's fault rules and a read-only replay view: the console's, unused by a command that ends.
 */
export function consoleOnly(method: string, noWait: boolean): ApiError | null {
  if ((method === 'capacity-run-start' || method === 'capacity-sweep-start') && noWait) {
    return {
      code: 'conflict',
      message:
        '--no-wait needs a console that has this lab open (serve or the desktop app): the test runs in the process that holds the lab, and this command would end before it. Leave out --no-wait to wait for the result here.',
      path: ['no-wait'],
    };
  }
  if (method === 'rest-fault-set' || method === 'rest-fault-clear' || method === 'replay-view-open') {
    return {
      code: 'conflict',
      message: `${method} acts on a console that has the lab open (serve or the desktop app), and none has: start one, then call again.`,
      path: [],
    };
  }
  return null;
}

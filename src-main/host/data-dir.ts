import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'VDI Fleet Console';

/**
 * Where the lab lives when no --data is given: the same folder the Electron app
 * uses (app.getPath('userData')/lab), so the CLI scripts the app's own lab.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.VDI_CONSOLE_DATA) return env.VDI_CONSOLE_DATA;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME, 'lab');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME, 'lab');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME, 'lab');
}

// Types of cli-build.mjs for the tests (the script itself is plain JavaScript run by Node).
export const ROOT: string;
export const CLI_DIR: string;
export const CLI_ENTRY: string;
export function cliStaleReason(root?: string): string | null;
export function buildCli(): Promise<void>;
export function buildCliIfNeeded(opts?: { force?: boolean; quiet?: boolean }): Promise<boolean>;

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabError } from '../../contract/errors.ts';
import { defaultDataDir } from '../data-dir.ts';
import { TOKEN_ROLES, createScriptToken, listScriptTokens, revokeScriptToken } from './script-tokens.ts';

// `vdi-console token …`: script tokens for the HTTP API. It does not open the lab (no lock, no
// database), so it works while a console serves that lab folder; the server sees new tokens at once.

export const TOKEN_USAGE = `  vdi-console token create --role ${TOKEN_ROLES.join('|')} [--name NAME] [--data DIR]
      Make a token for scripts (Authorization: Bearer …) and print it once; only its hash is kept.
  vdi-console token list [--data DIR]
  vdi-console token revoke ID [--data DIR]
`;

function flags(argv: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    const value = v ?? argv[++i];
    if (value === undefined) throw new LabError('invalid-input', `--${k} needs a value`, [k]);
    out.set(k, value);
  }
  return { positional, flags: out };
}

/** Runs `token …` (argv after the word `token`); returns the exit code. Output goes to the given writers (stdout / stderr). */
export function tokenCommand(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): number {
  try {
    const p = flags(argv);
    const [sub, arg] = p.positional;
    const dataDir = resolve(p.flags.get('data') ?? defaultDataDir());
    if (sub === 'create') {
      const role = p.flags.get('role');
      if (!role) throw new LabError('invalid-input', `token create needs --role (${TOKEN_ROLES.join(', ')})`, ['role']);
      mkdirSync(dataDir, { recursive: true });
      const name = p.flags.get('name');
      const { token, record } = createScriptToken(dataDir, { role, ...(name !== undefined ? { name } : {}) });
      // First line: the token alone, so `TOKEN=$(vdi-console token create --role administrators | head -1)` works.
      out(`${token}\n`);
      err(`Token ${record.id} (${record.name}, role ${record.role}) for the lab in ${dataDir}. It is shown once; only its hash is kept.\n`);
      return 0;
    }
    if (sub === 'list') {
      out(`${JSON.stringify(listScriptTokens(dataDir), null, 2)}\n`);
      return 0;
    }
    if (sub === 'revoke') {
      if (!arg) throw new LabError('invalid-input', 'token revoke needs a token id (see `vdi-console token list`)', ['id']);
      if (!revokeScriptToken(dataDir, arg)) throw new LabError('not-found', `No token with id "${arg}"`, ['id']);
      out(`Revoked ${arg}\n`);
      return 0;
    }
    err(`vdi-console token: unknown subcommand "${sub ?? ''}"\n\n${TOKEN_USAGE}`);
    return 2;
  } catch (e) {
    if (e instanceof LabError) {
      err(`${JSON.stringify(e.toApiError())}\n`);
      return 2;
    }
    throw e;
  }
}

// Until `vdi-console token` is wired into the CLI's command table: `npx tsx src-main/host/http/token-cli.ts create --role administrator`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = tokenCommand(process.argv.slice(2));

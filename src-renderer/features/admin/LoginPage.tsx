import { useState, type FormEvent } from 'react';
import { ActionGroup, Alert, Button, Form, FormGroup, LoginPage as PfLoginPage, TextInput } from '@patternfly/react-core';

/**
 * Browser mode's sign-in, shown once the lab has admin accounts (http/browser-login.ts). A
 * successful sign-in sets the session cookie; the page then reloads so the socket opens with it.
 * Lockouts and the client throttle are the host's: their message is shown as it comes.
 */
export function LoginPage({ reason }: { reason?: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(reason ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
      const body = (await r.json().catch(() => null)) as { ok?: boolean; error?: { message?: string } } | null;
      if (r.ok && body?.ok) {
        location.reload();
        return;
      }
      setError(body?.error?.message ?? `Sign-in failed (HTTP ${r.status})`);
      setPassword('');
    } catch (e) {
      setError(`The console host did not answer: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PfLoginPage
      className="vdi-login"
      loginTitle="Sign in to VDI Fleet Console"
      loginSubtitle="This console has admin accounts: sign in with yours."
      textContent="Roles as in Horizon Console: Administrators, Help Desk Administrators, Read-only Administrators, and Instructor for training labs. Every attempt is on the audit trail."
    >
      <Form onSubmit={(ev) => void submit(ev)} data-testid="login-form">
        {error ? <Alert variant="danger" isInline isPlain title={error} data-testid="login-error" /> : null}
        <FormGroup label="Account name" isRequired fieldId="login-name">
          <TextInput id="login-name" data-testid="login-name" value={name} onChange={(_e, v) => setName(v)} autoComplete="username" isRequired autoFocus />
        </FormGroup>
        <FormGroup label="Password" isRequired fieldId="login-password">
          <TextInput
            id="login-password"
            data-testid="login-password"
            type="password"
            value={password}
            onChange={(_e, v) => setPassword(v)}
            autoComplete="current-password"
            isRequired
          />
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="primary" isBlock isLoading={busy} isDisabled={busy || !name || !password} data-testid="login-submit">
            Sign in
          </Button>
        </ActionGroup>
      </Form>
    </PfLoginPage>
  );
}

/** In browser mode: does this page need a sign-in before the console opens? (Electron never does: the OS user is the local administrator.) */
export { browserNeedsSignIn } from '../../client/early-socket.ts';

export async function signOut(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST' }).catch(() => undefined);
  location.reload();
}

// Admin accounts, the audit trail and the browser sign-in: their public face.
import { lazy } from 'react';

export { LoginPage, browserNeedsSignIn, signOut } from './LoginPage.tsx';
export { UserMenu } from './UserMenu.tsx';
// The shell imports this face at start (sign-in, the user menu): the pages load with their route,
// not in the console's first chunk (issue 18: the Sessions page's first rows within a second).
export const AccountsView = lazy(() => import('./AccountsView.tsx').then((m) => ({ default: m.AccountsView })));
export const AuditView = lazy(() => import('./AuditView.tsx').then((m) => ({ default: m.AuditView })));

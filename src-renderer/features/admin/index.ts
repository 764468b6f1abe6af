// Admin accounts, the audit trail and the browser sign-in: their public face.
import { createElement, lazy } from 'react';

export { LoginPage, browserNeedsSignIn, signOut } from './LoginPage.tsx';
export { UserMenu } from './UserMenu.tsx';
// The shell imports this face at start (sign-in, the user menu): the pages load with their route,
// not in the console's first chunk (issue 18: the Sessions page's first rows within a second).
const LazyAccountsView = lazy(() => import('./AccountsView.tsx').then((m) => ({ default: m.AccountsView })));
/** The page, its code loaded when it first renders (a lazy component cannot be another lazy one's result: shell/lazy-page.tsx). */
export const AccountsView = () => createElement(LazyAccountsView);
const LazyAuditView = lazy(() => import('./AuditView.tsx').then((m) => ({ default: m.AuditView })));
/** The page, its code loaded when it first renders (a lazy component cannot be another lazy one's result: shell/lazy-page.tsx). */
export const AuditView = () => createElement(LazyAuditView);

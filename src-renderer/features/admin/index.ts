// Admin accounts, the audit trail and the browser sign-in: their public face.
export { LoginPage, browserNeedsSignIn, signOut } from './LoginPage.tsx';
export { AccountsView } from './AccountsView.tsx';
export { AuditView } from './AuditView.tsx';
export { UserMenu } from './UserMenu.tsx';

import { create } from 'zustand';
import type { ApiError } from '../../src-main/contract/index.ts';

export interface Toast {
  id: number;
  variant: 'success' | 'danger' | 'warning' | 'info';
  title: string;
  error?: ApiError;
}

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short-lived notices for actions done from anywhere (a theme save that failed, a pool disabled). */
export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push: (t) => set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id: nextId++ }] })),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export function notifySuccess(title: string): void {
  useToasts.getState().push({ variant: 'success', title });
}

export function notifyError(title: string, error: ApiError): void {
  useToasts.getState().push({ variant: 'danger', title, error });
}

// IPC channel names shared by main.ts and the preload (bundled into both).
export const REQUEST_CHANNEL = 'vdi:request';
export const PUSH_CHANNEL = 'vdi:push';
export const OPEN_WINDOW_CHANNEL = 'vdi:open-window';

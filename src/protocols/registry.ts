import type { ProtocolAdapter, ProtocolName } from '../core/adapter.js';

/**
 * Every protocol the element speaks, one line per adapter. The built worker
 * carries all five in its one file (vite.config.ts) and sets each up the first
 * time a page uses it; a dev server serves each module on its own.
 */
const loaders: Record<ProtocolName, () => Promise<ProtocolAdapter<never>>> = {
  'content-range': async () =>
    (await import('./content-range.js')).contentRange as ProtocolAdapter<never>,
  segments: async () => (await import('./segments.js')).segments as ProtocolAdapter<never>,
  multipart: async () => (await import('./multipart/index.js')).multipart as ProtocolAdapter<never>,
  'chunked-session': async () =>
    (await import('./chunked-session.js')).chunkedSession as ProtocolAdapter<never>,
  tus: async () => (await import('./tus.js')).tus as ProtocolAdapter<never>,
};

export function isProtocolName(value: string): value is ProtocolName {
  return Object.hasOwn(loaders, value);
}

/** The adapter for `name`, or undefined for a protocol this build does not know. */
export async function loadAdapter(name: string): Promise<ProtocolAdapter<never> | undefined> {
  return isProtocolName(name) ? loaders[name]() : undefined;
}

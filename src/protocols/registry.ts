import type { ProtocolAdapter, ProtocolName } from '../core/adapter.js';
import { chunkedSession } from './chunked-session.js';
import { contentRange } from './content-range.js';
import { multipart } from './multipart.js';
import { segments } from './segments.js';
import { tus } from './tus.js';

/** Every protocol the element speaks. One line per adapter file. */
export const adapters: Partial<Record<ProtocolName, ProtocolAdapter<never>>> = {
  'content-range': contentRange as ProtocolAdapter<never>,
  segments: segments as ProtocolAdapter<never>,
  'chunked-session': chunkedSession as ProtocolAdapter<never>,
  tus: tus as ProtocolAdapter<never>,
  multipart: multipart as ProtocolAdapter<never>,
};

export function isProtocolName(value: string): value is ProtocolName {
  return ['content-range', 'segments', 'multipart', 'chunked-session', 'tus'].includes(value);
}

import type { StoredSession } from '../core/session-store.js';
import type { ProtocolName } from '../core/adapter.js';
import type { BackgroundHandoff } from './background-handoff.js';
import type { FileSources } from './file-sources.js';
import type { QueueEvents } from './queue-events.js';
import type { TabHandoff } from './tab-handoff.js';
import { newEntry, type Entry, type UploadList } from './upload-list.js';
import { UploadState } from './upload-state.js';
import type { WorkerClient } from './worker-client.js';

/** What listing the stored sessions touches: the queue's own parts. */
export interface RestoreParts {
  list: UploadList;
  files: FileSources<Entry>;
  handoff: TabHandoff;
  background: BackgroundHandoff;
  events: QueueEvents;
  worker: WorkerClient;
}

/**
 * The interrupted uploads stored for this protocol and (absolute) endpoint, listed; kept
 * files of sessions that are gone are dropped. Resolves to the number of sessions found.
 */
export async function restoreSessions(
  protocol: ProtocolName,
  endpoint: string,
  signal: AbortSignal,
  parts: RestoreParts,
): Promise<number> {
  const sessions = await parts.worker.listSessions(protocol, endpoint);
  signal.throwIfAborted();
  parts.handoff.connect();
  await listRestored(sessions, signal, parts);
  void parts.files.prune(protocol, endpoint, new Set(sessions.map((s) => s.key)));
  return sessions.length;
}

/**
 * Each stored session not listed yet, listed as restored with its kept handle or copy
 * when there is one; as driven by another tab when one holds it (this tab watches, to take
 * over), or as a Background Fetch's when one owns it. Stops where `signal` aborts.
 */
export async function listRestored(
  sessions: readonly StoredSession[],
  signal: AbortSignal,
  parts: RestoreParts,
): Promise<void> {
  const known = new Set(parts.list.all().map((e) => e.key));
  for (const session of sessions) {
    if (known.has(session.key)) continue;
    const found = await parts.files.findKept(session.key, session.file);
    const elsewhere = await parts.handoff.heldByAnotherTab(session.key);
    signal.throwIfAborted();
    const state = elsewhere
      ? UploadState.lockedElsewhere
      : session.background
        ? UploadState.background
        : UploadState.restored;
    const entry: Entry = {
      ...newEntry(session.file, state),
      ...found,
      bytesSent: session.bytesConfirmed,
      bytesConfirmed: session.bytesConfirmed,
      key: session.key,
    };
    parts.list.add(entry);
    if (elsewhere) parts.handoff.watch(entry);
    else if (session.background) void parts.background.restored(entry, session.background);
    parts.events.emit('upload-restored', entry, {
      bytesSent: entry.bytesSent,
      bytesConfirmed: entry.bytesConfirmed,
      bytesTotal: entry.size,
      elsewhere,
    });
  }
}

import { UploadStatus } from './upload-types.js';

/**
 * Each upload's life in this tab. A page sees less: several states show as one
 * `status` (SHOWN_AS), and `elsewhere` is true in the states where another tab
 * drives the upload.
 */
export const UploadState = {
  /** Added without `auto-start`: waits for `start()`. */
  held: 'held',
  /** Waits for a free slot (`parallel-uploads`). */
  queued: 'queued',
  /** Handed to the worker while this tab asks for the upload's lock. */
  launching: 'launching',
  /** This tab holds the lock; the worker sends. */
  sending: 'sending',
  /** `pause` went to the worker, which has not answered yet. */
  pausing: 'pausing',
  paused: 'paused',
  /** Found after a reload; goes on once its file is at hand. */
  restored: 'restored',
  /** Failed for good; a retry starts it again. */
  failed: 'failed',
  /** Turned away before any request (`max-file-size`, `accept`): nothing to retry. */
  refused: 'refused',
  done: 'done',
  /** `cancel` went to the worker; the row shows what it showed until the worker confirms. */
  cancelling: 'cancelling',
  /** Another tab holds the lock and has not said how it goes yet. */
  lockedElsewhere: 'locked-elsewhere',
  sendingElsewhere: 'sending-elsewhere',
  pausedElsewhere: 'paused-elsewhere',
  failedElsewhere: 'failed-elsewhere',
  doneElsewhere: 'done-elsewhere',
  /**
   * The browser's Background Fetch sends the rest; this tab shows its progress and adopts
   * the upload back when the fetch ends (background-handoff.ts).
   */
  background: 'background',
  /** Off this tab's list (its session may live on). */
  removed: 'removed',
} as const;
export type UploadState = (typeof UploadState)[keyof typeof UploadState];

/** What happens to an upload: asked on this page, by the queue, by the worker, by other tabs. */
export const UploadEvent = {
  /** `start()`, Resume, Retry, or the file picked for a restored upload. */
  run: 'run',
  pause: 'pause',
  /** Cancel, or Remove on a refused or failed row. */
  cancel: 'cancel',
  /** Remove on a finished row. */
  dismiss: 'dismiss',
  /** Clear finished. */
  clear: 'clear',
  /** A free slot: the file goes to the worker. */
  launch: 'launch',
  lockGranted: 'lock-granted',
  /** Another tab holds the lock: this tab's worker stops, that tab drives. */
  lockTaken: 'lock-taken',
  /** The file to send is no longer the one the server holds bytes of. */
  fileChanged: 'file-changed',
  workerPaused: 'worker-paused',
  workerSucceeded: 'worker-succeeded',
  workerFailed: 'worker-failed',
  workerCancelled: 'worker-cancelled',
  /** The worker could not be created, or stopped. */
  workerLost: 'worker-lost',
  /** The tab driving the upload says it is sending, paused, failed, done or cancelled. */
  remoteSending: 'remote-sending',
  remotePaused: 'remote-paused',
  remoteFailed: 'remote-failed',
  remoteDone: 'remote-done',
  remoteCancelled: 'remote-cancelled',
  /** The driving tab let go and the session is stored: carry on sending here. */
  takeOver: 'take-over',
  /** … stay paused here, as it was there. */
  takeOverPaused: 'take-over-paused',
  /** … wait here for a Resume, or for the file. */
  takeOverIdle: 'take-over-idle',
  /** The driving tab let go and no session is stored: it ended there. */
  endedElsewhere: 'ended-elsewhere',
  /** A Background Fetch registration holds the rest of the bytes. */
  handedOff: 'handed-off',
  /** The Background Fetch ended with bytes left: the upload is this page's again. */
  backgroundEnded: 'background-ended',
} as const;
export type UploadEvent = (typeof UploadEvent)[keyof typeof UploadEvent];

const S = UploadState;
const E = UploadEvent;

/** Another tab's word about an upload this tab does not drive. */
const heardFromDriver = {
  [E.remoteSending]: S.sendingElsewhere,
  [E.remotePaused]: S.pausedElsewhere,
  [E.remoteFailed]: S.failedElsewhere,
  [E.remoteDone]: S.doneElsewhere,
};

/** The tab driving it let go of the lock. */
const lockFreed = {
  [E.takeOver]: S.queued,
  [E.takeOverIdle]: S.restored,
  [E.endedElsewhere]: S.removed,
};

/** A new upload starts at once, so this tab's worker may finish or fail it before it stops. */
const lastWordFromWorker = {
  [E.workerSucceeded]: S.doneElsewhere,
  [E.workerFailed]: S.failedElsewhere,
};

/** While another tab drives it: its word, a cancel (this tab's list only), its lock coming free. */
const drivenThere = {
  ...heardFromDriver,
  [E.remoteCancelled]: S.removed,
  [E.cancel]: S.removed,
  ...lockFreed,
  ...lastWordFromWorker,
  // That tab let go after handing it to a Background Fetch: this tab watches the fetch.
  [E.handedOff]: S.background,
};

/** What running here can end in. */
const workerEnds = {
  [E.workerSucceeded]: S.done,
  [E.workerFailed]: S.failed,
  [E.workerLost]: S.failed,
};

/**
 * Every move an upload can make: state → event → next state. An event a state does not
 * list is refused and changes nothing (a pause for a finished upload, a worker's report
 * that crossed a cancel, another tab's word about an upload this tab is sending).
 */
export const TRANSITIONS: {
  readonly [From in UploadState]: { readonly [On in UploadEvent]?: UploadState };
} = {
  [S.held]: { [E.run]: S.queued, [E.pause]: S.paused, [E.cancel]: S.cancelling },
  [S.queued]: {
    [E.launch]: S.launching,
    [E.pause]: S.paused,
    [E.cancel]: S.cancelling,
    ...heardFromDriver,
  },
  [S.launching]: {
    [E.lockGranted]: S.sending,
    [E.lockTaken]: S.lockedElsewhere,
    [E.fileChanged]: S.restored,
    [E.pause]: S.pausing,
    [E.cancel]: S.cancelling,
    ...workerEnds,
  },
  [S.sending]: {
    [E.pause]: S.pausing,
    [E.cancel]: S.cancelling,
    [E.handedOff]: S.background,
    ...workerEnds,
  },
  [S.pausing]: { [E.workerPaused]: S.paused, [E.cancel]: S.cancelling, ...workerEnds },
  [S.paused]: { [E.run]: S.queued, [E.cancel]: S.cancelling, ...heardFromDriver },
  [S.restored]: {
    [E.run]: S.queued,
    [E.cancel]: S.cancelling,
    ...heardFromDriver,
    [E.remoteCancelled]: S.removed,
  },
  [S.failed]: {
    [E.run]: S.queued,
    [E.cancel]: S.cancelling,
    // The worker answers a cancel that crossed its failure.
    [E.workerCancelled]: S.removed,
    ...heardFromDriver,
  },
  [S.refused]: { [E.cancel]: S.removed, [E.clear]: S.removed },
  // The worker answers a cancel that crossed its success.
  [S.done]: { [E.dismiss]: S.removed, [E.clear]: S.removed, [E.workerCancelled]: S.removed },
  [S.cancelling]: { [E.workerCancelled]: S.removed, ...workerEnds },
  [S.lockedElsewhere]: drivenThere,
  [S.sendingElsewhere]: drivenThere,
  [S.pausedElsewhere]: { ...drivenThere, [E.takeOverPaused]: S.paused },
  [S.failedElsewhere]: drivenThere,
  [S.doneElsewhere]: {
    ...heardFromDriver,
    [E.remoteCancelled]: S.removed,
    [E.dismiss]: S.removed,
    [E.clear]: S.removed,
  },
  [S.background]: {
    [E.backgroundEnded]: S.restored,
    [E.cancel]: S.cancelling,
    // Adopted and finished (here, or by another tab first).
    [E.workerSucceeded]: S.done,
    [E.workerFailed]: S.failed,
    [E.workerLost]: S.failed,
    [E.endedElsewhere]: S.removed,
  },
  [S.removed]: {},
};

/** The `status` each state shows; null: it keeps showing what it showed before. */
export const SHOWN_AS: { readonly [State in UploadState]: UploadStatus | null } = {
  [S.held]: UploadStatus.queued,
  [S.queued]: UploadStatus.queued,
  [S.launching]: UploadStatus.uploading,
  [S.sending]: UploadStatus.uploading,
  [S.pausing]: UploadStatus.uploading,
  [S.paused]: UploadStatus.paused,
  [S.restored]: UploadStatus.restored,
  [S.failed]: UploadStatus.error,
  [S.refused]: UploadStatus.error,
  [S.done]: UploadStatus.done,
  [S.cancelling]: null,
  [S.lockedElsewhere]: UploadStatus.uploading,
  [S.sendingElsewhere]: UploadStatus.uploading,
  [S.pausedElsewhere]: UploadStatus.paused,
  [S.failedElsewhere]: UploadStatus.error,
  [S.doneElsewhere]: UploadStatus.done,
  [S.background]: UploadStatus.uploading,
  [S.removed]: null,
};

const ELSEWHERE: ReadonlySet<UploadState> = new Set([
  S.lockedElsewhere,
  S.sendingElsewhere,
  S.pausedElsewhere,
  S.failedElsewhere,
  S.doneElsewhere,
]);

/** Another tab drives it (or drove it to the end): this tab shows that tab's progress. */
export function isElsewhere(state: UploadState): boolean {
  return ELSEWHERE.has(state);
}

/** Another tab drives it and this tab queues for its lock, to take over if that tab closes. */
export function drivenElsewhere(state: UploadState): boolean {
  return isElsewhere(state) && state !== S.doneElsewhere;
}

/** The part of an upload the machine moves. */
export interface Moving {
  state: UploadState;
  status: UploadStatus;
}

/**
 * Move an upload on `event`: its new state and the status it shows. Returns the
 * state it left, or undefined when the table refuses the event (nothing changes).
 */
export function advance(upload: Moving, event: UploadEvent): UploadState | undefined {
  const from = upload.state;
  const to = TRANSITIONS[from][event];
  if (!to) return undefined;
  upload.state = to;
  upload.status = SHOWN_AS[to] ?? upload.status;
  return from;
}

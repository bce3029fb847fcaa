/**
 * Every word the element shows or announces, in one table so a page can
 * translate it: `element.strings = germanStrings`, or only a few entries
 * (`{ chooseFiles: 'Add videos' }`: the rest stays English). Functions take
 * the values they interpolate; numbers and sizes arrive already formatted
 * with `Intl` in the element's locale.
 */
export interface UploadStrings {
  chooseFiles: string;
  /** Beside the button: how else files get in. */
  dropHint: string;
  /** Over the element while files are dragged over it. */
  dropHere: string;
  /** What is accepted, under the button. */
  limits: (accept: string, maxSize: string) => string;
  listLabel: string;
  startAll: string;
  pauseAll: string;
  resumeAll: string;
  retryFailed: string;
  cancelAll: string;
  clearFinished: string;
  /** The overall line: files finished of all, and failed ones. */
  summary: (done: number, files: number, failed: number) => string;
  totalProgressLabel: string;
  pause: string;
  resume: string;
  cancel: string;
  retry: string;
  remove: string;
  pickAgain: string;
  /** A per-file button's accessible name; it must contain the visible `action` text. */
  actionLabel: (action: string, name: string) => string;
  progressLabel: (name: string) => string;
  bytesOf: (sent: string, total: string) => string;
  statusQueued: string;
  statusUploading: string;
  statusPaused: string;
  statusDone: string;
  statusError: string;
  statusRestored: string;
  /** A status when another tab drives the upload ("Uploading in another tab"). */
  statusElsewhere: (status: string) => string;
  elsewhereHint: string;
  restoredHint: string;
  /** A restored upload whose file (or its handle) was kept: one click resumes it. */
  restoredKeptHint: string;
  notPersistent: string;
  /** Nothing could be kept for a pick-free resume: while uploading, and after a reload. */
  notKept: (reason: 'no-room' | 'refused') => string;
  restoredNotKept: (reason: 'no-room' | 'refused') => string;
  /** Before what the server answered for a finished file. */
  resultLabel: string;
  retrying: (message: string) => string;
  /** A message from the upload engine, by its stable code; translate the codes you care about. */
  error: (code: string, message: string) => string;
  announceAdded: (count: number) => string;
  announceStart: (name: string) => string;
  announceProgress: (name: string, percent: string) => string;
  announceDone: (name: string) => string;
  announceError: (name: string, message: string) => string;
  announcePaused: (name: string) => string;
  announceResumed: (name: string) => string;
  announceCancelled: (name: string) => string;
  announceQueueComplete: (done: number, failed: number) => string;
  refusedTooLarge: (name: string, max: string) => string;
  refusedType: (name: string, accept: string) => string;
  refusedMismatch: (name: string, expected: string) => string;
  permissionNeeded: (name: string) => string;
  fileChanged: (name: string) => string;
  workerStopped: (detail: string) => string;
  /** The worker's file did not load: a setup fault for the page's developer. */
  workerMissing: string;
  /** The worker is on another origin than the page: browsers refuse to start it. */
  workerCrossOrigin: string;
  formBusy: string;
  formRequired: string;
  speed: (perSecond: string) => string;
  timeLeft: (duration: string) => string;
}

export const englishStrings: UploadStrings = {
  chooseFiles: 'Choose files',
  dropHint: 'or drop or paste them here',
  dropHere: 'Drop files to upload',
  limits: (accept, maxSize) =>
    [maxSize && `Up to ${maxSize} each`, accept && `Accepted: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Uploads',
  startAll: 'Upload',
  pauseAll: 'Pause all',
  resumeAll: 'Resume all',
  retryFailed: 'Retry failed',
  cancelAll: 'Cancel all',
  clearFinished: 'Clear finished',
  summary: (done, files, failed) =>
    `${done} of ${files} ${files === 1 ? 'file' : 'files'} done${failed ? `, ${failed} failed` : ''}`,
  totalProgressLabel: 'Total upload progress',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  remove: 'Remove',
  pickAgain: 'Choose file',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Upload progress of ${name}`,
  bytesOf: (sent, total) => `${sent} of ${total}`,
  statusQueued: 'Waiting',
  statusUploading: 'Uploading',
  statusPaused: 'Paused',
  statusDone: 'Done',
  statusError: 'Failed',
  statusRestored: 'Interrupted',
  statusElsewhere: (status) => `${status} in another tab`,
  elsewhereHint: 'Another tab is sending this file. This tab carries on if that one closes.',
  restoredHint: 'Choose the same file again to continue where it stopped.',
  restoredKeptHint: 'Resume continues where it stopped, without choosing the file again.',
  notPersistent: 'This browser cannot store upload progress: a reload will start over.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Storage is too full to keep a copy of this file: after a reload, choose it again to continue.'
      : 'This browser does not keep a copy of the file here (a private window does not): after a reload, choose it again to continue.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Storage was too full to keep a copy of this file: choose the same file again to continue where it stopped.'
      : 'This browser could not keep a copy of the file (a private window cannot): choose the same file again to continue where it stopped.',
  resultLabel: 'Server answer:',
  retrying: (message) => `${message} Retrying…`,
  error: (_code, message) => message,
  announceAdded: (count) => `${count} ${count === 1 ? 'file' : 'files'} added`,
  announceStart: (name) => `Uploading ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} uploaded`,
  announceError: (name, message) => `${name} failed: ${message}`,
  announcePaused: (name) => `${name} paused`,
  announceResumed: (name) => `${name} resumed`,
  announceCancelled: (name) => `${name} cancelled`,
  announceQueueComplete: (done, failed) =>
    `All uploads finished: ${done} done${failed ? `, ${failed} failed` : ''}`,
  refusedTooLarge: (name, max) => `${name} is larger than the ${max} allowed.`,
  refusedType: (name, accept) => `${name} is not an accepted type (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} is not the file this upload started with. Choose ${expected} (the same file, unchanged) to resume.`,
  permissionNeeded: (name) => `Allow reading ${name} to resume it, or choose the file.`,
  fileChanged: (name) =>
    `${name} has changed since this upload started, so it cannot continue from the kept file. Choose the unchanged file, or cancel.`,
  workerStopped: (detail) =>
    `The upload worker stopped${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Retry to continue.`,
  workerMissing:
    'The upload worker (upload.worker.js) could not be loaded. Its file must be served beside the package (see "Bundlers" in the README of resumable-upload).',
  workerCrossOrigin:
    'The upload worker (upload.worker.js) is on another origin than this page, and browsers start workers only from the page\'s own. Copy it to this site and set worker-url (see "Bundlers" in the README of resumable-upload).',
  formBusy: 'Wait until the uploads have finished.',
  formRequired: 'Upload a file.',
  speed: (perSecond) => `${perSecond}/s`,
  timeLeft: (duration) => `${duration} left`,
};

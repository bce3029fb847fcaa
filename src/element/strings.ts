/**
 * Every word the element shows or announces, in one table so a page can
 * translate it (`element.strings = { ...frenchStrings }`). Functions take the
 * values they interpolate; numbers arrive already formatted.
 */
export interface UploadStrings {
  chooseFiles: string;
  dropHint: string;
  listLabel: string;
  startAll: string;
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
  restoredHint: string;
  notPersistent: string;
  retrying: (message: string) => string;
  announceStart: (name: string) => string;
  announceProgress: (name: string, percent: string) => string;
  announceDone: (name: string) => string;
  announceError: (name: string, message: string) => string;
  announcePaused: (name: string) => string;
  refusedTooLarge: (name: string, max: string) => string;
  refusedType: (name: string, accept: string) => string;
  refusedMismatch: (name: string, expected: string) => string;
  speed: (perSecond: string) => string;
  timeLeft: (duration: string) => string;
}

export const englishStrings: UploadStrings = {
  chooseFiles: 'Choose files',
  dropHint: 'or drop them here',
  listLabel: 'Uploads',
  startAll: 'Upload',
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
  restoredHint: 'Choose the same file again to continue where it stopped.',
  notPersistent: 'This browser cannot store upload progress: a reload will start over.',
  retrying: (message) => `${message} Retrying…`,
  announceStart: (name) => `Uploading ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} uploaded`,
  announceError: (name, message) => `${name} failed: ${message}`,
  announcePaused: (name) => `${name} paused`,
  refusedTooLarge: (name, max) => `${name} is larger than the ${max} allowed.`,
  refusedType: (name, accept) => `${name} is not an accepted type (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} is not the file this upload started with. Choose ${expected} (the same file, unchanged) to resume.`,
  speed: (perSecond) => `${perSecond}/s`,
  timeLeft: (duration) => `${duration} left`,
};

/**
 * A count's wording for each plural category of a language (`Intl.PluralRules`).
 * `{name}` placeholders take numbers, formatted with `Intl` in the element's locale.
 */
export type Plural = { readonly [C in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** The entries that count something: each is a `Plural`. */
export type CountedKey = 'summary' | 'summaryFailed' | 'announceAdded' | 'announceQueueComplete';

/**
 * Every word the element shows or announces, in one table per language
 * (`locales/`, one file each; English below). The element picks the table of
 * its `locale` or the nearest `lang`; a page changes any word with
 * `element.strings = { chooseFiles: 'Add videos' }`, merged over that table.
 * Functions take the values they interpolate, already formatted with `Intl`;
 * entries that count take one wording per plural category.
 */
export interface UploadStrings {
  chooseFiles: string;
  /** The folder picker's button (`directory`). */
  chooseFolder: string;
  /** A folder's file whose relative path is refused (`..`, absolute, control characters). */
  refusedPath: (path: string) => string;
  /** Beside the button: how else files get in. */
  dropHint: string;
  /** Over the element while files are dragged over it. */
  dropHere: string;
  /** What is accepted, under the button; either may be empty. */
  limits: (accept: string, maxSize: string) => string;
  listLabel: string;
  startAll: string;
  pauseAll: string;
  resumeAll: string;
  retryFailed: string;
  cancelAll: string;
  clearFinished: string;
  /** The overall line, by the number of files: `{done}` of `{files}` finished. */
  summary: Plural;
  /** Added to the overall line (and the end of the queue) when some failed, by their number `{failed}`. */
  summaryFailed: Plural;
  /** Between the parts of one line ("3 of 5 files done, 1 failed"). */
  separator: string;
  totalProgressLabel: string;
  pause: string;
  resume: string;
  cancel: string;
  retry: string;
  remove: string;
  pickAgain: string;
  /** A running upload's button (`background`): the browser sends the rest, even after the page closes. */
  continueInBackground: string;
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
  /** A problem the element handles by itself (a retry, a new session). */
  retrying: (message: string) => string;
  /**
   * A message of the upload engine, which arrives in English, by its stable code:
   * return a translation, or the message as it is (it may hold the server's words).
   */
  error: (code: string, message: string) => string;
  /** The files of one pick, drop or paste, by their number `{count}`. */
  announceAdded: Plural;
  announceStart: (name: string) => string;
  announceProgress: (name: string, percent: string) => string;
  announceDone: (name: string) => string;
  announceError: (name: string, message: string) => string;
  announcePaused: (name: string) => string;
  announceResumed: (name: string) => string;
  announceCancelled: (name: string) => string;
  /** Nothing left to do, by the number `{done}` finished (failures follow as `summaryFailed`). */
  announceQueueComplete: Plural;
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
  /** A duration formatted with `Intl` ("2 min 5 s"). */
  timeLeft: (duration: string) => string;
}

/**
 * One language's table: every entry of `UploadStrings`, no other, and each
 * counted entry with exactly the plural categories `C` of that language
 * (test/unit/locales.test.ts holds `C` to `Intl.PluralRules`).
 */
export type LanguageTable<C extends Intl.LDMLPluralRule> = Omit<UploadStrings, CountedKey> & {
  readonly [K in CountedKey]: { readonly [F in C | 'other']: string };
};

/** English: inline, the fallback of every other language. */
export const englishStrings = {
  chooseFiles: 'Choose files',
  chooseFolder: 'Choose a folder',
  refusedPath: (path) =>
    `${path} cannot be uploaded: a path with "..", an absolute part or control characters is not allowed.`,
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
  summary: { one: '{done} of {files} file done', other: '{done} of {files} files done' },
  summaryFailed: { one: '{failed} failed', other: '{failed} failed' },
  separator: ', ',
  totalProgressLabel: 'Total upload progress',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  remove: 'Remove',
  pickAgain: 'Choose file',
  continueInBackground: 'Continue in background',
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
  announceAdded: { one: '{count} file added', other: '{count} files added' },
  announceStart: (name) => `Uploading ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} uploaded`,
  announceError: (name, message) => `${name} failed: ${message}`,
  announcePaused: (name) => `${name} paused`,
  announceResumed: (name) => `${name} resumed`,
  announceCancelled: (name) => `${name} cancelled`,
  announceQueueComplete: {
    one: 'All uploads finished: {done} done',
    other: 'All uploads finished: {done} done',
  },
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
  timeLeft: (duration) => `${duration} left`,
} satisfies LanguageTable<'one' | 'other'> as UploadStrings;

/**
 * A message on an upload. `message` is what the events and `uploads` give (the
 * engine's English, or the element's words in the table of that moment); `words`
 * says one of the element's own again in whatever language is shown now, and an
 * engine message goes through `strings.error` by its `code`.
 */
export interface Said {
  message: string;
  code?: string;
  status?: number;
  words?: (s: UploadStrings) => string;
}

/** One of the element's own messages, in the words of `s`. */
export function said(s: UploadStrings, words: (s: UploadStrings) => string, code?: string): Said {
  return { message: words(s), code, words };
}

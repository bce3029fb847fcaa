import type { LanguageTable, UploadStrings } from '../strings.js';

/** Danish (`da`). */
const danish: UploadStrings = {
  chooseFiles: 'Vælg filer',
  chooseFolder: 'Vælg en mappe',
  refusedPath: (path) =>
    `${path} kan ikke uploades: en sti med "..", en absolut del eller kontroltegn er ikke tilladt.`,
  dropHint: 'eller slip eller indsæt dem her',
  dropHere: 'Slip filer for at uploade',
  limits: (accept, maxSize) =>
    [maxSize && `Op til ${maxSize} pr. fil`, accept && `Tilladt: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Uploads',
  startAll: 'Upload',
  pauseAll: 'Sæt alle på pause',
  resumeAll: 'Genoptag alle',
  retryFailed: 'Prøv mislykkede igen',
  cancelAll: 'Annuller alle',
  clearFinished: 'Ryd færdige',
  summary: { one: '{done} af {files} fil færdig', other: '{done} af {files} filer færdige' },
  summaryFailed: { one: '{failed} mislykkedes', other: '{failed} mislykkedes' },
  separator: ', ',
  totalProgressLabel: 'Samlet uploadstatus',
  pause: 'Pause',
  resume: 'Genoptag',
  cancel: 'Annuller',
  retry: 'Prøv igen',
  remove: 'Fjern',
  pickAgain: 'Vælg fil',
  continueInBackground: 'Fortsæt i baggrunden',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Uploadstatus for ${name}`,
  bytesOf: (sent, total) => `${sent} af ${total}`,
  statusQueued: 'Venter',
  statusUploading: 'Uploader',
  statusPaused: 'På pause',
  statusDone: 'Færdig',
  statusError: 'Mislykkedes',
  statusRestored: 'Afbrudt',
  statusElsewhere: (status) => `${status} i en anden fane`,
  elsewhereHint: 'En anden fane sender denne fil. Denne fane fortsætter, hvis den anden lukkes.',
  restoredHint: 'Vælg den samme fil igen for at fortsætte, hvor den stoppede.',
  restoredKeptHint: 'Genoptag fortsætter, hvor den stoppede, uden at du skal vælge filen igen.',
  notPersistent:
    'Denne browser kan ikke gemme status: Efter en genindlæsning starter uploaden forfra.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Lageret er for fyldt til at gemme en kopi af filen: Vælg den igen efter en genindlæsning for at fortsætte.'
      : 'Denne browser gemmer ikke en kopi af filen her (det gør et privat vindue ikke): Vælg den igen efter en genindlæsning for at fortsætte.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Lageret var for fyldt til at gemme en kopi af filen: Vælg den samme fil igen for at fortsætte, hvor den stoppede.'
      : 'Denne browser kunne ikke gemme en kopi af filen (det kan et privat vindue ikke): Vælg den samme fil igen for at fortsætte, hvor den stoppede.',
  resultLabel: 'Serverens svar:',
  retrying: (message) => `${message} Prøver igen…`,
  error: (code, message) =>
    ({
      network: 'Forbindelsen til serveren blev afbrudt.',
      auth: 'Serveren nægtede adgang.',
      'retries-exhausted': 'Uploaden mislykkedes efter flere forsøg.',
      'session-gone': 'Serveren har ikke længere denne upload.',
      'file-too-large': 'Filen er for stor til serveren.',
      protocol: 'Serveren gav et uventet svar.',
      internal: 'Der opstod en uventet fejl.',
    })[code] ?? message,
  announceAdded: { one: '{count} fil tilføjet', other: '{count} filer tilføjet' },
  announceStart: (name) => `Uploader ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} er uploadet`,
  announceError: (name, message) => `${name} mislykkedes: ${message}`,
  announcePaused: (name) => `${name} er sat på pause`,
  announceResumed: (name) => `${name} er genoptaget`,
  announceCancelled: (name) => `${name} er annulleret`,
  announceQueueComplete: {
    one: 'Alle uploads er afsluttet: {done} færdig',
    other: 'Alle uploads er afsluttet: {done} færdige',
  },
  refusedTooLarge: (name, max) => `${name} er større end de tilladte ${max}.`,
  refusedType: (name, accept) => `${name} er ikke en tilladt type (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} er ikke den fil, denne upload startede med. Vælg ${expected} (den samme, uændrede fil) for at genoptage.`,
  permissionNeeded: (name) => `Tillad læsning af ${name} for at genoptage, eller vælg filen.`,
  fileChanged: (name) =>
    `${name} er ændret, siden uploaden startede, så den kan ikke fortsætte fra den gemte fil. Vælg den uændrede fil, eller annuller.`,
  workerStopped: (detail) =>
    `Upload-workeren stoppede${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Prøv igen for at fortsætte.`,
  workerMissing:
    'Upload-workeren (upload.worker.js) kunne ikke indlæses. Dens fil skal ligge ved siden af pakken (se "Bundlers" i README for resumable-upload).',
  workerCrossOrigin:
    'Upload-workeren (upload.worker.js) ligger på et andet origin end denne side, og browsere starter kun workers fra sidens eget. Kopiér den til dette websted, og angiv worker-url (se "Bundlers" i README for resumable-upload).',
  formBusy: 'Vent, til uploadene er færdige.',
  formRequired: 'Upload en fil.',
  timeLeft: (duration) => `${duration} tilbage`,
} satisfies LanguageTable<'one' | 'other'>;

export default danish;

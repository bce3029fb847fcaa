import type { LanguageTable, UploadStrings } from '../strings.js';

/** Norwegian Bokmål (`nb`, and `no`, `nn`). */
const norwegian: UploadStrings = {
  chooseFiles: 'Velg filer',
  chooseFolder: 'Velg en mappe',
  refusedPath: (path) =>
    `${path} kan ikke lastes opp: en sti med «..», en absolutt del eller kontrolltegn er ikke tillatt.`,
  dropHint: 'eller slipp eller lim dem inn her',
  dropHere: 'Slipp filer for å laste opp',
  limits: (accept, maxSize) =>
    [maxSize && `Opptil ${maxSize} per fil`, accept && `Tillatt: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Opplastinger',
  startAll: 'Last opp',
  pauseAll: 'Sett alle på pause',
  resumeAll: 'Gjenoppta alle',
  retryFailed: 'Prøv mislykkede på nytt',
  cancelAll: 'Avbryt alle',
  clearFinished: 'Fjern fullførte',
  summary: { one: '{done} av {files} fil ferdig', other: '{done} av {files} filer ferdige' },
  summaryFailed: { one: '{failed} mislyktes', other: '{failed} mislyktes' },
  separator: ', ',
  totalProgressLabel: 'Samlet opplastingsfremdrift',
  pause: 'Pause',
  resume: 'Gjenoppta',
  cancel: 'Avbryt',
  retry: 'Prøv igjen',
  remove: 'Fjern',
  pickAgain: 'Velg fil',
  continueInBackground: 'Fortsett i bakgrunnen',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Opplastingsfremdrift for ${name}`,
  bytesOf: (sent, total) => `${sent} av ${total}`,
  statusQueued: 'Venter',
  statusUploading: 'Laster opp',
  statusPaused: 'Satt på pause',
  statusDone: 'Ferdig',
  statusError: 'Mislyktes',
  statusRestored: 'Avbrutt',
  statusElsewhere: (status) => `${status} i en annen fane`,
  elsewhereHint: 'En annen fane sender denne filen. Denne fanen fortsetter hvis den andre lukkes.',
  restoredHint: 'Velg den samme filen på nytt for å fortsette der den stoppet.',
  restoredKeptHint: 'Gjenoppta fortsetter der den stoppet, uten at du må velge filen på nytt.',
  notPersistent:
    'Denne nettleseren kan ikke lagre fremdriften: Etter en ny innlasting starter opplastingen på nytt.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Lagringsplassen er for full til å beholde en kopi av filen: Velg den på nytt etter en ny innlasting for å fortsette.'
      : 'Denne nettleseren beholder ikke en kopi av filen her (et privat vindu gjør ikke det): Velg den på nytt etter en ny innlasting for å fortsette.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Lagringsplassen var for full til å beholde en kopi av filen: Velg den samme filen på nytt for å fortsette der den stoppet.'
      : 'Denne nettleseren kunne ikke beholde en kopi av filen (et privat vindu kan ikke det): Velg den samme filen på nytt for å fortsette der den stoppet.',
  resultLabel: 'Svar fra serveren:',
  retrying: (message) => `${message} Prøver på nytt…`,
  error: (code, message) =>
    ({
      network: 'Forbindelsen til serveren ble brutt.',
      auth: 'Serveren nektet tilgang.',
      'retries-exhausted': 'Opplastingen mislyktes etter flere forsøk.',
      'session-gone': 'Serveren har ikke lenger denne opplastingen.',
      'file-too-large': 'Filen er for stor for serveren.',
      protocol: 'Serveren ga et uventet svar.',
      internal: 'Det oppstod en uventet feil.',
    })[code] ?? message,
  announceAdded: { one: '{count} fil lagt til', other: '{count} filer lagt til' },
  announceStart: (name) => `Laster opp ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} er lastet opp`,
  announceError: (name, message) => `${name} mislyktes: ${message}`,
  announcePaused: (name) => `${name} er satt på pause`,
  announceResumed: (name) => `${name} er gjenopptatt`,
  announceCancelled: (name) => `${name} er avbrutt`,
  announceQueueComplete: {
    one: 'Alle opplastinger er avsluttet: {done} ferdig',
    other: 'Alle opplastinger er avsluttet: {done} ferdige',
  },
  refusedTooLarge: (name, max) => `${name} er større enn tillatte ${max}.`,
  refusedType: (name, accept) => `${name} er ikke en tillatt type (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} er ikke filen denne opplastingen startet med. Velg ${expected} (den samme, uendrede filen) for å gjenoppta.`,
  permissionNeeded: (name) => `Tillat lesing av ${name} for å gjenoppta, eller velg filen.`,
  fileChanged: (name) =>
    `${name} er endret siden opplastingen startet, så den kan ikke fortsette fra den lagrede filen. Velg den uendrede filen, eller avbryt.`,
  workerStopped: (detail) =>
    `Opplastingsworkeren stoppet${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Prøv igjen for å fortsette.`,
  workerMissing:
    'Opplastingsworkeren (upload.worker.js) kunne ikke lastes inn. Filen må ligge ved siden av pakken (se «Bundlers» i README for resumable-upload).',
  workerCrossOrigin:
    'Opplastingsworkeren (upload.worker.js) ligger på et annet opphav enn denne siden, og nettlesere starter bare workere fra sidens eget. Kopier den til dette nettstedet og angi worker-url (se «Bundlers» i README for resumable-upload).',
  formBusy: 'Vent til opplastingene er ferdige.',
  formRequired: 'Last opp en fil.',
  timeLeft: (duration) => `${duration} igjen`,
} satisfies LanguageTable<'one' | 'other'>;

export default norwegian;

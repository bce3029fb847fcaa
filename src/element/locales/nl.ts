import type { LanguageTable, UploadStrings } from '../strings.js';

/** Dutch (`nl`). */
const dutch: UploadStrings = {
  chooseFiles: 'Bestanden kiezen',
  chooseFolder: 'Kies een map',
  refusedPath: (path) =>
    `${path} kan niet worden geüpload: een pad met "..", een absoluut deel of stuurtekens is niet toegestaan.`,
  dropHint: 'of sleep of plak ze hier',
  dropHere: 'Zet bestanden neer om te uploaden',
  limits: (accept, maxSize) =>
    [maxSize && `Tot ${maxSize} per bestand`, accept && `Toegestaan: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Uploads',
  startAll: 'Uploaden',
  pauseAll: 'Alles pauzeren',
  resumeAll: 'Alles hervatten',
  retryFailed: 'Mislukte opnieuw proberen',
  cancelAll: 'Alles annuleren',
  clearFinished: 'Voltooide wissen',
  summary: { one: '{done} van {files} bestand klaar', other: '{done} van {files} bestanden klaar' },
  summaryFailed: { one: '{failed} mislukt', other: '{failed} mislukt' },
  separator: ', ',
  totalProgressLabel: 'Totale uploadvoortgang',
  pause: 'Pauzeren',
  resume: 'Hervatten',
  cancel: 'Annuleren',
  retry: 'Opnieuw proberen',
  remove: 'Verwijderen',
  pickAgain: 'Bestand kiezen',
  continueInBackground: 'Op de achtergrond voortzetten',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Uploadvoortgang van ${name}`,
  bytesOf: (sent, total) => `${sent} van ${total}`,
  statusQueued: 'Wachten',
  statusUploading: 'Bezig met uploaden',
  statusPaused: 'Gepauzeerd',
  statusDone: 'Klaar',
  statusError: 'Mislukt',
  statusRestored: 'Onderbroken',
  statusElsewhere: (status) => `${status} in een ander tabblad`,
  elsewhereHint:
    'Een ander tabblad verstuurt dit bestand. Dit tabblad gaat verder als dat wordt gesloten.',
  restoredHint: 'Kies hetzelfde bestand opnieuw om verder te gaan waar het stopte.',
  restoredKeptHint: 'Hervatten gaat verder waar het stopte, zonder het bestand opnieuw te kiezen.',
  notPersistent:
    'Deze browser kan de voortgang niet opslaan: na herladen begint de upload opnieuw.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'De opslag is te vol om een kopie van dit bestand te bewaren: kies het na herladen opnieuw om verder te gaan.'
      : 'Deze browser bewaart hier geen kopie van het bestand (een privévenster doet dat niet): kies het na herladen opnieuw om verder te gaan.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'De opslag was te vol om een kopie van dit bestand te bewaren: kies hetzelfde bestand opnieuw om verder te gaan waar het stopte.'
      : 'Deze browser kon geen kopie van het bestand bewaren (een privévenster kan dat niet): kies hetzelfde bestand opnieuw om verder te gaan waar het stopte.',
  resultLabel: 'Antwoord van de server:',
  retrying: (message) => `${message} Opnieuw proberen…`,
  error: (code, message) =>
    ({
      network: 'De verbinding met de server is verbroken.',
      auth: 'De server heeft de toegang geweigerd.',
      'retries-exhausted': 'De upload is na meerdere pogingen mislukt.',
      'session-gone': 'De server kent deze upload niet meer.',
      'file-too-large': 'Het bestand is te groot voor de server.',
      protocol: 'De server gaf een onverwacht antwoord.',
      internal: 'Er is een onverwachte fout opgetreden.',
    })[code] ?? message,
  announceAdded: { one: '{count} bestand toegevoegd', other: '{count} bestanden toegevoegd' },
  announceStart: (name) => `${name} wordt geüpload`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} geüpload`,
  announceError: (name, message) => `${name} mislukt: ${message}`,
  announcePaused: (name) => `${name} gepauzeerd`,
  announceResumed: (name) => `${name} hervat`,
  announceCancelled: (name) => `${name} geannuleerd`,
  announceQueueComplete: {
    one: 'Alle uploads zijn afgerond: {done} klaar',
    other: 'Alle uploads zijn afgerond: {done} klaar',
  },
  refusedTooLarge: (name, max) => `${name} is groter dan de toegestane ${max}.`,
  refusedType: (name, accept) => `${name} is geen toegestaan type (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} is niet het bestand waarmee deze upload begon. Kies ${expected} (hetzelfde, ongewijzigde bestand) om te hervatten.`,
  permissionNeeded: (name) =>
    `Sta toe dat ${name} wordt gelezen om het te hervatten, of kies het bestand.`,
  fileChanged: (name) =>
    `${name} is gewijzigd sinds deze upload begon en kan dus niet verder vanuit het bewaarde bestand. Kies het ongewijzigde bestand of annuleer.`,
  workerStopped: (detail) =>
    `De uploadworker is gestopt${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Probeer het opnieuw om verder te gaan.`,
  workerMissing:
    'De uploadworker (upload.worker.js) kon niet worden geladen. Het bestand moet naast het pakket worden aangeboden (zie "Bundlers" in de README van resumable-upload).',
  workerCrossOrigin:
    'De uploadworker (upload.worker.js) staat op een andere origin dan deze pagina, en browsers starten workers alleen vanaf hun eigen origin. Kopieer hem naar deze site en stel worker-url in (zie "Bundlers" in de README van resumable-upload).',
  formBusy: 'Wacht tot de uploads klaar zijn.',
  formRequired: 'Upload een bestand.',
  timeLeft: (duration) => `nog ${duration}`,
} satisfies LanguageTable<'one' | 'other'>;

export default dutch;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Swedish (`sv`). */
const swedish: UploadStrings = {
  chooseFiles: 'Välj filer',
  chooseFolder: 'Välj en mapp',
  refusedPath: (path) =>
    `${path} kan inte laddas upp: en sökväg med "..", en absolut del eller kontrolltecken är inte tillåten.`,
  dropHint: 'eller släpp eller klistra in dem här',
  dropHere: 'Släpp filer för att ladda upp',
  limits: (accept, maxSize) =>
    [maxSize && `Upp till ${maxSize} per fil`, accept && `Tillåtna: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Uppladdningar',
  startAll: 'Ladda upp',
  pauseAll: 'Pausa alla',
  resumeAll: 'Återuppta alla',
  retryFailed: 'Försök igen med misslyckade',
  cancelAll: 'Avbryt alla',
  clearFinished: 'Rensa klara',
  summary: { one: '{done} av {files} fil klar', other: '{done} av {files} filer klara' },
  summaryFailed: { one: '{failed} misslyckades', other: '{failed} misslyckades' },
  separator: ', ',
  totalProgressLabel: 'Totalt uppladdningsförlopp',
  pause: 'Pausa',
  resume: 'Återuppta',
  cancel: 'Avbryt',
  retry: 'Försök igen',
  remove: 'Ta bort',
  pickAgain: 'Välj fil',
  continueInBackground: 'Fortsätt i bakgrunden',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Uppladdningsförlopp för ${name}`,
  bytesOf: (sent, total) => `${sent} av ${total}`,
  statusQueued: 'Väntar',
  statusUploading: 'Laddar upp',
  statusPaused: 'Pausad',
  statusDone: 'Klar',
  statusError: 'Misslyckades',
  statusRestored: 'Avbruten',
  statusElsewhere: (status) => `${status} i en annan flik`,
  elsewhereHint:
    'En annan flik skickar den här filen. Den här fliken tar över om den andra stängs.',
  restoredHint: 'Välj samma fil igen för att fortsätta där det avbröts.',
  restoredKeptHint: 'Återuppta fortsätter där det avbröts, utan att du behöver välja filen igen.',
  notPersistent:
    'Den här webbläsaren kan inte spara förloppet: efter en omladdning börjar uppladdningen om.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Lagringen är för full för att spara en kopia av filen: välj den igen efter en omladdning för att fortsätta.'
      : 'Den här webbläsaren sparar ingen kopia av filen här (det gör inte ett privat fönster): välj den igen efter en omladdning för att fortsätta.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Lagringen var för full för att spara en kopia av filen: välj samma fil igen för att fortsätta där det avbröts.'
      : 'Den här webbläsaren kunde inte spara en kopia av filen (det kan inte ett privat fönster): välj samma fil igen för att fortsätta där det avbröts.',
  resultLabel: 'Serverns svar:',
  retrying: (message) => `${message} Försöker igen…`,
  error: (code, message) =>
    ({
      network: 'Anslutningen till servern bröts.',
      auth: 'Servern nekade åtkomst.',
      'retries-exhausted': 'Uppladdningen misslyckades efter flera försök.',
      'session-gone': 'Servern har inte längre kvar den här uppladdningen.',
      'file-too-large': 'Filen är för stor för servern.',
      protocol: 'Servern gav ett oväntat svar.',
      internal: 'Ett oväntat fel inträffade.',
    })[code] ?? message,
  announceAdded: { one: '{count} fil tillagd', other: '{count} filer tillagda' },
  announceStart: (name) => `Laddar upp ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} uppladdad`,
  announceError: (name, message) => `${name} misslyckades: ${message}`,
  announcePaused: (name) => `${name} pausad`,
  announceResumed: (name) => `${name} återupptagen`,
  announceCancelled: (name) => `${name} avbruten`,
  announceQueueComplete: {
    one: 'Alla uppladdningar är klara: {done} lyckades',
    other: 'Alla uppladdningar är klara: {done} lyckades',
  },
  refusedTooLarge: (name, max) => `${name} är större än tillåtna ${max}.`,
  refusedType: (name, accept) => `${name} har inte en tillåten typ (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} är inte filen som den här uppladdningen började med. Välj ${expected} (samma fil, oförändrad) för att återuppta.`,
  permissionNeeded: (name) => `Tillåt läsning av ${name} för att återuppta, eller välj filen.`,
  fileChanged: (name) =>
    `${name} har ändrats sedan uppladdningen började och kan därför inte fortsätta från den sparade filen. Välj den oförändrade filen eller avbryt.`,
  workerStopped: (detail) =>
    `Uppladdningsworkern stoppades${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Försök igen för att fortsätta.`,
  workerMissing:
    'Uppladdningsworkern (upload.worker.js) kunde inte läsas in. Dess fil måste serveras bredvid paketet (se "Bundlers" i README för resumable-upload).',
  workerCrossOrigin:
    'Uppladdningsworkern (upload.worker.js) ligger på ett annat ursprung än den här sidan, och webbläsare startar bara workers från sidans eget. Kopiera den till den här webbplatsen och ange worker-url (se "Bundlers" i README för resumable-upload).',
  formBusy: 'Vänta tills uppladdningarna är klara.',
  formRequired: 'Ladda upp en fil.',
  timeLeft: (duration) => `${duration} kvar`,
} satisfies LanguageTable<'one' | 'other'>;

export default swedish;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Italian (`it`). */
const italian: UploadStrings = {
  chooseFiles: 'Scegli file',
  chooseFolder: 'Scegli una cartella',
  refusedPath: (path) =>
    `${path} non può essere caricato: un percorso con "..", una parte assoluta o caratteri di controllo non è consentito.`,
  dropHint: 'oppure trascinali o incollali qui',
  dropHere: 'Rilascia i file da caricare',
  limits: (accept, maxSize) =>
    [maxSize && `Fino a ${maxSize} ciascuno`, accept && `Accettati: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Caricamenti',
  startAll: 'Carica',
  pauseAll: 'Metti tutto in pausa',
  resumeAll: 'Riprendi tutto',
  retryFailed: 'Riprova i non riusciti',
  cancelAll: 'Annulla tutto',
  clearFinished: 'Rimuovi completati',
  summary: {
    one: '{done} di {files} file completato',
    many: '{done} di {files} di file completati',
    other: '{done} di {files} file completati',
  },
  summaryFailed: {
    one: '{failed} non riuscito',
    many: '{failed} non riusciti',
    other: '{failed} non riusciti',
  },
  separator: ', ',
  totalProgressLabel: 'Avanzamento totale del caricamento',
  pause: 'Pausa',
  resume: 'Riprendi',
  cancel: 'Annulla',
  retry: 'Riprova',
  remove: 'Rimuovi',
  pickAgain: 'Scegli file',
  continueInBackground: 'Continua in background',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Avanzamento del caricamento di ${name}`,
  bytesOf: (sent, total) => `${sent} di ${total}`,
  statusQueued: 'In attesa',
  statusUploading: 'Caricamento',
  statusPaused: 'In pausa',
  statusDone: 'Completato',
  statusError: 'Non riuscito',
  statusRestored: 'Interrotto',
  statusElsewhere: (status) => `${status} in un’altra scheda`,
  elsewhereHint:
    'Un’altra scheda sta inviando questo file. Questa scheda continuerà se quella viene chiusa.',
  restoredHint: 'Scegli di nuovo lo stesso file per riprendere da dove si era fermato.',
  restoredKeptHint: 'Riprendi continua da dove si era fermato, senza scegliere di nuovo il file.',
  notPersistent:
    'Questo browser non può salvare l’avanzamento: ricaricando la pagina si ricomincerà da capo.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Lo spazio di archiviazione è troppo pieno per conservare una copia di questo file: dopo aver ricaricato, sceglilo di nuovo per continuare.'
      : 'Questo browser non conserva qui una copia del file (una finestra privata non lo fa): dopo aver ricaricato, sceglilo di nuovo per continuare.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Lo spazio di archiviazione era troppo pieno per conservare una copia di questo file: scegli di nuovo lo stesso file per riprendere da dove si era fermato.'
      : 'Questo browser non ha potuto conservare una copia del file (una finestra privata non può): scegli di nuovo lo stesso file per riprendere da dove si era fermato.',
  resultLabel: 'Risposta del server:',
  retrying: (message) => `${message} Nuovo tentativo…`,
  error: (code, message) =>
    ({
      network: 'La connessione al server si è interrotta.',
      auth: 'Il server ha negato l’accesso.',
      'retries-exhausted': 'Il caricamento non è riuscito dopo diversi tentativi.',
      'session-gone': 'Il server non ha più questo caricamento.',
      'file-too-large': 'Il file è troppo grande per il server.',
      protocol: 'Il server ha dato una risposta inattesa.',
      internal: 'Si è verificato un errore imprevisto.',
    })[code] ?? message,
  announceAdded: {
    one: '{count} file aggiunto',
    many: '{count} di file aggiunti',
    other: '{count} file aggiunti',
  },
  announceStart: (name) => `Caricamento di ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} caricato`,
  announceError: (name, message) => `${name} non riuscito: ${message}`,
  announcePaused: (name) => `${name} in pausa`,
  announceResumed: (name) => `${name} ripreso`,
  announceCancelled: (name) => `${name} annullato`,
  announceQueueComplete: {
    one: 'Tutti i caricamenti sono terminati: {done} completato',
    many: 'Tutti i caricamenti sono terminati: {done} completati',
    other: 'Tutti i caricamenti sono terminati: {done} completati',
  },
  refusedTooLarge: (name, max) => `${name} supera il limite consentito di ${max}.`,
  refusedType: (name, accept) => `${name} non è di un tipo accettato (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} non è il file con cui è iniziato questo caricamento. Scegli ${expected} (lo stesso file, invariato) per riprendere.`,
  permissionNeeded: (name) =>
    `Consenti la lettura di ${name} per riprenderlo, oppure scegli il file.`,
  fileChanged: (name) =>
    `${name} è cambiato dall’inizio del caricamento, quindi non può continuare dal file conservato. Scegli il file invariato oppure annulla.`,
  workerStopped: (detail) =>
    `Il worker di caricamento si è fermato${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Riprova per continuare.`,
  workerMissing:
    'Impossibile caricare il worker di caricamento (upload.worker.js). Il suo file deve essere servito accanto al pacchetto (vedi «Bundlers» nel README di resumable-upload).',
  workerCrossOrigin:
    'Il worker di caricamento (upload.worker.js) si trova su un’origine diversa da questa pagina, e i browser avviano worker solo dalla propria. Copialo su questo sito e imposta worker-url (vedi «Bundlers» nel README di resumable-upload).',
  formBusy: 'Attendi il termine dei caricamenti.',
  formRequired: 'Carica un file.',
  timeLeft: (duration) => `ancora ${duration}`,
} satisfies LanguageTable<'one' | 'many' | 'other'>;

export default italian;

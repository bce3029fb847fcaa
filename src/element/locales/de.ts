import type { LanguageTable, UploadStrings } from '../strings.js';

/** German (`de`). Chosen by `lang="de"` or `locale="de"`; also usable as `element.strings`. */
export const germanStrings: UploadStrings = {
  chooseFiles: 'Dateien auswählen',
  chooseFolder: 'Ordner auswählen',
  refusedPath: (path) =>
    `${path} kann nicht hochgeladen werden: Pfade mit „..“, absoluten Teilen oder Steuerzeichen sind nicht erlaubt.`,
  dropHint: 'oder hier ablegen oder einfügen',
  dropHere: 'Zum Hochladen loslassen',
  limits: (accept, maxSize) =>
    [maxSize && `Bis ${maxSize} je Datei`, accept && `Erlaubt: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Uploads',
  startAll: 'Hochladen',
  pauseAll: 'Alle anhalten',
  resumeAll: 'Alle fortsetzen',
  retryFailed: 'Fehlgeschlagene wiederholen',
  cancelAll: 'Alle abbrechen',
  clearFinished: 'Fertige entfernen',
  summary: { one: '{done} von {files} Datei fertig', other: '{done} von {files} Dateien fertig' },
  summaryFailed: { one: '{failed} fehlgeschlagen', other: '{failed} fehlgeschlagen' },
  separator: ', ',
  totalProgressLabel: 'Gesamtfortschritt',
  pause: 'Anhalten',
  resume: 'Fortsetzen',
  cancel: 'Abbrechen',
  retry: 'Wiederholen',
  remove: 'Entfernen',
  pickAgain: 'Datei wählen',
  continueInBackground: 'Im Hintergrund fortsetzen',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Fortschritt von ${name}`,
  bytesOf: (sent, total) => `${sent} von ${total}`,
  statusQueued: 'Wartet',
  statusUploading: 'Wird hochgeladen',
  statusPaused: 'Angehalten',
  statusDone: 'Fertig',
  statusError: 'Fehlgeschlagen',
  statusRestored: 'Unterbrochen',
  statusElsewhere: (status) => `${status} (anderer Tab)`,
  elsewhereHint:
    'Ein anderer Tab sendet diese Datei. Dieser Tab macht weiter, wenn jener geschlossen wird.',
  restoredHint: 'Wählen Sie dieselbe Datei erneut, um dort weiterzumachen, wo es aufhörte.',
  restoredKeptHint: 'Fortsetzen macht dort weiter, wo es aufhörte, ohne die Datei neu zu wählen.',
  notPersistent:
    'Dieser Browser kann den Fortschritt nicht speichern: Nach einem Neuladen beginnt es von vorn.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Der Speicher ist zu voll für eine Kopie dieser Datei: Wählen Sie sie nach einem Neuladen erneut.'
      : 'Dieser Browser behält hier keine Kopie der Datei (ein privates Fenster tut das nicht): Wählen Sie sie nach einem Neuladen erneut.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Der Speicher war zu voll für eine Kopie dieser Datei: Wählen Sie dieselbe Datei erneut, um weiterzumachen.'
      : 'Dieser Browser konnte keine Kopie der Datei behalten (ein privates Fenster kann das nicht): Wählen Sie dieselbe Datei erneut, um weiterzumachen.',
  resultLabel: 'Antwort des Servers:',
  retrying: (message) => `${message} Neuer Versuch…`,
  error: (code, message) =>
    ({
      network: 'Die Verbindung zum Server ist abgebrochen.',
      auth: 'Der Server hat den Zugriff verweigert.',
      'retries-exhausted': 'Der Upload ist auch nach mehreren Versuchen gescheitert.',
      'session-gone': 'Der Server kennt diesen Upload nicht mehr.',
      'file-too-large': 'Die Datei ist für den Server zu groß.',
      protocol: 'Der Server hat unerwartet geantwortet.',
      internal: 'Ein unerwarteter Fehler ist aufgetreten.',
      blocked:
        'Der Browser bekommt keine Antwort vom Server: Seine CORS-Einstellungen lassen diese Seite nicht zu, oder er ist nicht erreichbar.',
    })[code] ?? message,
  announceAdded: { one: '{count} Datei hinzugefügt', other: '{count} Dateien hinzugefügt' },
  announceStart: (name) => `${name} wird hochgeladen`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} hochgeladen`,
  announceError: (name, message) => `${name} fehlgeschlagen: ${message}`,
  announcePaused: (name) => `${name} angehalten`,
  announceResumed: (name) => `${name} fortgesetzt`,
  announceCancelled: (name) => `${name} abgebrochen`,
  announceQueueComplete: {
    one: 'Alle Uploads beendet: {done} fertig',
    other: 'Alle Uploads beendet: {done} fertig',
  },
  refusedTooLarge: (name, max) => `${name} ist größer als die erlaubten ${max}.`,
  refusedType: (name, accept) => `${name} hat keinen erlaubten Typ (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} ist nicht die Datei, mit der dieser Upload begann. Wählen Sie ${expected} (dieselbe, unveränderte Datei).`,
  permissionNeeded: (name) => `Erlauben Sie das Lesen von ${name} oder wählen Sie die Datei.`,
  fileChanged: (name) =>
    `${name} wurde seit Beginn des Uploads geändert. Wählen Sie die unveränderte Datei oder brechen Sie ab.`,
  workerStopped: (detail) =>
    `Der Upload-Worker wurde beendet${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Wiederholen Sie den Upload.`,
  workerMissing:
    'Der Upload-Worker (upload.worker.js) konnte nicht geladen werden. Seine Datei muss neben dem Paket bereitliegen (siehe „Bundlers“ in der README von resumable-upload).',
  workerCrossOrigin:
    'Der Upload-Worker (upload.worker.js) liegt auf einem anderen Origin als diese Seite, und Browser starten Worker nur vom eigenen. Kopieren Sie ihn auf diese Website und setzen Sie worker-url (siehe „Bundlers“ in der README von resumable-upload).',
  formBusy: 'Warten Sie, bis alle Uploads fertig sind.',
  formRequired: 'Laden Sie eine Datei hoch.',
  timeLeft: (duration) => `noch ${duration}`,
} satisfies LanguageTable<'one' | 'other'>;

export default germanStrings;

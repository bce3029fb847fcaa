import type { LanguageTable, UploadStrings } from '../strings.js';

/** Polish (`pl`). `other` is for fractions, which a count of files never is. */
const polish: UploadStrings = {
  chooseFiles: 'Wybierz pliki',
  chooseFolder: 'Wybierz folder',
  refusedPath: (path) =>
    `Nie można przesłać ${path}: ścieżka z „..”, częścią bezwzględną lub znakami sterującymi jest niedozwolona.`,
  dropHint: 'lub upuść albo wklej je tutaj',
  dropHere: 'Upuść pliki, aby je przesłać',
  limits: (accept, maxSize) =>
    [maxSize && `Do ${maxSize} na plik`, accept && `Dozwolone: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Przesyłane pliki',
  startAll: 'Prześlij',
  pauseAll: 'Wstrzymaj wszystkie',
  resumeAll: 'Wznów wszystkie',
  retryFailed: 'Ponów nieudane',
  cancelAll: 'Anuluj wszystkie',
  clearFinished: 'Usuń ukończone',
  summary: {
    one: 'Ukończono {done} z {files} pliku',
    few: 'Ukończono {done} z {files} plików',
    many: 'Ukończono {done} z {files} plików',
    other: 'Ukończono {done} z {files} pliku',
  },
  summaryFailed: {
    one: 'nieudane: {failed}',
    few: 'nieudane: {failed}',
    many: 'nieudane: {failed}',
    other: 'nieudane: {failed}',
  },
  separator: ', ',
  totalProgressLabel: 'Całkowity postęp przesyłania',
  pause: 'Wstrzymaj',
  resume: 'Wznów',
  cancel: 'Anuluj',
  retry: 'Ponów',
  remove: 'Usuń',
  pickAgain: 'Wybierz plik',
  continueInBackground: 'Kontynuuj w tle',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Postęp przesyłania ${name}`,
  bytesOf: (sent, total) => `${sent} z ${total}`,
  statusQueued: 'Oczekuje',
  statusUploading: 'Przesyłanie',
  statusPaused: 'Wstrzymano',
  statusDone: 'Gotowe',
  statusError: 'Niepowodzenie',
  statusRestored: 'Przerwano',
  statusElsewhere: (status) => `${status} w innej karcie`,
  elsewhereHint:
    'Inna karta wysyła ten plik. Ta karta będzie kontynuować, jeśli tamta zostanie zamknięta.',
  restoredHint: 'Wybierz ponownie ten sam plik, aby kontynuować od miejsca przerwania.',
  restoredKeptHint: 'Wznów kontynuuje od miejsca przerwania bez ponownego wybierania pliku.',
  notPersistent:
    'Ta przeglądarka nie może zapisać postępu: po odświeżeniu przesyłanie zacznie się od nowa.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Pamięć jest zbyt zapełniona, by zachować kopię tego pliku: po odświeżeniu wybierz go ponownie, aby kontynuować.'
      : 'Ta przeglądarka nie przechowuje tu kopii pliku (okno prywatne tego nie robi): po odświeżeniu wybierz go ponownie, aby kontynuować.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Pamięć była zbyt zapełniona, by zachować kopię tego pliku: wybierz ponownie ten sam plik, aby kontynuować od miejsca przerwania.'
      : 'Ta przeglądarka nie mogła zachować kopii pliku (okno prywatne tego nie umożliwia): wybierz ponownie ten sam plik, aby kontynuować od miejsca przerwania.',
  resultLabel: 'Odpowiedź serwera:',
  retrying: (message) => `${message} Ponawianie…`,
  error: (code, message) =>
    ({
      network: 'Połączenie z serwerem zostało przerwane.',
      auth: 'Serwer odmówił dostępu.',
      'retries-exhausted': 'Przesyłanie nie powiodło się po kilku próbach.',
      'session-gone': 'Serwer nie ma już tego przesyłania.',
      'file-too-large': 'Plik jest za duży dla serwera.',
      protocol: 'Serwer udzielił nieoczekiwanej odpowiedzi.',
      internal: 'Wystąpił nieoczekiwany błąd.',
    })[code] ?? message,
  announceAdded: {
    one: 'Dodano {count} plik',
    few: 'Dodano {count} pliki',
    many: 'Dodano {count} plików',
    other: 'Dodano {count} pliku',
  },
  announceStart: (name) => `Przesyłanie ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `Przesłano ${name}`,
  announceError: (name, message) => `Nie udało się przesłać ${name}: ${message}`,
  announcePaused: (name) => `Wstrzymano ${name}`,
  announceResumed: (name) => `Wznowiono ${name}`,
  announceCancelled: (name) => `Anulowano ${name}`,
  announceQueueComplete: {
    one: 'Wszystkie przesyłania zakończone, ukończono: {done}',
    few: 'Wszystkie przesyłania zakończone, ukończono: {done}',
    many: 'Wszystkie przesyłania zakończone, ukończono: {done}',
    other: 'Wszystkie przesyłania zakończone, ukończono: {done}',
  },
  refusedTooLarge: (name, max) => `${name} przekracza dozwolony rozmiar ${max}.`,
  refusedType: (name, accept) => `${name} nie ma dozwolonego typu (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} to nie plik, od którego zaczęło się to przesyłanie. Wybierz ${expected} (ten sam, niezmieniony plik), aby wznowić.`,
  permissionNeeded: (name) => `Zezwól na odczyt ${name}, aby wznowić, lub wybierz plik.`,
  fileChanged: (name) =>
    `Plik ${name} zmienił się od rozpoczęcia przesyłania, więc nie można kontynuować z zachowanego pliku. Wybierz niezmieniony plik lub anuluj.`,
  workerStopped: (detail) =>
    `Worker przesyłania zatrzymał się${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Ponów, aby kontynuować.`,
  workerMissing:
    'Nie udało się wczytać workera przesyłania (upload.worker.js). Jego plik musi być udostępniony obok pakietu (zobacz „Bundlers” w README resumable-upload).',
  workerCrossOrigin:
    'Worker przesyłania (upload.worker.js) znajduje się w innym źródle (origin) niż ta strona, a przeglądarki uruchamiają workery tylko z własnego. Skopiuj go do tej witryny i ustaw worker-url (zobacz „Bundlers” w README resumable-upload).',
  formBusy: 'Poczekaj na zakończenie przesyłania.',
  formRequired: 'Prześlij plik.',
  timeLeft: (duration) => `pozostało ${duration}`,
} satisfies LanguageTable<'one' | 'few' | 'many' | 'other'>;

export default polish;

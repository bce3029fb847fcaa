import type { LanguageTable, UploadStrings } from '../strings.js';

/** Czech (`cs`). `many` is for fractions, which a count of files never is. */
const czech: UploadStrings = {
  chooseFiles: 'Vybrat soubory',
  chooseFolder: 'Vybrat složku',
  refusedPath: (path) =>
    `${path} nelze nahrát: cesta s „..“, absolutní částí nebo řídicími znaky není povolena.`,
  dropHint: 'nebo je sem přetáhněte či vložte',
  dropHere: 'Pusťte soubory pro nahrání',
  limits: (accept, maxSize) =>
    [maxSize && `Až ${maxSize} na soubor`, accept && `Povoleno: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Nahrávání',
  startAll: 'Nahrát',
  pauseAll: 'Pozastavit vše',
  resumeAll: 'Pokračovat ve všem',
  retryFailed: 'Zopakovat neúspěšné',
  cancelAll: 'Zrušit vše',
  clearFinished: 'Odebrat dokončené',
  summary: {
    one: 'Hotovo {done} z {files} souboru',
    few: 'Hotovo {done} z {files} souborů',
    many: 'Hotovo {done} z {files} souboru',
    other: 'Hotovo {done} z {files} souborů',
  },
  summaryFailed: {
    one: 'neúspěšné: {failed}',
    few: 'neúspěšné: {failed}',
    many: 'neúspěšné: {failed}',
    other: 'neúspěšné: {failed}',
  },
  separator: ', ',
  totalProgressLabel: 'Celkový průběh nahrávání',
  pause: 'Pozastavit',
  resume: 'Pokračovat',
  cancel: 'Zrušit',
  retry: 'Zopakovat',
  remove: 'Odebrat',
  pickAgain: 'Vybrat soubor',
  continueInBackground: 'Pokračovat na pozadí',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Průběh nahrávání ${name}`,
  bytesOf: (sent, total) => `${sent} z ${total}`,
  statusQueued: 'Čeká',
  statusUploading: 'Nahrává se',
  statusPaused: 'Pozastaveno',
  statusDone: 'Hotovo',
  statusError: 'Selhalo',
  statusRestored: 'Přerušeno',
  statusElsewhere: (status) => `${status} v jiné kartě`,
  elsewhereHint: 'Tento soubor odesílá jiná karta. Pokud se zavře, bude pokračovat tato karta.',
  restoredHint: 'Vyberte znovu stejný soubor a pokračujte tam, kde se nahrávání zastavilo.',
  restoredKeptHint: 'Pokračovat naváže tam, kde se nahrávání zastavilo, bez nového výběru souboru.',
  notPersistent: 'Tento prohlížeč nemůže uložit průběh: po novém načtení začne nahrávání znovu.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Úložiště je příliš plné na uchování kopie tohoto souboru: po novém načtení ho vyberte znovu a pokračujte.'
      : 'Tento prohlížeč tu kopii souboru neuchovává (anonymní okno to nedělá): po novém načtení ho vyberte znovu a pokračujte.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Úložiště bylo příliš plné na uchování kopie tohoto souboru: vyberte znovu stejný soubor a pokračujte tam, kde se nahrávání zastavilo.'
      : 'Tento prohlížeč nemohl uchovat kopii souboru (anonymní okno to neumí): vyberte znovu stejný soubor a pokračujte tam, kde se nahrávání zastavilo.',
  resultLabel: 'Odpověď serveru:',
  retrying: (message) => `${message} Zkouší se znovu…`,
  error: (code, message) =>
    ({
      network: 'Spojení se serverem se přerušilo.',
      auth: 'Server odepřel přístup.',
      'retries-exhausted': 'Nahrávání se nezdařilo ani po několika pokusech.',
      'session-gone': 'Server už toto nahrávání nemá.',
      'file-too-large': 'Soubor je pro server příliš velký.',
      protocol: 'Server odpověděl neočekávaně.',
      internal: 'Došlo k neočekávané chybě.',
    })[code] ?? message,
  announceAdded: {
    one: 'Přidán {count} soubor',
    few: 'Přidány {count} soubory',
    many: 'Přidáno {count} souboru',
    other: 'Přidáno {count} souborů',
  },
  announceStart: (name) => `Nahrává se ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name}: nahráno`,
  announceError: (name, message) => `${name} se nepodařilo nahrát: ${message}`,
  announcePaused: (name) => `${name}: pozastaveno`,
  announceResumed: (name) => `${name}: pokračuje`,
  announceCancelled: (name) => `${name}: zrušeno`,
  announceQueueComplete: {
    one: 'Všechna nahrávání skončila, hotovo: {done}',
    few: 'Všechna nahrávání skončila, hotovo: {done}',
    many: 'Všechna nahrávání skončila, hotovo: {done}',
    other: 'Všechna nahrávání skončila, hotovo: {done}',
  },
  refusedTooLarge: (name, max) => `${name} je větší než povolených ${max}.`,
  refusedType: (name, accept) => `${name} nemá povolený typ (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} není soubor, kterým toto nahrávání začalo. Pro pokračování vyberte ${expected} (stejný, nezměněný soubor).`,
  permissionNeeded: (name) => `Povolte čtení ${name} pro pokračování, nebo vyberte soubor.`,
  fileChanged: (name) =>
    `Soubor ${name} se od začátku nahrávání změnil, takže z uchovaného souboru nelze pokračovat. Vyberte nezměněný soubor, nebo nahrávání zrušte.`,
  workerStopped: (detail) =>
    `Nahrávací worker se zastavil${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Pro pokračování to zkuste znovu.`,
  workerMissing:
    'Nahrávací worker (upload.worker.js) se nepodařilo načíst. Jeho soubor musí být dostupný vedle balíčku (viz „Bundlers“ v README resumable-upload).',
  workerCrossOrigin:
    'Nahrávací worker (upload.worker.js) je na jiném originu než tato stránka a prohlížeče spouštějí workery jen z vlastního. Zkopírujte ho na tento web a nastavte worker-url (viz „Bundlers“ v README resumable-upload).',
  formBusy: 'Počkejte, až nahrávání skončí.',
  formRequired: 'Nahrajte soubor.',
  timeLeft: (duration) => `zbývá ${duration}`,
} satisfies LanguageTable<'one' | 'few' | 'many' | 'other'>;

export default czech;

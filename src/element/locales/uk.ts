import type { LanguageTable, UploadStrings } from '../strings.js';

/** Ukrainian (`uk`). `other` is for fractions, which a count of files never is. */
const ukrainian: UploadStrings = {
  chooseFiles: 'Вибрати файли',
  chooseFolder: 'Вибрати теку',
  refusedPath: (path) =>
    `${path} не можна завантажити: шлях із «..», абсолютною частиною або керівними символами не дозволено.`,
  dropHint: 'або перетягніть чи вставте їх сюди',
  dropHere: 'Відпустіть файли, щоб завантажити',
  limits: (accept, maxSize) =>
    [maxSize && `До ${maxSize} на файл`, accept && `Дозволені типи: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Завантаження',
  startAll: 'Завантажити',
  pauseAll: 'Призупинити всі',
  resumeAll: 'Відновити всі',
  retryFailed: 'Повторити невдалі',
  cancelAll: 'Скасувати всі',
  clearFinished: 'Прибрати завершені',
  summary: {
    one: 'Готово {done} з {files} файлу',
    few: 'Готово {done} з {files} файлів',
    many: 'Готово {done} з {files} файлів',
    other: 'Готово {done} з {files} файлу',
  },
  summaryFailed: {
    one: 'з помилкою: {failed}',
    few: 'з помилкою: {failed}',
    many: 'з помилкою: {failed}',
    other: 'з помилкою: {failed}',
  },
  separator: ', ',
  totalProgressLabel: 'Загальний поступ завантаження',
  pause: 'Призупинити',
  resume: 'Відновити',
  cancel: 'Скасувати',
  retry: 'Повторити',
  remove: 'Прибрати',
  pickAgain: 'Вибрати файл',
  continueInBackground: 'Продовжити у фоні',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Поступ завантаження ${name}`,
  bytesOf: (sent, total) => `${sent} з ${total}`,
  statusQueued: 'У черзі',
  statusUploading: 'Завантажується',
  statusPaused: 'Призупинено',
  statusDone: 'Готово',
  statusError: 'Помилка',
  statusRestored: 'Перервано',
  statusElsewhere: (status) => `${status} в іншій вкладці`,
  elsewhereHint: 'Цей файл надсилає інша вкладка. Якщо її закрити, продовжить ця вкладка.',
  restoredHint: 'Виберіть той самий файл знову, щоб продовжити з місця зупинки.',
  restoredKeptHint: '«Відновити» продовжить з місця зупинки без повторного вибору файлу.',
  notPersistent:
    'Цей браузер не може зберегти поступ: після перезавантаження сторінки завантаження почнеться спочатку.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Сховище переповнене, тому копію файлу зберегти не можна: після перезавантаження виберіть його знову, щоб продовжити.'
      : 'Цей браузер не зберігає тут копію файлу (у приватному вікні це неможливо): після перезавантаження виберіть його знову, щоб продовжити.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Сховище було переповнене, тому копію файлу не вдалося зберегти: виберіть той самий файл знову, щоб продовжити з місця зупинки.'
      : 'Цей браузер не зміг зберегти копію файлу (у приватному вікні це неможливо): виберіть той самий файл знову, щоб продовжити з місця зупинки.',
  resultLabel: 'Відповідь сервера:',
  retrying: (message) => `${message} Повторна спроба…`,
  error: (code, message) =>
    ({
      network: 'З’єднання із сервером перервалося.',
      auth: 'Сервер відмовив у доступі.',
      'retries-exhausted': 'Завантаження не вдалося після кількох спроб.',
      'session-gone': 'На сервері більше немає цього завантаження.',
      'file-too-large': 'Файл завеликий для сервера.',
      protocol: 'Сервер дав неочікувану відповідь.',
      internal: 'Сталася неочікувана помилка.',
    })[code] ?? message,
  announceAdded: {
    one: 'Додано {count} файл',
    few: 'Додано {count} файли',
    many: 'Додано {count} файлів',
    other: 'Додано {count} файлу',
  },
  announceStart: (name) => `Завантаження ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `Файл ${name} завантажено`,
  announceError: (name, message) => `Не вдалося завантажити ${name}: ${message}`,
  announcePaused: (name) => `Завантаження ${name} призупинено`,
  announceResumed: (name) => `Завантаження ${name} відновлено`,
  announceCancelled: (name) => `Завантаження ${name} скасовано`,
  announceQueueComplete: {
    one: 'Усі завантаження завершено, готово: {done}',
    few: 'Усі завантаження завершено, готово: {done}',
    many: 'Усі завантаження завершено, готово: {done}',
    other: 'Усі завантаження завершено, готово: {done}',
  },
  refusedTooLarge: (name, max) => `Файл ${name} більший за дозволений розмір (${max}).`,
  refusedType: (name, accept) => `Тип файлу ${name} не дозволено (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} — не той файл, з якого почалося це завантаження. Щоб відновити, виберіть ${expected} (той самий файл без змін).`,
  permissionNeeded: (name) =>
    `Дозвольте читання ${name}, щоб відновити завантаження, або виберіть файл.`,
  fileChanged: (name) =>
    `Файл ${name} змінився після початку завантаження, тому продовжити зі збереженого файлу не можна. Виберіть незмінений файл або скасуйте завантаження.`,
  workerStopped: (detail) =>
    `Воркер завантаження зупинився${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Повторіть, щоб продовжити.`,
  workerMissing:
    'Не вдалося завантажити воркер (upload.worker.js). Його файл має лежати поруч із пакетом (див. розділ «Bundlers» у README resumable-upload).',
  workerCrossOrigin:
    'Воркер завантаження (upload.worker.js) розташований на іншому джерелі (origin), ніж ця сторінка, а браузери запускають воркери лише зі свого. Скопіюйте його на цей сайт і задайте worker-url (див. розділ «Bundlers» у README resumable-upload).',
  formBusy: 'Зачекайте, доки завантаження завершаться.',
  formRequired: 'Завантажте файл.',
  timeLeft: (duration) => `залишилося ${duration}`,
} satisfies LanguageTable<'one' | 'few' | 'many' | 'other'>;

export default ukrainian;

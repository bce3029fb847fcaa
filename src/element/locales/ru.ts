import type { LanguageTable, UploadStrings } from '../strings.js';

/** Russian (`ru`). `other` is for fractions, which a count of files never is. */
const russian: UploadStrings = {
  chooseFiles: 'Выбрать файлы',
  chooseFolder: 'Выбрать папку',
  refusedPath: (path) =>
    `${path} нельзя загрузить: путь с «..», абсолютной частью или управляющими символами не допускается.`,
  dropHint: 'или перетащите либо вставьте их сюда',
  dropHere: 'Отпустите файлы для загрузки',
  limits: (accept, maxSize) =>
    [maxSize && `До ${maxSize} на файл`, accept && `Допустимые типы: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Загрузки',
  startAll: 'Загрузить',
  pauseAll: 'Приостановить все',
  resumeAll: 'Возобновить все',
  retryFailed: 'Повторить неудавшиеся',
  cancelAll: 'Отменить все',
  clearFinished: 'Убрать завершённые',
  summary: {
    one: 'Готово {done} из {files} файла',
    few: 'Готово {done} из {files} файлов',
    many: 'Готово {done} из {files} файлов',
    other: 'Готово {done} из {files} файла',
  },
  summaryFailed: {
    one: 'с ошибкой: {failed}',
    few: 'с ошибкой: {failed}',
    many: 'с ошибкой: {failed}',
    other: 'с ошибкой: {failed}',
  },
  separator: ', ',
  totalProgressLabel: 'Общий ход загрузки',
  pause: 'Приостановить',
  resume: 'Возобновить',
  cancel: 'Отменить',
  retry: 'Повторить',
  remove: 'Убрать',
  pickAgain: 'Выбрать файл',
  continueInBackground: 'Продолжить в фоне',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Ход загрузки ${name}`,
  bytesOf: (sent, total) => `${sent} из ${total}`,
  statusQueued: 'В очереди',
  statusUploading: 'Загружается',
  statusPaused: 'Приостановлено',
  statusDone: 'Готово',
  statusError: 'Ошибка',
  statusRestored: 'Прервано',
  statusElsewhere: (status) => `${status} в другой вкладке`,
  elsewhereHint: 'Этот файл отправляет другая вкладка. Если её закрыть, продолжит эта вкладка.',
  restoredHint: 'Выберите тот же файл снова, чтобы продолжить с места остановки.',
  restoredKeptHint: '«Возобновить» продолжит с места остановки без повторного выбора файла.',
  notPersistent:
    'Этот браузер не может сохранить ход загрузки: после перезагрузки страницы она начнётся заново.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Хранилище переполнено, копию файла сохранить нельзя: после перезагрузки выберите его снова, чтобы продолжить.'
      : 'Этот браузер не сохраняет здесь копию файла (в приватном окне это невозможно): после перезагрузки выберите его снова, чтобы продолжить.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Хранилище было переполнено, копию файла сохранить не удалось: выберите тот же файл снова, чтобы продолжить с места остановки.'
      : 'Этот браузер не смог сохранить копию файла (в приватном окне это невозможно): выберите тот же файл снова, чтобы продолжить с места остановки.',
  resultLabel: 'Ответ сервера:',
  retrying: (message) => `${message} Повторная попытка…`,
  error: (code, message) =>
    ({
      network: 'Соединение с сервером прервалось.',
      auth: 'Сервер отказал в доступе.',
      'retries-exhausted': 'Загрузка не удалась после нескольких попыток.',
      'session-gone': 'На сервере больше нет этой загрузки.',
      'file-too-large': 'Файл слишком велик для сервера.',
      protocol: 'Сервер ответил неожиданным образом.',
      internal: 'Произошла непредвиденная ошибка.',
    })[code] ?? message,
  announceAdded: {
    one: 'Добавлен {count} файл',
    few: 'Добавлено {count} файла',
    many: 'Добавлено {count} файлов',
    other: 'Добавлено {count} файла',
  },
  announceStart: (name) => `Загрузка ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `Файл ${name} загружен`,
  announceError: (name, message) => `Не удалось загрузить ${name}: ${message}`,
  announcePaused: (name) => `Загрузка ${name} приостановлена`,
  announceResumed: (name) => `Загрузка ${name} возобновлена`,
  announceCancelled: (name) => `Загрузка ${name} отменена`,
  announceQueueComplete: {
    one: 'Все загрузки завершены, готово: {done}',
    few: 'Все загрузки завершены, готово: {done}',
    many: 'Все загрузки завершены, готово: {done}',
    other: 'Все загрузки завершены, готово: {done}',
  },
  refusedTooLarge: (name, max) => `Файл ${name} больше допустимого размера (${max}).`,
  refusedType: (name, accept) => `Тип файла ${name} не допускается (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} — не тот файл, с которого началась эта загрузка. Чтобы возобновить, выберите ${expected} (тот же файл без изменений).`,
  permissionNeeded: (name) =>
    `Разрешите чтение ${name}, чтобы возобновить загрузку, или выберите файл.`,
  fileChanged: (name) =>
    `Файл ${name} изменился после начала загрузки, поэтому продолжить с сохранённого файла нельзя. Выберите неизменённый файл или отмените загрузку.`,
  workerStopped: (detail) =>
    `Воркер загрузки остановился${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Повторите, чтобы продолжить.`,
  workerMissing:
    'Не удалось загрузить воркер (upload.worker.js). Его файл должен лежать рядом с пакетом (см. раздел «Bundlers» в README resumable-upload).',
  workerCrossOrigin:
    'Воркер загрузки (upload.worker.js) находится на другом источнике (origin), чем эта страница, а браузеры запускают воркеры только со своего. Скопируйте его на этот сайт и задайте worker-url (см. раздел «Bundlers» в README resumable-upload).',
  formBusy: 'Дождитесь окончания загрузок.',
  formRequired: 'Загрузите файл.',
  timeLeft: (duration) => `осталось ${duration}`,
} satisfies LanguageTable<'one' | 'few' | 'many' | 'other'>;

export default russian;

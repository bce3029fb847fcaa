import type { LanguageTable, UploadStrings } from '../strings.js';

/** Hebrew (`he`), right to left. One and two name no number ("קובץ אחד", "שני קבצים"). */
const hebrew: UploadStrings = {
  chooseFiles: 'בחירת קבצים',
  chooseFolder: 'בחירת תיקייה',
  refusedPath: (path) =>
    `לא ניתן להעלות את ${path}: נתיב עם "..", חלק מוחלט או תווי בקרה אינו מותר.`,
  dropHint: 'או גררו או הדביקו אותם לכאן',
  dropHere: 'שחררו כאן קבצים להעלאה',
  limits: (accept, maxSize) =>
    [maxSize && `עד ${maxSize} לכל קובץ`, accept && `סוגים מותרים: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'העלאות',
  startAll: 'העלאה',
  pauseAll: 'השהיית הכול',
  resumeAll: 'המשך הכול',
  retryFailed: 'ניסיון חוזר לכושלים',
  cancelAll: 'ביטול הכול',
  clearFinished: 'ניקוי שהושלמו',
  summary: {
    one: '{done} מתוך קובץ אחד הושלם',
    two: '{done} מתוך שני קבצים הושלמו',
    other: '{done} מתוך {files} קבצים הושלמו',
  },
  summaryFailed: { one: 'אחד נכשל', two: 'שניים נכשלו', other: '{failed} נכשלו' },
  separator: ', ',
  totalProgressLabel: 'התקדמות ההעלאה הכוללת',
  pause: 'השהיה',
  resume: 'המשך',
  cancel: 'ביטול',
  retry: 'ניסיון חוזר',
  remove: 'הסרה',
  pickAgain: 'בחירת קובץ',
  continueInBackground: 'המשך ברקע',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `התקדמות ההעלאה של ${name}`,
  bytesOf: (sent, total) => `${sent} מתוך ${total}`,
  statusQueued: 'ממתין',
  statusUploading: 'בהעלאה',
  statusPaused: 'מושהה',
  statusDone: 'הושלם',
  statusError: 'נכשל',
  statusRestored: 'הופסק',
  statusElsewhere: (status) => `${status} בלשונית אחרת`,
  elsewhereHint: 'לשונית אחרת שולחת את הקובץ הזה. הלשונית הזו תמשיך אם היא תיסגר.',
  restoredHint: 'בחרו שוב את אותו קובץ כדי להמשיך מהמקום שבו נעצר.',
  restoredKeptHint: '"המשך" ממשיך מהמקום שבו נעצר, בלי לבחור את הקובץ מחדש.',
  notPersistent: 'הדפדפן הזה לא יכול לשמור את התקדמות ההעלאה: אחרי טעינה מחדש היא תתחיל מההתחלה.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'האחסון מלא מכדי לשמור עותק של הקובץ: אחרי טעינה מחדש, בחרו אותו שוב כדי להמשיך.'
      : 'הדפדפן הזה לא שומר כאן עותק של הקובץ (חלון פרטי לא שומר): אחרי טעינה מחדש, בחרו אותו שוב כדי להמשיך.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'האחסון היה מלא מכדי לשמור עותק של הקובץ: בחרו שוב את אותו קובץ כדי להמשיך מהמקום שבו נעצר.'
      : 'הדפדפן הזה לא הצליח לשמור עותק של הקובץ (חלון פרטי לא יכול): בחרו שוב את אותו קובץ כדי להמשיך מהמקום שבו נעצר.',
  resultLabel: 'תשובת השרת:',
  retrying: (message) => `${message} מנסה שוב…`,
  error: (code, message) =>
    ({
      network: 'החיבור לשרת נותק.',
      auth: 'השרת סירב לגישה.',
      'retries-exhausted': 'ההעלאה נכשלה אחרי כמה ניסיונות.',
      'session-gone': 'ההעלאה הזו כבר לא קיימת בשרת.',
      'file-too-large': 'הקובץ גדול מדי בשביל השרת.',
      protocol: 'השרת החזיר תשובה לא צפויה.',
      internal: 'אירעה שגיאה לא צפויה.',
    })[code] ?? message,
  announceAdded: { one: 'נוסף קובץ אחד', two: 'נוספו שני קבצים', other: 'נוספו {count} קבצים' },
  announceStart: (name) => `${name} בהעלאה`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} הועלה`,
  announceError: (name, message) => `${name} נכשל: ${message}`,
  announcePaused: (name) => `${name} הושהה`,
  announceResumed: (name) => `ההעלאה של ${name} ממשיכה`,
  announceCancelled: (name) => `${name} בוטל`,
  announceQueueComplete: {
    one: 'כל ההעלאות הסתיימו: קובץ אחד הושלם',
    two: 'כל ההעלאות הסתיימו: שני קבצים הושלמו',
    other: 'כל ההעלאות הסתיימו: {done} הושלמו',
  },
  refusedTooLarge: (name, max) => `${name} גדול מהמותר (${max}).`,
  refusedType: (name, accept) => `${name} אינו מסוג מותר (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} אינו הקובץ שאיתו ההעלאה הזו התחילה. כדי להמשיך, בחרו ב־${expected} (אותו קובץ, ללא שינוי).`,
  permissionNeeded: (name) => `אשרו קריאה של ${name} כדי להמשיך, או בחרו את הקובץ.`,
  fileChanged: (name) =>
    `${name} השתנה מאז שההעלאה התחילה, ולכן אי אפשר להמשיך מהעותק השמור. בחרו את הקובץ ללא השינוי, או בטלו.`,
  workerStopped: (detail) =>
    `ה־worker של ההעלאה נעצר${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. נסו שוב כדי להמשיך.`,
  workerMissing:
    'לא ניתן היה לטעון את ה־worker של ההעלאה (upload.worker.js). יש להגיש את הקובץ שלו לצד החבילה (ראו "Bundlers" ב־README של resumable-upload).',
  workerCrossOrigin:
    'ה־worker של ההעלאה (upload.worker.js) נמצא במקור (origin) אחר מזה של הדף, ודפדפנים מפעילים workers רק מהמקור של הדף עצמו. העתיקו אותו לאתר הזה והגדירו worker-url (ראו "Bundlers" ב־README של resumable-upload).',
  formBusy: 'יש להמתין עד שההעלאות יסתיימו.',
  formRequired: 'יש להעלות קובץ.',
  timeLeft: (duration) => `נותרו ${duration}`,
} satisfies LanguageTable<'one' | 'two' | 'other'>;

export default hebrew;

import type { LanguageTable, UploadStrings } from '../strings.js';

/**
 * Arabic (`ar`), right to left. Six plural forms: one and two name no number
 * ("ملف واحد", "ملفان"), 3–10 take the plural, 11–99 the accusative singular,
 * 100 and up (and zero) the genitive singular.
 */
const arabic: UploadStrings = {
  chooseFiles: 'اختر الملفات',
  chooseFolder: 'اختر مجلدًا',
  refusedPath: (path) =>
    `لا يمكن رفع ${path}: لا يُسمح بمسار يحتوي على ".." أو جزء مطلق أو أحرف تحكم.`,
  dropHint: 'أو أفلِتها أو الصقها هنا',
  dropHere: 'أفلِت الملفات لرفعها',
  limits: (accept, maxSize) =>
    [maxSize && `حتى ${maxSize} لكل ملف`, accept && `الأنواع المقبولة: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'عمليات الرفع',
  startAll: 'رفع',
  pauseAll: 'إيقاف الكل مؤقتًا',
  resumeAll: 'استئناف الكل',
  retryFailed: 'إعادة محاولة ما فشل',
  cancelAll: 'إلغاء الكل',
  clearFinished: 'مسح المكتملة',
  summary: {
    zero: 'اكتمل {done} من أصل {files} ملف',
    one: 'اكتمل {done} من أصل ملف واحد',
    two: 'اكتمل {done} من أصل ملفين',
    few: 'اكتمل {done} من أصل {files} ملفات',
    many: 'اكتمل {done} من أصل {files} ملفًا',
    other: 'اكتمل {done} من أصل {files} ملف',
  },
  summaryFailed: {
    zero: 'لم يفشل أي ملف',
    one: 'فشل ملف واحد',
    two: 'فشل ملفان',
    few: 'فشلت {failed} ملفات',
    many: 'فشل {failed} ملفًا',
    other: 'فشل {failed} ملف',
  },
  separator: '، ',
  totalProgressLabel: 'التقدم الكلي للرفع',
  pause: 'إيقاف مؤقت',
  resume: 'استئناف',
  cancel: 'إلغاء',
  retry: 'إعادة المحاولة',
  remove: 'إزالة',
  pickAgain: 'اختر الملف',
  continueInBackground: 'المتابعة في الخلفية',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `تقدم رفع ${name}`,
  bytesOf: (sent, total) => `${sent} من ${total}`,
  statusQueued: 'في الانتظار',
  statusUploading: 'جارٍ الرفع',
  statusPaused: 'متوقف مؤقتًا',
  statusDone: 'اكتمل',
  statusError: 'فشل',
  statusRestored: 'انقطع',
  statusElsewhere: (status) => `${status} في علامة تبويب أخرى`,
  elsewhereHint: 'تُرسل علامة تبويب أخرى هذا الملف. ستتابع علامة التبويب هذه إذا أُغلقت تلك.',
  restoredHint: 'اختر الملف نفسه مرة أخرى للمتابعة من حيث توقف.',
  restoredKeptHint: 'يتابع «استئناف» من حيث توقف، دون اختيار الملف مرة أخرى.',
  notPersistent:
    'لا يستطيع هذا المتصفح حفظ تقدم الرفع: ستبدأ العملية من جديد عند إعادة تحميل الصفحة.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'مساحة التخزين ممتلئة فلا يمكن الاحتفاظ بنسخة من هذا الملف: بعد إعادة التحميل، اختره مرة أخرى للمتابعة.'
      : 'لا يحتفظ هذا المتصفح بنسخة من الملف هنا (ولا تحتفظ بها النوافذ الخاصة): بعد إعادة التحميل، اختره مرة أخرى للمتابعة.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'كانت مساحة التخزين ممتلئة فلم يُحتفظ بنسخة من هذا الملف: اختر الملف نفسه مرة أخرى للمتابعة من حيث توقف.'
      : 'لم يتمكن هذا المتصفح من الاحتفاظ بنسخة من الملف (ولا تستطيع ذلك النوافذ الخاصة): اختر الملف نفسه مرة أخرى للمتابعة من حيث توقف.',
  resultLabel: 'رد الخادم:',
  retrying: (message) => `${message} جارٍ إعادة المحاولة…`,
  error: (code, message) =>
    ({
      network: 'انقطع الاتصال بالخادم.',
      auth: 'رفض الخادم الوصول.',
      'retries-exhausted': 'فشل الرفع بعد عدة محاولات.',
      'session-gone': 'لم يعد هذا الرفع موجودًا على الخادم.',
      'file-too-large': 'الملف أكبر مما يقبله الخادم.',
      protocol: 'أرسل الخادم ردًا غير متوقع.',
      internal: 'حدث خطأ غير متوقع.',
    })[code] ?? message,
  announceAdded: {
    zero: 'لم يُضف أي ملف',
    one: 'أُضيف ملف واحد',
    two: 'أُضيف ملفان',
    few: 'أُضيفت {count} ملفات',
    many: 'أُضيف {count} ملفًا',
    other: 'أُضيف {count} ملف',
  },
  announceStart: (name) => `جارٍ رفع ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `اكتمل رفع ${name}`,
  announceError: (name, message) => `فشل رفع ${name}: ${message}`,
  announcePaused: (name) => `أُوقف رفع ${name} مؤقتًا`,
  announceResumed: (name) => `استُؤنف رفع ${name}`,
  announceCancelled: (name) => `أُلغي رفع ${name}`,
  announceQueueComplete: {
    zero: 'انتهت كل عمليات الرفع: لم يكتمل أي ملف',
    one: 'انتهت كل عمليات الرفع: اكتمل ملف واحد',
    two: 'انتهت كل عمليات الرفع: اكتمل ملفان',
    few: 'انتهت كل عمليات الرفع: اكتملت {done} ملفات',
    many: 'انتهت كل عمليات الرفع: اكتمل {done} ملفًا',
    other: 'انتهت كل عمليات الرفع: اكتمل {done} ملف',
  },
  refusedTooLarge: (name, max) => `${name} أكبر من الحد المسموح به (${max}).`,
  refusedType: (name, accept) => `${name} ليس من نوع مقبول (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} ليس الملف الذي بدأ به هذا الرفع. اختر ${expected} (الملف نفسه دون تغيير) للاستئناف.`,
  permissionNeeded: (name) => `اسمح بقراءة ${name} لاستئنافه، أو اختر الملف.`,
  fileChanged: (name) =>
    `تغيّر ${name} منذ بدء الرفع، لذا لا يمكن المتابعة من النسخة المحفوظة. اختر الملف دون تغيير، أو ألغِ الرفع.`,
  workerStopped: (detail) =>
    `توقف عامل الرفع${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. أعد المحاولة للمتابعة.`,
  workerMissing:
    'تعذّر تحميل عامل الرفع (upload.worker.js). يجب تقديم ملفه بجانب الحزمة (راجع «Bundlers» في ملف README الخاص بـ resumable-upload).',
  workerCrossOrigin:
    'عامل الرفع (upload.worker.js) موجود على أصل (origin) غير أصل هذه الصفحة، والمتصفحات لا تشغّل العمّال إلا من أصل الصفحة نفسها. انسخه إلى هذا الموقع واضبط worker-url (راجع «Bundlers» في ملف README الخاص بـ resumable-upload).',
  formBusy: 'انتظر حتى تنتهي عمليات الرفع.',
  formRequired: 'ارفع ملفًا.',
  timeLeft: (duration) => `يتبقى ${duration}`,
} satisfies LanguageTable<'zero' | 'one' | 'two' | 'few' | 'many' | 'other'>;

export default arabic;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Persian (`fa`), right to left. A noun after a number stays singular: both forms read alike. */
const persian: UploadStrings = {
  chooseFiles: 'انتخاب فایل‌ها',
  chooseFolder: 'انتخاب پوشه',
  refusedPath: (path) =>
    `${path} بارگذاری نمی‌شود: مسیری با ".."، بخش مطلق یا نویسه‌های کنترلی مجاز نیست.`,
  dropHint: 'یا آن‌ها را اینجا رها یا جای‌گذاری کنید',
  dropHere: 'فایل‌ها را برای بارگذاری رها کنید',
  limits: (accept, maxSize) =>
    [maxSize && `حداکثر ${maxSize} برای هر فایل`, accept && `نوع‌های مجاز: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'بارگذاری‌ها',
  startAll: 'بارگذاری',
  pauseAll: 'توقف همه',
  resumeAll: 'ادامهٔ همه',
  retryFailed: 'تلاش دوباره برای ناموفق‌ها',
  cancelAll: 'لغو همه',
  clearFinished: 'پاک کردن تمام‌شده‌ها',
  summary: { one: '{done} از {files} فایل تمام شد', other: '{done} از {files} فایل تمام شد' },
  summaryFailed: { one: '{failed} ناموفق', other: '{failed} ناموفق' },
  separator: '، ',
  totalProgressLabel: 'پیشرفت کل بارگذاری',
  pause: 'توقف',
  resume: 'ادامه',
  cancel: 'لغو',
  retry: 'تلاش دوباره',
  remove: 'حذف',
  pickAgain: 'انتخاب فایل',
  continueInBackground: 'ادامه در پس‌زمینه',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `پیشرفت بارگذاری ${name}`,
  bytesOf: (sent, total) => `${sent} از ${total}`,
  statusQueued: 'در انتظار',
  statusUploading: 'در حال بارگذاری',
  statusPaused: 'متوقف',
  statusDone: 'تمام شد',
  statusError: 'ناموفق',
  statusRestored: 'قطع شده',
  statusElsewhere: (status) => `${status} در زبانه‌ای دیگر`,
  elsewhereHint:
    'زبانهٔ دیگری در حال ارسال این فایل است. اگر آن زبانه بسته شود، این زبانه ادامه می‌دهد.',
  restoredHint: 'برای ادامه از جایی که متوقف شد، همان فایل را دوباره انتخاب کنید.',
  restoredKeptHint: '«ادامه» بدون انتخاب دوبارهٔ فایل، از جایی که متوقف شد ادامه می‌دهد.',
  notPersistent:
    'این مرورگر نمی‌تواند پیشرفت بارگذاری را ذخیره کند: با بارگیری دوبارهٔ صفحه، از اول شروع می‌شود.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'فضای ذخیره‌سازی برای نگه‌داشتن نسخه‌ای از این فایل بیش از حد پر است: پس از بارگیری دوبارهٔ صفحه، برای ادامه آن را دوباره انتخاب کنید.'
      : 'این مرورگر نسخه‌ای از فایل را اینجا نگه نمی‌دارد (پنجرهٔ خصوصی هم نگه نمی‌دارد): پس از بارگیری دوبارهٔ صفحه، برای ادامه آن را دوباره انتخاب کنید.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'فضای ذخیره‌سازی برای نگه‌داشتن نسخه‌ای از این فایل بیش از حد پر بود: برای ادامه از جایی که متوقف شد، همان فایل را دوباره انتخاب کنید.'
      : 'این مرورگر نتوانست نسخه‌ای از فایل را نگه دارد (پنجرهٔ خصوصی نمی‌تواند): برای ادامه از جایی که متوقف شد، همان فایل را دوباره انتخاب کنید.',
  resultLabel: 'پاسخ سرور:',
  retrying: (message) => `${message} تلاش دوباره…`,
  error: (code, message) =>
    ({
      network: 'اتصال به سرور قطع شد.',
      auth: 'سرور اجازهٔ دسترسی نداد.',
      'retries-exhausted': 'بارگذاری پس از چند بار تلاش ناموفق ماند.',
      'session-gone': 'این بارگذاری دیگر روی سرور وجود ندارد.',
      'file-too-large': 'فایل برای سرور بیش از حد بزرگ است.',
      protocol: 'سرور پاسخ غیرمنتظره‌ای داد.',
      internal: 'خطای غیرمنتظره‌ای رخ داد.',
    })[code] ?? message,
  announceAdded: { one: '{count} فایل اضافه شد', other: '{count} فایل اضافه شد' },
  announceStart: (name) => `در حال بارگذاری ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} بارگذاری شد`,
  announceError: (name, message) => `بارگذاری ${name} ناموفق بود: ${message}`,
  announcePaused: (name) => `${name} متوقف شد`,
  announceResumed: (name) => `بارگذاری ${name} ادامه یافت`,
  announceCancelled: (name) => `${name} لغو شد`,
  announceQueueComplete: {
    one: 'همهٔ بارگذاری‌ها پایان یافت: {done} تمام شد',
    other: 'همهٔ بارگذاری‌ها پایان یافت: {done} تمام شد',
  },
  refusedTooLarge: (name, max) => `${name} از حد مجاز (${max}) بزرگ‌تر است.`,
  refusedType: (name, accept) => `${name} از نوع مجاز نیست (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} فایلی نیست که این بارگذاری با آن شروع شد. برای ادامه، ${expected} را انتخاب کنید (همان فایل، بدون تغییر).`,
  permissionNeeded: (name) => `برای ادامه، اجازهٔ خواندن ${name} را بدهید یا فایل را انتخاب کنید.`,
  fileChanged: (name) =>
    `${name} از زمان شروع بارگذاری تغییر کرده است، پس نمی‌توان از نسخهٔ نگه‌داشته‌شده ادامه داد. فایل بدون تغییر را انتخاب کنید یا لغو کنید.`,
  workerStopped: (detail) =>
    `ورکر بارگذاری متوقف شد${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. برای ادامه دوباره تلاش کنید.`,
  workerMissing:
    'ورکر بارگذاری (upload.worker.js) بارگیری نشد. فایل آن باید کنار بسته ارائه شود (بخش «Bundlers» در README ‏resumable-upload را ببینید).',
  workerCrossOrigin:
    'ورکر بارگذاری (upload.worker.js) روی مبدأ (origin) دیگری جز مبدأ این صفحه است و مرورگرها ورکرها را فقط از مبدأ خود صفحه اجرا می‌کنند. آن را در این سایت کپی کنید و worker-url را تنظیم کنید (بخش «Bundlers» در README ‏resumable-upload را ببینید).',
  formBusy: 'صبر کنید تا بارگذاری‌ها تمام شوند.',
  formRequired: 'یک فایل بارگذاری کنید.',
  timeLeft: (duration) => `${duration} مانده`,
} satisfies LanguageTable<'one' | 'other'>;

export default persian;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Turkish (`tr`). A noun after a number stays singular: both forms read alike. */
const turkish: UploadStrings = {
  chooseFiles: 'Dosya seçin',
  chooseFolder: 'Klasör seç',
  refusedPath: (path) =>
    `${path} yüklenemez: ".." , mutlak bir bölüm veya denetim karakterleri içeren bir yola izin verilmez.`,
  dropHint: 'veya buraya bırakın ya da yapıştırın',
  dropHere: 'Yüklemek için dosyaları bırakın',
  limits: (accept, maxSize) =>
    [maxSize && `Dosya başına en fazla ${maxSize}`, accept && `Kabul edilenler: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Yüklemeler',
  startAll: 'Yükle',
  pauseAll: 'Tümünü duraklat',
  resumeAll: 'Tümünü sürdür',
  retryFailed: 'Başarısızları yeniden dene',
  cancelAll: 'Tümünü iptal et',
  clearFinished: 'Bitenleri temizle',
  summary: { one: '{done}/{files} dosya tamamlandı', other: '{done}/{files} dosya tamamlandı' },
  summaryFailed: { one: '{failed} başarısız', other: '{failed} başarısız' },
  separator: ', ',
  totalProgressLabel: 'Toplam yükleme ilerlemesi',
  pause: 'Duraklat',
  resume: 'Sürdür',
  cancel: 'İptal',
  retry: 'Yeniden dene',
  remove: 'Kaldır',
  pickAgain: 'Dosya seç',
  continueInBackground: 'Arka planda sürdür',
  actionLabel: (action, name) => `${action}: ${name}`,
  progressLabel: (name) => `${name} yükleme ilerlemesi`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: 'Bekliyor',
  statusUploading: 'Yükleniyor',
  statusPaused: 'Duraklatıldı',
  statusDone: 'Tamamlandı',
  statusError: 'Başarısız',
  statusRestored: 'Kesildi',
  statusElsewhere: (status) => `${status} (başka sekmede)`,
  elsewhereHint: 'Bu dosyayı başka bir sekme gönderiyor. O sekme kapanırsa bu sekme devam eder.',
  restoredHint: 'Kaldığı yerden devam etmek için aynı dosyayı yeniden seçin.',
  restoredKeptHint: 'Sürdür, dosyayı yeniden seçmeden kaldığı yerden devam eder.',
  notPersistent:
    'Bu tarayıcı yükleme ilerlemesini saklayamıyor: sayfa yenilenirse yükleme baştan başlar.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Depolama alanı bu dosyanın bir kopyasını saklamak için fazla dolu: sayfa yenilendikten sonra devam etmek için dosyayı yeniden seçin.'
      : 'Bu tarayıcı dosyanın bir kopyasını burada saklamıyor (gizli pencereler saklamaz): sayfa yenilendikten sonra devam etmek için dosyayı yeniden seçin.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Depolama alanı bu dosyanın bir kopyasını saklamak için fazla doluydu: kaldığı yerden devam etmek için aynı dosyayı yeniden seçin.'
      : 'Bu tarayıcı dosyanın bir kopyasını saklayamadı (gizli pencereler saklayamaz): kaldığı yerden devam etmek için aynı dosyayı yeniden seçin.',
  resultLabel: 'Sunucu yanıtı:',
  retrying: (message) => `${message} Yeniden deneniyor…`,
  error: (code, message) =>
    ({
      network: 'Sunucuyla bağlantı koptu.',
      auth: 'Sunucu erişimi reddetti.',
      'retries-exhausted': 'Yükleme birkaç denemeden sonra başarısız oldu.',
      'session-gone': 'Sunucuda bu yükleme artık yok.',
      'file-too-large': 'Dosya sunucu için çok büyük.',
      protocol: 'Sunucu beklenmeyen bir yanıt verdi.',
      internal: 'Beklenmeyen bir hata oluştu.',
    })[code] ?? message,
  announceAdded: { one: '{count} dosya eklendi', other: '{count} dosya eklendi' },
  announceStart: (name) => `${name} yükleniyor`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} yüklendi`,
  announceError: (name, message) => `${name} yüklenemedi: ${message}`,
  announcePaused: (name) => `${name} duraklatıldı`,
  announceResumed: (name) => `${name} sürdürülüyor`,
  announceCancelled: (name) => `${name} iptal edildi`,
  announceQueueComplete: {
    one: 'Tüm yüklemeler bitti: {done} tamamlandı',
    other: 'Tüm yüklemeler bitti: {done} tamamlandı',
  },
  refusedTooLarge: (name, max) => `${name}, izin verilen ${max} sınırından büyük.`,
  refusedType: (name, accept) => `${name} kabul edilen bir türde değil (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name}, bu yüklemenin başladığı dosya değil. Devam etmek için ${expected} dosyasını (aynı, değişmemiş dosya) seçin.`,
  permissionNeeded: (name) =>
    `Devam etmek için ${name} dosyasının okunmasına izin verin veya dosyayı seçin.`,
  fileChanged: (name) =>
    `${name}, yükleme başladığından beri değişti; bu yüzden saklanan dosyadan devam edilemiyor. Değişmemiş dosyayı seçin veya iptal edin.`,
  workerStopped: (detail) =>
    `Yükleme worker'ı durdu${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Devam etmek için yeniden deneyin.`,
  workerMissing:
    'Yükleme worker\'ı (upload.worker.js) yüklenemedi. Dosyası paketin yanında sunulmalıdır (resumable-upload README dosyasındaki "Bundlers" bölümüne bakın).',
  workerCrossOrigin:
    'Yükleme worker\'ı (upload.worker.js) bu sayfadan farklı bir kaynakta (origin) ve tarayıcılar worker\'ları yalnızca sayfanın kendi kaynağından başlatır. Onu bu siteye kopyalayın ve worker-url ayarlayın (resumable-upload README dosyasındaki "Bundlers" bölümüne bakın).',
  formBusy: 'Yüklemelerin bitmesini bekleyin.',
  formRequired: 'Bir dosya yükleyin.',
  timeLeft: (duration) => `${duration} kaldı`,
} satisfies LanguageTable<'one' | 'other'>;

export default turkish;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Indonesian (`id`). One plural form. */
const indonesian: UploadStrings = {
  chooseFiles: 'Pilih file',
  chooseFolder: 'Pilih folder',
  refusedPath: (path) =>
    `${path} tidak dapat diunggah: jalur dengan "..", bagian absolut, atau karakter kontrol tidak diizinkan.`,
  dropHint: 'atau letakkan atau tempel di sini',
  dropHere: 'Lepaskan file untuk mengunggah',
  limits: (accept, maxSize) =>
    [maxSize && `Maks. ${maxSize} per file`, accept && `Diterima: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Unggahan',
  startAll: 'Unggah',
  pauseAll: 'Jeda semua',
  resumeAll: 'Lanjutkan semua',
  retryFailed: 'Coba lagi yang gagal',
  cancelAll: 'Batalkan semua',
  clearFinished: 'Hapus yang selesai',
  summary: { other: '{done} dari {files} file selesai' },
  summaryFailed: { other: '{failed} gagal' },
  separator: ', ',
  totalProgressLabel: 'Progres unggahan total',
  pause: 'Jeda',
  resume: 'Lanjutkan',
  cancel: 'Batal',
  retry: 'Coba lagi',
  remove: 'Hapus',
  pickAgain: 'Pilih file',
  continueInBackground: 'Lanjutkan di latar belakang',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Progres unggahan ${name}`,
  bytesOf: (sent, total) => `${sent} dari ${total}`,
  statusQueued: 'Menunggu',
  statusUploading: 'Mengunggah',
  statusPaused: 'Dijeda',
  statusDone: 'Selesai',
  statusError: 'Gagal',
  statusRestored: 'Terputus',
  statusElsewhere: (status) => `${status} di tab lain`,
  elsewhereHint:
    'Tab lain sedang mengirim file ini. Tab ini akan melanjutkan jika tab itu ditutup.',
  restoredHint: 'Pilih file yang sama lagi untuk melanjutkan dari titik berhenti.',
  restoredKeptHint: 'Lanjutkan akan meneruskan dari titik berhenti tanpa memilih file lagi.',
  notPersistent:
    'Browser ini tidak dapat menyimpan progres unggahan: setelah dimuat ulang, unggahan dimulai dari awal.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Penyimpanan terlalu penuh untuk menyimpan salinan file ini: setelah dimuat ulang, pilih lagi file ini untuk melanjutkan.'
      : 'Browser ini tidak menyimpan salinan file di sini (jendela pribadi juga tidak): setelah dimuat ulang, pilih lagi file ini untuk melanjutkan.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Penyimpanan terlalu penuh untuk menyimpan salinan file ini: pilih lagi file yang sama untuk melanjutkan dari titik berhenti.'
      : 'Browser ini tidak dapat menyimpan salinan file (jendela pribadi tidak bisa): pilih lagi file yang sama untuk melanjutkan dari titik berhenti.',
  resultLabel: 'Jawaban server:',
  retrying: (message) => `${message} Mencoba lagi…`,
  error: (code, message) =>
    ({
      network: 'Koneksi ke server terputus.',
      auth: 'Server menolak akses.',
      'retries-exhausted': 'Unggahan gagal setelah beberapa kali percobaan.',
      'session-gone': 'Server tidak lagi menyimpan unggahan ini.',
      'file-too-large': 'File terlalu besar untuk server.',
      protocol: 'Server memberikan jawaban yang tidak terduga.',
      internal: 'Terjadi kesalahan yang tidak terduga.',
    })[code] ?? message,
  announceAdded: { other: '{count} file ditambahkan' },
  announceStart: (name) => `Mengunggah ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} selesai diunggah`,
  announceError: (name, message) => `${name} gagal: ${message}`,
  announcePaused: (name) => `${name} dijeda`,
  announceResumed: (name) => `${name} dilanjutkan`,
  announceCancelled: (name) => `${name} dibatalkan`,
  announceQueueComplete: { other: 'Semua unggahan selesai: {done} berhasil' },
  refusedTooLarge: (name, max) => `${name} melebihi batas ${max}.`,
  refusedType: (name, accept) => `${name} bukan jenis yang diterima (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} bukan file yang digunakan saat unggahan ini dimulai. Pilih ${expected} (file yang sama, tanpa perubahan) untuk melanjutkan.`,
  permissionNeeded: (name) => `Izinkan membaca ${name} untuk melanjutkan, atau pilih file-nya.`,
  fileChanged: (name) =>
    `${name} telah berubah sejak unggahan dimulai, jadi tidak bisa dilanjutkan dari file yang disimpan. Pilih file yang tidak berubah, atau batalkan.`,
  workerStopped: (detail) =>
    `Worker unggahan berhenti${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Coba lagi untuk melanjutkan.`,
  workerMissing:
    'Worker unggahan (upload.worker.js) tidak dapat dimuat. File-nya harus disajikan di samping paket (lihat "Bundlers" di README resumable-upload).',
  workerCrossOrigin:
    'Worker unggahan (upload.worker.js) berada di origin yang berbeda dari halaman ini, dan browser hanya menjalankan worker dari origin halaman itu sendiri. Salin ke situs ini dan atur worker-url (lihat "Bundlers" di README resumable-upload).',
  formBusy: 'Tunggu hingga unggahan selesai.',
  formRequired: 'Unggah sebuah file.',
  timeLeft: (duration) => `sisa ${duration}`,
} satisfies LanguageTable<'other'>;

export default indonesian;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Vietnamese (`vi`). One plural form. */
const vietnamese: UploadStrings = {
  chooseFiles: 'Chọn tệp',
  chooseFolder: 'Chọn thư mục',
  refusedPath: (path) =>
    `Không thể tải lên ${path}: không cho phép đường dẫn có "..", phần tuyệt đối hoặc ký tự điều khiển.`,
  dropHint: 'hoặc thả hay dán tệp vào đây',
  dropHere: 'Thả tệp để tải lên',
  limits: (accept, maxSize) =>
    [maxSize && `Tối đa ${maxSize} mỗi tệp`, accept && `Chấp nhận: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Tệp tải lên',
  startAll: 'Tải lên',
  pauseAll: 'Tạm dừng tất cả',
  resumeAll: 'Tiếp tục tất cả',
  retryFailed: 'Thử lại tệp lỗi',
  cancelAll: 'Hủy tất cả',
  clearFinished: 'Xóa tệp đã xong',
  summary: { other: 'Đã xong {done}/{files} tệp' },
  summaryFailed: { other: '{failed} tệp lỗi' },
  separator: ', ',
  totalProgressLabel: 'Tổng tiến độ tải lên',
  pause: 'Tạm dừng',
  resume: 'Tiếp tục',
  cancel: 'Hủy',
  retry: 'Thử lại',
  remove: 'Xóa',
  pickAgain: 'Chọn tệp',
  continueInBackground: 'Tiếp tục trong nền',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Tiến độ tải lên của ${name}`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: 'Đang chờ',
  statusUploading: 'Đang tải lên',
  statusPaused: 'Đã tạm dừng',
  statusDone: 'Hoàn tất',
  statusError: 'Thất bại',
  statusRestored: 'Bị gián đoạn',
  statusElsewhere: (status) => `${status} ở thẻ khác`,
  elsewhereHint: 'Một thẻ khác đang gửi tệp này. Thẻ này sẽ tiếp tục nếu thẻ kia bị đóng.',
  restoredHint: 'Chọn lại đúng tệp đó để tiếp tục từ chỗ đã dừng.',
  restoredKeptHint: 'Tiếp tục sẽ chạy tiếp từ chỗ đã dừng mà không cần chọn lại tệp.',
  notPersistent:
    'Trình duyệt này không lưu được tiến độ tải lên: khi tải lại trang, quá trình sẽ bắt đầu lại từ đầu.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Bộ nhớ đã quá đầy để giữ bản sao của tệp này: sau khi tải lại trang, hãy chọn lại tệp để tiếp tục.'
      : 'Trình duyệt này không giữ bản sao của tệp ở đây (cửa sổ riêng tư cũng không): sau khi tải lại trang, hãy chọn lại tệp để tiếp tục.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Bộ nhớ đã quá đầy để giữ bản sao của tệp này: hãy chọn lại đúng tệp đó để tiếp tục từ chỗ đã dừng.'
      : 'Trình duyệt này không giữ được bản sao của tệp (cửa sổ riêng tư không thể): hãy chọn lại đúng tệp đó để tiếp tục từ chỗ đã dừng.',
  resultLabel: 'Phản hồi của máy chủ:',
  retrying: (message) => `${message} Đang thử lại…`,
  error: (code, message) =>
    ({
      network: 'Mất kết nối tới máy chủ.',
      auth: 'Máy chủ từ chối quyền truy cập.',
      'retries-exhausted': 'Tải lên thất bại sau nhiều lần thử.',
      'session-gone': 'Máy chủ không còn giữ lượt tải lên này.',
      'file-too-large': 'Tệp quá lớn đối với máy chủ.',
      protocol: 'Máy chủ trả lời không như mong đợi.',
      internal: 'Đã xảy ra lỗi không mong muốn.',
    })[code] ?? message,
  announceAdded: { other: 'Đã thêm {count} tệp' },
  announceStart: (name) => `Đang tải lên ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `Đã tải lên ${name}`,
  announceError: (name, message) => `${name} thất bại: ${message}`,
  announcePaused: (name) => `Đã tạm dừng ${name}`,
  announceResumed: (name) => `Đã tiếp tục ${name}`,
  announceCancelled: (name) => `Đã hủy ${name}`,
  announceQueueComplete: { other: 'Mọi lượt tải lên đã kết thúc: {done} tệp hoàn tất' },
  refusedTooLarge: (name, max) => `${name} lớn hơn mức cho phép ${max}.`,
  refusedType: (name, accept) => `${name} không thuộc loại được chấp nhận (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} không phải tệp ban đầu của lượt tải lên này. Hãy chọn ${expected} (đúng tệp đó, không thay đổi) để tiếp tục.`,
  permissionNeeded: (name) => `Hãy cho phép đọc ${name} để tiếp tục, hoặc chọn tệp.`,
  fileChanged: (name) =>
    `${name} đã thay đổi kể từ khi bắt đầu tải lên nên không thể tiếp tục từ tệp đã lưu. Hãy chọn tệp chưa thay đổi hoặc hủy.`,
  workerStopped: (detail) =>
    `Worker tải lên đã dừng${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Hãy thử lại để tiếp tục.`,
  workerMissing:
    'Không tải được worker tải lên (upload.worker.js). Tệp của nó phải được phục vụ cạnh gói (xem "Bundlers" trong README của resumable-upload).',
  workerCrossOrigin:
    'Worker tải lên (upload.worker.js) nằm ở origin khác với trang này, và trình duyệt chỉ khởi chạy worker từ origin của chính trang. Hãy sao chép nó vào trang web này và đặt worker-url (xem "Bundlers" trong README của resumable-upload).',
  formBusy: 'Hãy chờ các tệp tải lên xong.',
  formRequired: 'Hãy tải lên một tệp.',
  timeLeft: (duration) => `còn ${duration}`,
} satisfies LanguageTable<'other'>;

export default vietnamese;

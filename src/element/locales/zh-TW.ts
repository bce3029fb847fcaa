import type { LanguageTable, UploadStrings } from '../strings.js';

/** Chinese, Traditional (`zh-TW`, and `zh-Hant`, `zh-HK`, `zh-MO`). One plural form. */
const traditionalChinese: UploadStrings = {
  chooseFiles: '選擇檔案',
  chooseFolder: '選擇資料夾',
  refusedPath: (path) => `無法上傳 ${path}：不允許包含「..」、絕對路徑部分或控制字元的路徑。`,
  dropHint: '或將檔案拖放、貼上到這裡',
  dropHere: '放開即可上傳',
  limits: (accept, maxSize) =>
    [maxSize && `每個檔案上限 ${maxSize}`, accept && `接受的類型：${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: '上傳清單',
  startAll: '上傳',
  pauseAll: '全部暫停',
  resumeAll: '全部繼續',
  retryFailed: '重試失敗項目',
  cancelAll: '全部取消',
  clearFinished: '清除已完成',
  summary: { other: '已完成 {done}/{files} 個檔案' },
  summaryFailed: { other: '{failed} 個失敗' },
  separator: '，',
  totalProgressLabel: '整體上傳進度',
  pause: '暫停',
  resume: '繼續',
  cancel: '取消',
  retry: '重試',
  remove: '移除',
  pickAgain: '選擇檔案',
  continueInBackground: '在背景繼續',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `${name} 的上傳進度`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: '等待中',
  statusUploading: '上傳中',
  statusPaused: '已暫停',
  statusDone: '已完成',
  statusError: '失敗',
  statusRestored: '已中斷',
  statusElsewhere: (status) => `${status}（其他分頁）`,
  elsewhereHint: '另一個分頁正在傳送這個檔案。若該分頁關閉，將由這個分頁接續。',
  restoredHint: '再次選擇同一個檔案，即可從中斷處繼續。',
  restoredKeptHint: '按「繼續」即可從中斷處接著上傳，不必重新選擇檔案。',
  notPersistent: '這個瀏覽器無法儲存上傳進度：重新載入頁面後將從頭開始。',
  notKept: (reason) =>
    reason === 'no-room'
      ? '儲存空間已滿，無法保留這個檔案的副本：重新載入頁面後，請再次選擇檔案以繼續。'
      : '這個瀏覽器不會在此保留檔案副本（無痕視窗不會保留）：重新載入頁面後，請再次選擇檔案以繼續。',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? '儲存空間已滿，未能保留這個檔案的副本：請再次選擇同一個檔案，從中斷處繼續。'
      : '這個瀏覽器未能保留檔案副本（無痕視窗無法保留）：請再次選擇同一個檔案，從中斷處繼續。',
  resultLabel: '伺服器回應：',
  retrying: (message) => `${message} 正在重試…`,
  error: (code, message) =>
    ({
      network: '與伺服器的連線已中斷。',
      auth: '伺服器拒絕存取。',
      'retries-exhausted': '多次嘗試後上傳仍然失敗。',
      'session-gone': '伺服器上已經沒有這個上傳。',
      'file-too-large': '檔案超過伺服器允許的大小。',
      protocol: '伺服器傳回了非預期的回應。',
      internal: '發生非預期的錯誤。',
    })[code] ?? message,
  announceAdded: { other: '已新增 {count} 個檔案' },
  announceStart: (name) => `正在上傳 ${name}`,
  announceProgress: (name, percent) => `${name}：${percent}`,
  announceDone: (name) => `${name} 已上傳`,
  announceError: (name, message) => `${name} 上傳失敗：${message}`,
  announcePaused: (name) => `${name} 已暫停`,
  announceResumed: (name) => `${name} 已繼續`,
  announceCancelled: (name) => `${name} 已取消`,
  announceQueueComplete: { other: '所有上傳皆已結束：{done} 個已完成' },
  refusedTooLarge: (name, max) => `${name} 超過允許的大小（${max}）。`,
  refusedType: (name, accept) => `${name} 不是接受的類型（${accept}）。`,
  refusedMismatch: (name, expected) =>
    `${name} 不是這個上傳最初使用的檔案。請選擇 ${expected}（未經修改的同一個檔案）以繼續。`,
  permissionNeeded: (name) => `請允許讀取 ${name} 以繼續，或選擇檔案。`,
  fileChanged: (name) =>
    `${name} 在上傳開始後已被修改，因此無法從保留的檔案繼續。請選擇未修改的檔案，或取消上傳。`,
  workerStopped: (detail) =>
    `上傳 worker 已停止${detail ? `：${detail.replace(/\.$/, '')}` : ''}。請重試以繼續。`,
  workerMissing:
    '無法載入上傳 worker（upload.worker.js）。這個檔案必須與套件放在一起提供（請參閱 resumable-upload README 中的「Bundlers」）。',
  workerCrossOrigin:
    '上傳 worker（upload.worker.js）與這個頁面不同源，而瀏覽器只會從頁面本身的來源啟動 worker。請將它複製到本網站並設定 worker-url（請參閱 resumable-upload README 中的「Bundlers」）。',
  formBusy: '請等候上傳完成。',
  formRequired: '請上傳一個檔案。',
  timeLeft: (duration) => `剩餘 ${duration}`,
} satisfies LanguageTable<'other'>;

export default traditionalChinese;

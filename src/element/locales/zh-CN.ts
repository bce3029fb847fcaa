import type { LanguageTable, UploadStrings } from '../strings.js';

/** Chinese, Simplified (`zh-CN`, and `zh`, `zh-Hans`, `zh-SG`). One plural form. */
const simplifiedChinese: UploadStrings = {
  chooseFiles: '选择文件',
  chooseFolder: '选择文件夹',
  refusedPath: (path) => `无法上传 ${path}：不允许包含“..”、绝对路径部分或控制字符的路径。`,
  dropHint: '或将文件拖放、粘贴到此处',
  dropHere: '松开即可上传',
  limits: (accept, maxSize) =>
    [maxSize && `每个文件最大 ${maxSize}`, accept && `允许的类型：${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: '上传列表',
  startAll: '上传',
  pauseAll: '全部暂停',
  resumeAll: '全部继续',
  retryFailed: '重试失败项',
  cancelAll: '全部取消',
  clearFinished: '清除已完成',
  summary: { other: '已完成 {done}/{files} 个文件' },
  summaryFailed: { other: '{failed} 个失败' },
  separator: '，',
  totalProgressLabel: '总上传进度',
  pause: '暂停',
  resume: '继续',
  cancel: '取消',
  retry: '重试',
  remove: '移除',
  pickAgain: '选择文件',
  continueInBackground: '在后台继续',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `${name} 的上传进度`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: '等待中',
  statusUploading: '上传中',
  statusPaused: '已暂停',
  statusDone: '已完成',
  statusError: '失败',
  statusRestored: '已中断',
  statusElsewhere: (status) => `${status}（其他标签页）`,
  elsewhereHint: '另一个标签页正在发送此文件。如果那个标签页关闭，将由此标签页继续。',
  restoredHint: '重新选择同一文件，即可从中断处继续。',
  restoredKeptHint: '点击“继续”即可从中断处接着上传，无需重新选择文件。',
  notPersistent: '此浏览器无法保存上传进度：重新加载页面后将从头开始。',
  notKept: (reason) =>
    reason === 'no-room'
      ? '存储空间已满，无法保留此文件的副本：重新加载页面后，请再次选择该文件以继续。'
      : '此浏览器不会在此保留文件副本（无痕窗口不会保留）：重新加载页面后，请再次选择该文件以继续。',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? '存储空间已满，未能保留此文件的副本：请重新选择同一文件，从中断处继续。'
      : '此浏览器未能保留文件副本（无痕窗口无法保留）：请重新选择同一文件，从中断处继续。',
  resultLabel: '服务器响应：',
  retrying: (message) => `${message} 正在重试…`,
  error: (code, message) =>
    ({
      network: '与服务器的连接已断开。',
      auth: '服务器拒绝了访问。',
      'retries-exhausted': '多次尝试后上传仍然失败。',
      'session-gone': '服务器上已没有此上传。',
      'file-too-large': '文件超出了服务器允许的大小。',
      protocol: '服务器返回了意外的响应。',
      internal: '发生了意外错误。',
    })[code] ?? message,
  announceAdded: { other: '已添加 {count} 个文件' },
  announceStart: (name) => `正在上传 ${name}`,
  announceProgress: (name, percent) => `${name}：${percent}`,
  announceDone: (name) => `${name} 已上传`,
  announceError: (name, message) => `${name} 上传失败：${message}`,
  announcePaused: (name) => `${name} 已暂停`,
  announceResumed: (name) => `${name} 已继续`,
  announceCancelled: (name) => `${name} 已取消`,
  announceQueueComplete: { other: '所有上传均已结束：{done} 个已完成' },
  refusedTooLarge: (name, max) => `${name} 超过了允许的大小（${max}）。`,
  refusedType: (name, accept) => `${name} 不是允许的类型（${accept}）。`,
  refusedMismatch: (name, expected) =>
    `${name} 不是此上传最初使用的文件。请选择 ${expected}（未经修改的同一文件）以继续。`,
  permissionNeeded: (name) => `请允许读取 ${name} 以继续，或选择该文件。`,
  fileChanged: (name) =>
    `${name} 在上传开始后已被修改，因此无法从保留的文件继续。请选择未修改的文件，或取消上传。`,
  workerStopped: (detail) =>
    `上传 worker 已停止${detail ? `：${detail.replace(/\.$/, '')}` : ''}。请重试以继续。`,
  workerMissing:
    '无法加载上传 worker（upload.worker.js）。该文件必须与软件包放在一起提供（参见 resumable-upload README 中的“Bundlers”）。',
  workerCrossOrigin:
    '上传 worker（upload.worker.js）与本页面不同源，而浏览器只能从页面自身的源启动 worker。请将其复制到本站点并设置 worker-url（参见 resumable-upload README 中的“Bundlers”）。',
  formBusy: '请等待上传完成。',
  formRequired: '请上传一个文件。',
  timeLeft: (duration) => `剩余 ${duration}`,
} satisfies LanguageTable<'other'>;

export default simplifiedChinese;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Japanese (`ja`). One plural form. */
const japanese: UploadStrings = {
  chooseFiles: 'ファイルを選択',
  chooseFolder: 'フォルダーを選択',
  refusedPath: (path) =>
    `${path} はアップロードできません: 「..」、絶対パス、制御文字を含むパスは使えません。`,
  dropHint: 'またはここにドロップ・貼り付け',
  dropHere: 'ドロップしてアップロード',
  limits: (accept, maxSize) =>
    [maxSize && `1ファイル最大${maxSize}`, accept && `対応形式: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'アップロード',
  startAll: 'アップロード',
  pauseAll: 'すべて一時停止',
  resumeAll: 'すべて再開',
  retryFailed: '失敗分を再試行',
  cancelAll: 'すべてキャンセル',
  clearFinished: '完了分を消去',
  summary: { other: '{files}件中{done}件完了' },
  summaryFailed: { other: '{failed}件失敗' },
  separator: '、',
  totalProgressLabel: '全体のアップロード進捗',
  pause: '一時停止',
  resume: '再開',
  cancel: 'キャンセル',
  retry: '再試行',
  remove: '削除',
  pickAgain: 'ファイルを選択',
  continueInBackground: 'バックグラウンドで続行',
  actionLabel: (action, name) => `${action}（${name}）`,
  progressLabel: (name) => `${name}のアップロード進捗`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: '待機中',
  statusUploading: 'アップロード中',
  statusPaused: '一時停止中',
  statusDone: '完了',
  statusError: '失敗',
  statusRestored: '中断',
  statusElsewhere: (status) => `${status}（別のタブ）`,
  elsewhereHint:
    '別のタブがこのファイルを送信しています。そのタブを閉じると、このタブが引き継ぎます。',
  restoredHint: '同じファイルをもう一度選択すると、中断したところから再開します。',
  restoredKeptHint: '「再開」で、ファイルを選び直さずに中断したところから続けます。',
  notPersistent:
    'このブラウザーは進捗を保存できません。再読み込みすると最初からやり直しになります。',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'ストレージに空きがないため、このファイルのコピーを保存できません。再読み込み後に続けるには、もう一度ファイルを選択してください。'
      : 'このブラウザーはここにファイルのコピーを保存しません（プライベートウィンドウでは保存されません）。再読み込み後に続けるには、もう一度ファイルを選択してください。',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'ストレージに空きがなかったため、このファイルのコピーを保存できませんでした。同じファイルをもう一度選択すると、中断したところから再開します。'
      : 'このブラウザーはファイルのコピーを保存できませんでした（プライベートウィンドウでは保存できません）。同じファイルをもう一度選択すると、中断したところから再開します。',
  resultLabel: 'サーバーの応答:',
  retrying: (message) => `${message} 再試行しています…`,
  error: (code, message) =>
    ({
      network: 'サーバーとの接続が切れました。',
      auth: 'サーバーがアクセスを拒否しました。',
      'retries-exhausted': '何度か試しましたが、アップロードに失敗しました。',
      'session-gone': 'このアップロードはサーバーにもう残っていません。',
      'file-too-large': 'ファイルがサーバーの上限を超えています。',
      protocol: 'サーバーから予期しない応答がありました。',
      internal: '予期しないエラーが発生しました。',
    })[code] ?? message,
  announceAdded: { other: '{count}件のファイルを追加しました' },
  announceStart: (name) => `${name}をアップロードしています`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name}をアップロードしました`,
  announceError: (name, message) => `${name}のアップロードに失敗しました: ${message}`,
  announcePaused: (name) => `${name}を一時停止しました`,
  announceResumed: (name) => `${name}を再開しました`,
  announceCancelled: (name) => `${name}をキャンセルしました`,
  announceQueueComplete: { other: 'すべてのアップロードが終わりました。{done}件完了' },
  refusedTooLarge: (name, max) => `${name}は上限の${max}を超えています。`,
  refusedType: (name, accept) => `${name}は対応していない形式です（${accept}）。`,
  refusedMismatch: (name, expected) =>
    `${name}は、このアップロードを始めたファイルではありません。再開するには${expected}（変更されていない同じファイル）を選択してください。`,
  permissionNeeded: (name) =>
    `再開するには${name}の読み取りを許可するか、ファイルを選択してください。`,
  fileChanged: (name) =>
    `${name}はアップロード開始後に変更されたため、保存したファイルからは続けられません。変更前のファイルを選択するか、キャンセルしてください。`,
  workerStopped: (detail) =>
    `アップロード用ワーカーが停止しました${detail ? `（${detail.replace(/\.$/, '')}）` : ''}。続けるには再試行してください。`,
  workerMissing:
    'アップロード用ワーカー（upload.worker.js）を読み込めませんでした。このファイルはパッケージと同じ場所から配信する必要があります（resumable-upload の README の「Bundlers」を参照）。',
  workerCrossOrigin:
    'アップロード用ワーカー（upload.worker.js）がこのページとは別のオリジンにあります。ブラウザーはページ自身のオリジンからしかワーカーを起動しません。このサイトにコピーして worker-url を設定してください（resumable-upload の README の「Bundlers」を参照）。',
  formBusy: 'アップロードが終わるまでお待ちください。',
  formRequired: 'ファイルをアップロードしてください。',
  timeLeft: (duration) => `残り${duration}`,
} satisfies LanguageTable<'other'>;

export default japanese;

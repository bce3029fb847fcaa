import type { LanguageTable, UploadStrings } from '../strings.js';

/** Korean (`ko`). One plural form. */
const korean: UploadStrings = {
  chooseFiles: '파일 선택',
  chooseFolder: '폴더 선택',
  refusedPath: (path) =>
    `${path}을(를) 업로드할 수 없습니다: "..", 절대 경로 또는 제어 문자가 있는 경로는 허용되지 않습니다.`,
  dropHint: '또는 여기에 끌어다 놓거나 붙여넣기',
  dropHere: '파일을 놓아 업로드',
  limits: (accept, maxSize) =>
    [maxSize && `파일당 최대 ${maxSize}`, accept && `허용 형식: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: '업로드',
  startAll: '업로드',
  pauseAll: '모두 일시중지',
  resumeAll: '모두 재개',
  retryFailed: '실패한 항목 재시도',
  cancelAll: '모두 취소',
  clearFinished: '완료된 항목 지우기',
  summary: { other: '파일 {files}개 중 {done}개 완료' },
  summaryFailed: { other: '{failed}개 실패' },
  separator: ', ',
  totalProgressLabel: '전체 업로드 진행률',
  pause: '일시중지',
  resume: '재개',
  cancel: '취소',
  retry: '재시도',
  remove: '제거',
  pickAgain: '파일 선택',
  continueInBackground: '백그라운드에서 계속',
  actionLabel: (action, name) => `${action}: ${name}`,
  progressLabel: (name) => `${name} 업로드 진행률`,
  bytesOf: (sent, total) => `${sent} / ${total}`,
  statusQueued: '대기 중',
  statusUploading: '업로드 중',
  statusPaused: '일시중지됨',
  statusDone: '완료',
  statusError: '실패',
  statusRestored: '중단됨',
  statusElsewhere: (status) => `${status}(다른 탭)`,
  elsewhereHint: '다른 탭에서 이 파일을 보내고 있습니다. 그 탭을 닫으면 이 탭이 이어서 진행합니다.',
  restoredHint: '같은 파일을 다시 선택하면 멈춘 지점부터 이어서 진행합니다.',
  restoredKeptHint: '재개를 누르면 파일을 다시 선택하지 않고 멈춘 지점부터 이어서 진행합니다.',
  notPersistent:
    '이 브라우저는 업로드 진행 상황을 저장할 수 없습니다. 새로고침하면 처음부터 다시 시작합니다.',
  notKept: (reason) =>
    reason === 'no-room'
      ? '저장 공간이 부족해 이 파일의 사본을 보관할 수 없습니다. 새로고침한 후 계속하려면 파일을 다시 선택하세요.'
      : '이 브라우저는 여기에 파일 사본을 보관하지 않습니다(비공개 창에서는 보관하지 않음). 새로고침한 후 계속하려면 파일을 다시 선택하세요.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? '저장 공간이 부족해 이 파일의 사본을 보관하지 못했습니다. 같은 파일을 다시 선택하면 멈춘 지점부터 이어서 진행합니다.'
      : '이 브라우저는 파일 사본을 보관하지 못했습니다(비공개 창에서는 보관할 수 없음). 같은 파일을 다시 선택하면 멈춘 지점부터 이어서 진행합니다.',
  resultLabel: '서버 응답:',
  retrying: (message) => `${message} 다시 시도하는 중…`,
  error: (code, message) =>
    ({
      network: '서버와의 연결이 끊겼습니다.',
      auth: '서버가 접근을 거부했습니다.',
      'retries-exhausted': '여러 번 시도했지만 업로드에 실패했습니다.',
      'session-gone': '서버에 이 업로드가 더 이상 없습니다.',
      'file-too-large': '파일이 서버에서 허용하는 크기보다 큽니다.',
      protocol: '서버가 예상치 못한 응답을 보냈습니다.',
      internal: '예상치 못한 오류가 발생했습니다.',
    })[code] ?? message,
  announceAdded: { other: '파일 {count}개 추가됨' },
  announceStart: (name) => `${name} 업로드 중`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} 업로드 완료`,
  announceError: (name, message) => `${name} 실패: ${message}`,
  announcePaused: (name) => `${name} 일시중지됨`,
  announceResumed: (name) => `${name} 재개됨`,
  announceCancelled: (name) => `${name} 취소됨`,
  announceQueueComplete: { other: '모든 업로드 종료: {done}개 완료' },
  refusedTooLarge: (name, max) => `${name} 파일이 허용된 크기(${max})보다 큽니다.`,
  refusedType: (name, accept) => `${name} 파일은 허용되지 않는 형식입니다(${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} 파일은 이 업로드를 시작한 파일이 아닙니다. 재개하려면 ${expected} 파일(변경되지 않은 같은 파일)을 선택하세요.`,
  permissionNeeded: (name) => `재개하려면 ${name} 파일 읽기를 허용하거나 파일을 선택하세요.`,
  fileChanged: (name) =>
    `업로드를 시작한 뒤 ${name} 파일이 변경되어 보관된 파일로 계속할 수 없습니다. 변경되지 않은 파일을 선택하거나 취소하세요.`,
  workerStopped: (detail) =>
    `업로드 워커가 중지되었습니다${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. 계속하려면 다시 시도하세요.`,
  workerMissing:
    '업로드 워커(upload.worker.js)를 불러오지 못했습니다. 이 파일은 패키지와 같은 위치에서 제공되어야 합니다(resumable-upload README의 "Bundlers" 참고).',
  workerCrossOrigin:
    '업로드 워커(upload.worker.js)가 이 페이지와 다른 출처(origin)에 있으며, 브라우저는 페이지 자신의 출처에서만 워커를 시작합니다. 이 사이트로 복사하고 worker-url을 설정하세요(resumable-upload README의 "Bundlers" 참고).',
  formBusy: '업로드가 끝날 때까지 기다리세요.',
  formRequired: '파일을 업로드하세요.',
  timeLeft: (duration) => `${duration} 남음`,
} satisfies LanguageTable<'other'>;

export default korean;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Thai (`th`). One plural form; a space separates phrases. */
const thai: UploadStrings = {
  chooseFiles: 'เลือกไฟล์',
  chooseFolder: 'เลือกโฟลเดอร์',
  refusedPath: (path) => `อัปโหลด ${path} ไม่ได้: ไม่อนุญาตเส้นทางที่มี ".." ส่วนแบบสัมบูรณ์ หรืออักขระควบคุม`,
  dropHint: 'หรือลากไฟล์มาวางหรือวางจากคลิปบอร์ดที่นี่',
  dropHere: 'ปล่อยไฟล์เพื่ออัปโหลด',
  limits: (accept, maxSize) =>
    [maxSize && `ไฟล์ละไม่เกิน ${maxSize}`, accept && `ประเภทที่รับ: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'การอัปโหลด',
  startAll: 'อัปโหลด',
  pauseAll: 'หยุดทั้งหมดชั่วคราว',
  resumeAll: 'ทำต่อทั้งหมด',
  retryFailed: 'ลองรายการที่ล้มเหลวอีกครั้ง',
  cancelAll: 'ยกเลิกทั้งหมด',
  clearFinished: 'ล้างรายการที่เสร็จแล้ว',
  summary: { other: 'เสร็จแล้ว {done} จาก {files} ไฟล์' },
  summaryFailed: { other: 'ล้มเหลว {failed} ไฟล์' },
  separator: ' ',
  totalProgressLabel: 'ความคืบหน้าการอัปโหลดทั้งหมด',
  pause: 'หยุดชั่วคราว',
  resume: 'ทำต่อ',
  cancel: 'ยกเลิก',
  retry: 'ลองอีกครั้ง',
  remove: 'นำออก',
  pickAgain: 'เลือกไฟล์',
  continueInBackground: 'ทำต่อในเบื้องหลัง',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `ความคืบหน้าการอัปโหลด ${name}`,
  bytesOf: (sent, total) => `${sent} จาก ${total}`,
  statusQueued: 'รอคิว',
  statusUploading: 'กำลังอัปโหลด',
  statusPaused: 'หยุดชั่วคราว',
  statusDone: 'เสร็จแล้ว',
  statusError: 'ล้มเหลว',
  statusRestored: 'ถูกขัดจังหวะ',
  statusElsewhere: (status) => `${status}ในแท็บอื่น`,
  elsewhereHint: 'แท็บอื่นกำลังส่งไฟล์นี้อยู่ แท็บนี้จะทำต่อหากแท็บนั้นถูกปิด',
  restoredHint: 'เลือกไฟล์เดิมอีกครั้งเพื่อทำต่อจากจุดที่หยุดไว้',
  restoredKeptHint: 'ปุ่มทำต่อจะอัปโหลดต่อจากจุดที่หยุดไว้โดยไม่ต้องเลือกไฟล์อีกครั้ง',
  notPersistent: 'เบราว์เซอร์นี้บันทึกความคืบหน้าไม่ได้ หากโหลดหน้าใหม่ การอัปโหลดจะเริ่มต้นใหม่',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'พื้นที่จัดเก็บเต็มเกินกว่าจะเก็บสำเนาของไฟล์นี้ หลังโหลดหน้าใหม่ ให้เลือกไฟล์อีกครั้งเพื่อทำต่อ'
      : 'เบราว์เซอร์นี้ไม่เก็บสำเนาของไฟล์ไว้ที่นี่ (หน้าต่างส่วนตัวจะไม่เก็บ) หลังโหลดหน้าใหม่ ให้เลือกไฟล์อีกครั้งเพื่อทำต่อ',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'พื้นที่จัดเก็บเต็มเกินกว่าจะเก็บสำเนาของไฟล์นี้ เลือกไฟล์เดิมอีกครั้งเพื่อทำต่อจากจุดที่หยุดไว้'
      : 'เบราว์เซอร์นี้เก็บสำเนาของไฟล์ไว้ไม่ได้ (หน้าต่างส่วนตัวเก็บไม่ได้) เลือกไฟล์เดิมอีกครั้งเพื่อทำต่อจากจุดที่หยุดไว้',
  resultLabel: 'คำตอบจากเซิร์ฟเวอร์:',
  retrying: (message) => `${message} กำลังลองอีกครั้ง…`,
  error: (code, message) =>
    ({
      network: 'การเชื่อมต่อกับเซิร์ฟเวอร์ขาดหาย',
      auth: 'เซิร์ฟเวอร์ปฏิเสธการเข้าถึง',
      'retries-exhausted': 'การอัปโหลดล้มเหลวหลังจากลองหลายครั้ง',
      'session-gone': 'เซิร์ฟเวอร์ไม่มีการอัปโหลดนี้แล้ว',
      'file-too-large': 'ไฟล์ใหญ่เกินไปสำหรับเซิร์ฟเวอร์',
      protocol: 'เซิร์ฟเวอร์ตอบกลับอย่างไม่คาดคิด',
      internal: 'เกิดข้อผิดพลาดที่ไม่คาดคิด',
    })[code] ?? message,
  announceAdded: { other: 'เพิ่มแล้ว {count} ไฟล์' },
  announceStart: (name) => `กำลังอัปโหลด ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `อัปโหลด ${name} แล้ว`,
  announceError: (name, message) => `${name} ล้มเหลว: ${message}`,
  announcePaused: (name) => `หยุด ${name} ชั่วคราวแล้ว`,
  announceResumed: (name) => `ทำต่อ ${name} แล้ว`,
  announceCancelled: (name) => `ยกเลิก ${name} แล้ว`,
  announceQueueComplete: { other: 'การอัปโหลดทั้งหมดสิ้นสุดแล้ว เสร็จ {done} ไฟล์' },
  refusedTooLarge: (name, max) => `${name} ใหญ่กว่าขนาดที่อนุญาต (${max})`,
  refusedType: (name, accept) => `${name} ไม่ใช่ประเภทที่รับ (${accept})`,
  refusedMismatch: (name, expected) =>
    `${name} ไม่ใช่ไฟล์ที่ใช้เริ่มการอัปโหลดนี้ เลือก ${expected} (ไฟล์เดิมที่ไม่ถูกแก้ไข) เพื่อทำต่อ`,
  permissionNeeded: (name) => `อนุญาตให้อ่าน ${name} เพื่อทำต่อ หรือเลือกไฟล์`,
  fileChanged: (name) =>
    `${name} ถูกแก้ไขหลังเริ่มอัปโหลด จึงทำต่อจากไฟล์ที่เก็บไว้ไม่ได้ เลือกไฟล์ที่ไม่ถูกแก้ไข หรือยกเลิก`,
  workerStopped: (detail) =>
    `worker สำหรับอัปโหลดหยุดทำงาน${detail ? ` (${detail.replace(/\.$/, '')})` : ''} ลองอีกครั้งเพื่อทำต่อ`,
  workerMissing:
    'โหลด worker สำหรับอัปโหลด (upload.worker.js) ไม่ได้ ต้องวางไฟล์นี้ไว้ข้างแพ็กเกจ (ดู "Bundlers" ใน README ของ resumable-upload)',
  workerCrossOrigin:
    'worker สำหรับอัปโหลด (upload.worker.js) อยู่คนละ origin กับหน้านี้ และเบราว์เซอร์จะเริ่ม worker จาก origin ของหน้าเท่านั้น คัดลอกไฟล์มาไว้ในเว็บไซต์นี้แล้วตั้งค่า worker-url (ดู "Bundlers" ใน README ของ resumable-upload)',
  formBusy: 'รอจนกว่าการอัปโหลดจะเสร็จ',
  formRequired: 'โปรดอัปโหลดไฟล์',
  timeLeft: (duration) => `เหลืออีก ${duration}`,
} satisfies LanguageTable<'other'>;

export default thai;

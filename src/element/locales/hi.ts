import type { LanguageTable, UploadStrings } from '../strings.js';

/** Hindi (`hi`). `one` is 0 and 1. */
const hindi: UploadStrings = {
  chooseFiles: 'फ़ाइलें चुनें',
  chooseFolder: 'फ़ोल्डर चुनें',
  refusedPath: (path) =>
    `${path} अपलोड नहीं हो सकता: ".." , पूर्ण (absolute) भाग या नियंत्रण वर्णों वाला पथ अनुमत नहीं है।`,
  dropHint: 'या उन्हें यहाँ छोड़ें या चिपकाएँ',
  dropHere: 'अपलोड करने के लिए फ़ाइलें छोड़ें',
  limits: (accept, maxSize) =>
    [maxSize && `हर फ़ाइल अधिकतम ${maxSize}`, accept && `स्वीकार्य: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'अपलोड',
  startAll: 'अपलोड करें',
  pauseAll: 'सभी रोकें',
  resumeAll: 'सभी फिर शुरू करें',
  retryFailed: 'विफल अपलोड फिर आज़माएँ',
  cancelAll: 'सभी रद्द करें',
  clearFinished: 'पूरे हुए हटाएँ',
  summary: {
    one: '{files} फ़ाइल में से {done} पूरी हुई',
    other: '{files} फ़ाइलों में से {done} पूरी हुईं',
  },
  summaryFailed: { one: '{failed} विफल', other: '{failed} विफल' },
  separator: ', ',
  totalProgressLabel: 'कुल अपलोड प्रगति',
  pause: 'रोकें',
  resume: 'फिर शुरू करें',
  cancel: 'रद्द करें',
  retry: 'फिर आज़माएँ',
  remove: 'हटाएँ',
  pickAgain: 'फ़ाइल चुनें',
  continueInBackground: 'बैकग्राउंड में जारी रखें',
  actionLabel: (action, name) => `${action}: ${name}`,
  progressLabel: (name) => `${name} की अपलोड प्रगति`,
  bytesOf: (sent, total) => `${total} में से ${sent}`,
  statusQueued: 'प्रतीक्षा में',
  statusUploading: 'अपलोड हो रहा है',
  statusPaused: 'रुका हुआ',
  statusDone: 'पूरा हुआ',
  statusError: 'विफल',
  statusRestored: 'बाधित',
  statusElsewhere: (status) => `${status} (दूसरे टैब में)`,
  elsewhereHint: 'कोई दूसरा टैब यह फ़ाइल भेज रहा है। वह टैब बंद होने पर यह टैब काम जारी रखेगा।',
  restoredHint: 'जहाँ रुका था वहीं से जारी रखने के लिए वही फ़ाइल फिर से चुनें।',
  restoredKeptHint: '"फिर शुरू करें" फ़ाइल दोबारा चुने बिना वहीं से जारी रखता है जहाँ रुका था।',
  notPersistent: 'यह ब्राउज़र अपलोड की प्रगति सहेज नहीं सकता: पेज रीलोड होने पर अपलोड शुरू से होगा।',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'स्टोरेज इतना भरा है कि इस फ़ाइल की कॉपी नहीं रखी जा सकती: रीलोड के बाद जारी रखने के लिए इसे फिर से चुनें।'
      : 'यह ब्राउज़र यहाँ फ़ाइल की कॉपी नहीं रखता (प्राइवेट विंडो भी नहीं रखती): रीलोड के बाद जारी रखने के लिए इसे फिर से चुनें।',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'स्टोरेज इतना भरा था कि इस फ़ाइल की कॉपी नहीं रखी जा सकी: जहाँ रुका था वहीं से जारी रखने के लिए वही फ़ाइल फिर से चुनें।'
      : 'यह ब्राउज़र फ़ाइल की कॉपी नहीं रख सका (प्राइवेट विंडो नहीं रख सकती): जहाँ रुका था वहीं से जारी रखने के लिए वही फ़ाइल फिर से चुनें।',
  resultLabel: 'सर्वर का जवाब:',
  retrying: (message) => `${message} फिर से कोशिश हो रही है…`,
  error: (code, message) =>
    ({
      network: 'सर्वर से कनेक्शन टूट गया।',
      auth: 'सर्वर ने एक्सेस देने से मना कर दिया।',
      'retries-exhausted': 'कई कोशिशों के बाद भी अपलोड विफल रहा।',
      'session-gone': 'सर्वर के पास अब यह अपलोड नहीं है।',
      'file-too-large': 'यह फ़ाइल सर्वर के लिए बहुत बड़ी है।',
      protocol: 'सर्वर ने अनपेक्षित जवाब दिया।',
      internal: 'एक अनपेक्षित गड़बड़ी हुई।',
    })[code] ?? message,
  announceAdded: { one: '{count} फ़ाइल जोड़ी गई', other: '{count} फ़ाइलें जोड़ी गईं' },
  announceStart: (name) => `${name} अपलोड हो रही है`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} अपलोड हो गई`,
  announceError: (name, message) => `${name} विफल: ${message}`,
  announcePaused: (name) => `${name} रोकी गई`,
  announceResumed: (name) => `${name} फिर शुरू हुई`,
  announceCancelled: (name) => `${name} रद्द की गई`,
  announceQueueComplete: {
    one: 'सभी अपलोड समाप्त: {done} पूरी हुई',
    other: 'सभी अपलोड समाप्त: {done} पूरी हुईं',
  },
  refusedTooLarge: (name, max) => `${name} अनुमत ${max} से बड़ी है।`,
  refusedType: (name, accept) => `${name} स्वीकार्य प्रकार की नहीं है (${accept})।`,
  refusedMismatch: (name, expected) =>
    `${name} वह फ़ाइल नहीं है जिससे यह अपलोड शुरू हुआ था। जारी रखने के लिए ${expected} चुनें (वही फ़ाइल, बिना बदलाव के)।`,
  permissionNeeded: (name) => `जारी रखने के लिए ${name} पढ़ने की अनुमति दें, या फ़ाइल चुनें।`,
  fileChanged: (name) =>
    `अपलोड शुरू होने के बाद ${name} बदल गई है, इसलिए रखी गई फ़ाइल से जारी नहीं रखा जा सकता। बिना बदली फ़ाइल चुनें या रद्द करें।`,
  workerStopped: (detail) =>
    `अपलोड वर्कर रुक गया${detail ? `: ${detail.replace(/\.$/, '')}` : ''}। जारी रखने के लिए फिर आज़माएँ।`,
  workerMissing:
    'अपलोड वर्कर (upload.worker.js) लोड नहीं हो सका। उसकी फ़ाइल पैकेज के साथ ही परोसी जानी चाहिए (resumable-upload की README में "Bundlers" देखें)।',
  workerCrossOrigin:
    'अपलोड वर्कर (upload.worker.js) इस पेज से अलग ऑरिजिन पर है, और ब्राउज़र वर्कर सिर्फ़ पेज के अपने ऑरिजिन से चलाते हैं। इसे इस साइट पर कॉपी करें और worker-url सेट करें (resumable-upload की README में "Bundlers" देखें)।',
  formBusy: 'अपलोड पूरे होने तक रुकें।',
  formRequired: 'कोई फ़ाइल अपलोड करें।',
  timeLeft: (duration) => `${duration} बाकी`,
} satisfies LanguageTable<'one' | 'other'>;

export default hindi;

import type { LanguageTable, UploadStrings } from '../strings.js';

/** Greek (`el`). */
const greek: UploadStrings = {
  chooseFiles: 'Επιλογή αρχείων',
  chooseFolder: 'Επιλογή φακέλου',
  refusedPath: (path) =>
    `Το ${path} δεν μπορεί να μεταφορτωθεί: δεν επιτρέπεται διαδρομή με "..", απόλυτο τμήμα ή χαρακτήρες ελέγχου.`,
  dropHint: 'ή αποθέστε ή επικολλήστε τα εδώ',
  dropHere: 'Αποθέστε τα αρχεία για μεταφόρτωση',
  limits: (accept, maxSize) =>
    [maxSize && `Έως ${maxSize} το καθένα`, accept && `Αποδεκτά: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Μεταφορτώσεις',
  startAll: 'Μεταφόρτωση',
  pauseAll: 'Παύση όλων',
  resumeAll: 'Συνέχιση όλων',
  retryFailed: 'Επανάληψη αποτυχημένων',
  cancelAll: 'Ακύρωση όλων',
  clearFinished: 'Απαλοιφή ολοκληρωμένων',
  summary: {
    one: '{done} από {files} αρχείο ολοκληρώθηκε',
    other: '{done} από {files} αρχεία ολοκληρώθηκαν',
  },
  summaryFailed: { one: '{failed} απέτυχε', other: '{failed} απέτυχαν' },
  separator: ', ',
  totalProgressLabel: 'Συνολική πρόοδος μεταφόρτωσης',
  pause: 'Παύση',
  resume: 'Συνέχιση',
  cancel: 'Ακύρωση',
  retry: 'Επανάληψη',
  remove: 'Αφαίρεση',
  pickAgain: 'Επιλογή αρχείου',
  continueInBackground: 'Συνέχιση στο παρασκήνιο',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Πρόοδος μεταφόρτωσης του ${name}`,
  bytesOf: (sent, total) => `${sent} από ${total}`,
  statusQueued: 'Σε αναμονή',
  statusUploading: 'Μεταφόρτωση',
  statusPaused: 'Σε παύση',
  statusDone: 'Ολοκληρώθηκε',
  statusError: 'Απέτυχε',
  statusRestored: 'Διακόπηκε',
  statusElsewhere: (status) => `${status} σε άλλη καρτέλα`,
  elsewhereHint:
    'Άλλη καρτέλα στέλνει αυτό το αρχείο. Αυτή η καρτέλα θα συνεχίσει αν κλείσει εκείνη.',
  restoredHint: 'Επιλέξτε ξανά το ίδιο αρχείο για να συνεχίσετε από εκεί που σταμάτησε.',
  restoredKeptHint: 'Η συνέχιση ξεκινά από εκεί που σταμάτησε, χωρίς να επιλέξετε ξανά το αρχείο.',
  notPersistent:
    'Αυτό το πρόγραμμα περιήγησης δεν μπορεί να αποθηκεύσει την πρόοδο: μετά από ανανέωση η μεταφόρτωση θα ξεκινήσει από την αρχή.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Ο χώρος αποθήκευσης είναι πολύ γεμάτος για να κρατηθεί αντίγραφο του αρχείου: μετά από ανανέωση, επιλέξτε το ξανά για να συνεχίσετε.'
      : 'Αυτό το πρόγραμμα περιήγησης δεν κρατά εδώ αντίγραφο του αρχείου (ένα ιδιωτικό παράθυρο δεν το κάνει): μετά από ανανέωση, επιλέξτε το ξανά για να συνεχίσετε.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Ο χώρος αποθήκευσης ήταν πολύ γεμάτος για να κρατηθεί αντίγραφο του αρχείου: επιλέξτε ξανά το ίδιο αρχείο για να συνεχίσετε από εκεί που σταμάτησε.'
      : 'Αυτό το πρόγραμμα περιήγησης δεν μπόρεσε να κρατήσει αντίγραφο του αρχείου (ένα ιδιωτικό παράθυρο δεν μπορεί): επιλέξτε ξανά το ίδιο αρχείο για να συνεχίσετε από εκεί που σταμάτησε.',
  resultLabel: 'Απάντηση διακομιστή:',
  retrying: (message) => `${message} Νέα προσπάθεια…`,
  error: (code, message) =>
    ({
      network: 'Η σύνδεση με τον διακομιστή χάθηκε.',
      auth: 'Ο διακομιστής αρνήθηκε την πρόσβαση.',
      'retries-exhausted': 'Η μεταφόρτωση απέτυχε μετά από πολλές προσπάθειες.',
      'session-gone': 'Ο διακομιστής δεν έχει πλέον αυτή τη μεταφόρτωση.',
      'file-too-large': 'Το αρχείο είναι πολύ μεγάλο για τον διακομιστή.',
      protocol: 'Ο διακομιστής έδωσε μια απρόσμενη απάντηση.',
      internal: 'Παρουσιάστηκε ένα απρόσμενο σφάλμα.',
    })[code] ?? message,
  announceAdded: { one: '{count} αρχείο προστέθηκε', other: '{count} αρχεία προστέθηκαν' },
  announceStart: (name) => `Μεταφόρτωση του ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `Το ${name} μεταφορτώθηκε`,
  announceError: (name, message) => `Το ${name} απέτυχε: ${message}`,
  announcePaused: (name) => `Το ${name} τέθηκε σε παύση`,
  announceResumed: (name) => `Το ${name} συνεχίζεται`,
  announceCancelled: (name) => `Το ${name} ακυρώθηκε`,
  announceQueueComplete: {
    one: 'Όλες οι μεταφορτώσεις τελείωσαν: {done} ολοκληρώθηκε',
    other: 'Όλες οι μεταφορτώσεις τελείωσαν: {done} ολοκληρώθηκαν',
  },
  refusedTooLarge: (name, max) => `Το ${name} υπερβαίνει το επιτρεπόμενο όριο των ${max}.`,
  refusedType: (name, accept) => `Το ${name} δεν είναι αποδεκτού τύπου (${accept}).`,
  refusedMismatch: (name, expected) =>
    `Το ${name} δεν είναι το αρχείο με το οποίο ξεκίνησε αυτή η μεταφόρτωση. Επιλέξτε το ${expected} (το ίδιο αρχείο, αμετάβλητο) για να συνεχίσετε.`,
  permissionNeeded: (name) =>
    `Επιτρέψτε την ανάγνωση του ${name} για να συνεχιστεί ή επιλέξτε το αρχείο.`,
  fileChanged: (name) =>
    `Το ${name} έχει αλλάξει από την έναρξη της μεταφόρτωσης, οπότε δεν μπορεί να συνεχιστεί από το αποθηκευμένο αρχείο. Επιλέξτε το αμετάβλητο αρχείο ή ακυρώστε.`,
  workerStopped: (detail) =>
    `Ο worker μεταφόρτωσης σταμάτησε${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Δοκιμάστε ξανά για να συνεχίσετε.`,
  workerMissing:
    'Δεν ήταν δυνατή η φόρτωση του worker μεταφόρτωσης (upload.worker.js). Το αρχείο του πρέπει να σερβίρεται δίπλα στο πακέτο (δείτε «Bundlers» στο README του resumable-upload).',
  workerCrossOrigin:
    'Ο worker μεταφόρτωσης (upload.worker.js) βρίσκεται σε άλλη προέλευση από αυτή τη σελίδα, και τα προγράμματα περιήγησης ξεκινούν workers μόνο από τη δική της. Αντιγράψτε τον σε αυτόν τον ιστότοπο και ορίστε το worker-url (δείτε «Bundlers» στο README του resumable-upload).',
  formBusy: 'Περιμένετε να ολοκληρωθούν οι μεταφορτώσεις.',
  formRequired: 'Μεταφορτώστε ένα αρχείο.',
  timeLeft: (duration) => `απομένουν ${duration}`,
} satisfies LanguageTable<'one' | 'other'>;

export default greek;

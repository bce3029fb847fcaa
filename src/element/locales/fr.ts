import type { LanguageTable, UploadStrings } from '../strings.js';

/** French (`fr`). `\u00a0` is the no-break space French sets before `:` and inside « ». */
const french: UploadStrings = {
  chooseFiles: 'Choisir des fichiers',
  chooseFolder: 'Choisir un dossier',
  refusedPath: (path) =>
    `${path} ne peut pas être envoyé : un chemin avec « .. », une partie absolue ou des caractères de contrôle n’est pas autorisé.`,
  dropHint: 'ou déposez-les ou collez-les ici',
  dropHere: 'Déposez les fichiers à envoyer',
  limits: (accept, maxSize) =>
    [maxSize && `Jusqu’à ${maxSize} par fichier`, accept && `Acceptés\u00a0: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Envois',
  startAll: 'Envoyer',
  pauseAll: 'Tout mettre en pause',
  resumeAll: 'Tout reprendre',
  retryFailed: 'Relancer les échecs',
  cancelAll: 'Tout annuler',
  clearFinished: 'Effacer les terminés',
  summary: {
    one: '{done} sur {files} fichier terminé',
    many: '{done} sur {files} de fichiers terminés',
    other: '{done} sur {files} fichiers terminés',
  },
  summaryFailed: {
    one: '{failed} en échec',
    many: '{failed} en échec',
    other: '{failed} en échec',
  },
  separator: ', ',
  totalProgressLabel: 'Progression totale de l’envoi',
  pause: 'Pause',
  resume: 'Reprendre',
  cancel: 'Annuler',
  retry: 'Réessayer',
  remove: 'Retirer',
  pickAgain: 'Choisir le fichier',
  continueInBackground: 'Continuer en arrière-plan',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Progression de l’envoi de ${name}`,
  bytesOf: (sent, total) => `${sent} sur ${total}`,
  statusQueued: 'En attente',
  statusUploading: 'Envoi en cours',
  statusPaused: 'En pause',
  statusDone: 'Terminé',
  statusError: 'Échec',
  statusRestored: 'Interrompu',
  statusElsewhere: (status) => `${status} dans un autre onglet`,
  elsewhereHint: 'Un autre onglet envoie ce fichier. Cet onglet prendra le relais s’il est fermé.',
  restoredHint: 'Choisissez à nouveau le même fichier pour reprendre là où l’envoi s’est arrêté.',
  restoredKeptHint:
    'Reprendre continue là où l’envoi s’est arrêté, sans choisir à nouveau le fichier.',
  notPersistent:
    'Ce navigateur ne peut pas conserver la progression\u00a0: un rechargement repartira de zéro.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'Le stockage est trop plein pour garder une copie de ce fichier\u00a0: après un rechargement, choisissez-le à nouveau pour continuer.'
      : 'Ce navigateur ne garde pas de copie du fichier ici (une fenêtre privée non plus)\u00a0: après un rechargement, choisissez-le à nouveau pour continuer.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'Le stockage était trop plein pour garder une copie de ce fichier\u00a0: choisissez à nouveau le même fichier pour reprendre là où l’envoi s’est arrêté.'
      : 'Ce navigateur n’a pas pu garder de copie du fichier (une fenêtre privée ne le peut pas)\u00a0: choisissez à nouveau le même fichier pour reprendre là où l’envoi s’est arrêté.',
  resultLabel: 'Réponse du serveur\u00a0:',
  retrying: (message) => `${message} Nouvelle tentative…`,
  error: (code, message) =>
    ({
      network: 'La connexion au serveur a été perdue.',
      auth: 'Le serveur a refusé l’accès.',
      'retries-exhausted': 'L’envoi a échoué après plusieurs tentatives.',
      'session-gone': 'Le serveur ne connaît plus cet envoi.',
      'file-too-large': 'Le fichier est trop volumineux pour le serveur.',
      protocol: 'Le serveur a donné une réponse inattendue.',
      internal: 'Une erreur inattendue s’est produite.',
    })[code] ?? message,
  announceAdded: {
    one: '{count} fichier ajouté',
    many: '{count} de fichiers ajoutés',
    other: '{count} fichiers ajoutés',
  },
  announceStart: (name) => `Envoi de ${name}`,
  announceProgress: (name, percent) => `${name}\u00a0: ${percent}`,
  announceDone: (name) => `${name} envoyé`,
  announceError: (name, message) => `Échec de ${name}\u00a0: ${message}`,
  announcePaused: (name) => `${name} en pause`,
  announceResumed: (name) => `${name} repris`,
  announceCancelled: (name) => `${name} annulé`,
  announceQueueComplete: {
    one: 'Tous les envois sont finis\u00a0: {done} réussi',
    many: 'Tous les envois sont finis\u00a0: {done} réussis',
    other: 'Tous les envois sont finis\u00a0: {done} réussis',
  },
  refusedTooLarge: (name, max) => `${name} dépasse la taille maximale de ${max}.`,
  refusedType: (name, accept) => `${name} n’est pas d’un type accepté (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} n’est pas le fichier de départ de cet envoi. Choisissez ${expected} (le même fichier, inchangé) pour reprendre.`,
  permissionNeeded: (name) =>
    `Autorisez la lecture de ${name} pour le reprendre, ou choisissez le fichier.`,
  fileChanged: (name) =>
    `${name} a changé depuis le début de l’envoi\u00a0: impossible de continuer avec le fichier conservé. Choisissez le fichier inchangé, ou annulez.`,
  workerStopped: (detail) =>
    `Le worker d’envoi s’est arrêté${detail ? `\u00a0: ${detail.replace(/\.$/, '')}` : ''}. Réessayez pour continuer.`,
  workerMissing:
    'Le worker d’envoi (upload.worker.js) n’a pas pu être chargé. Son fichier doit être servi à côté du paquet (voir «\u00a0Bundlers\u00a0» dans le README de resumable-upload).',
  workerCrossOrigin:
    'Le worker d’envoi (upload.worker.js) est sur une autre origine que cette page, et les navigateurs ne lancent de workers que depuis la leur. Copiez-le sur ce site et définissez worker-url (voir «\u00a0Bundlers\u00a0» dans le README de resumable-upload).',
  formBusy: 'Attendez la fin des envois.',
  formRequired: 'Envoyez un fichier.',
  timeLeft: (duration) => `encore ${duration}`,
} satisfies LanguageTable<'one' | 'many' | 'other'>;

export default french;

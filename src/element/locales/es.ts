import type { LanguageTable, UploadStrings } from '../strings.js';

/** Spanish (`es`). */
const spanish: UploadStrings = {
  chooseFiles: 'Elegir archivos',
  chooseFolder: 'Elegir una carpeta',
  refusedPath: (path) =>
    `${path} no se puede subir: no se permite una ruta con "..", una parte absoluta o caracteres de control.`,
  dropHint: 'o suéltalos o pégalos aquí',
  dropHere: 'Suelta los archivos para subirlos',
  limits: (accept, maxSize) =>
    [maxSize && `Hasta ${maxSize} por archivo`, accept && `Se aceptan: ${accept}`]
      .filter(Boolean)
      .join(' · '),
  listLabel: 'Subidas',
  startAll: 'Subir',
  pauseAll: 'Pausar todo',
  resumeAll: 'Reanudar todo',
  retryFailed: 'Reintentar fallidos',
  cancelAll: 'Cancelar todo',
  clearFinished: 'Quitar terminados',
  summary: {
    one: '{done} de {files} archivo completado',
    many: '{done} de {files} de archivos completados',
    other: '{done} de {files} archivos completados',
  },
  summaryFailed: { one: '{failed} fallido', many: '{failed} fallidos', other: '{failed} fallidos' },
  separator: ', ',
  totalProgressLabel: 'Progreso total de la subida',
  pause: 'Pausar',
  resume: 'Reanudar',
  cancel: 'Cancelar',
  retry: 'Reintentar',
  remove: 'Quitar',
  pickAgain: 'Elegir archivo',
  continueInBackground: 'Continuar en segundo plano',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Progreso de la subida de ${name}`,
  bytesOf: (sent, total) => `${sent} de ${total}`,
  statusQueued: 'En espera',
  statusUploading: 'Subiendo',
  statusPaused: 'En pausa',
  statusDone: 'Completado',
  statusError: 'Error',
  statusRestored: 'Interrumpido',
  statusElsewhere: (status) => `${status} en otra pestaña`,
  elsewhereHint:
    'Otra pestaña está enviando este archivo. Esta pestaña continuará si esa se cierra.',
  restoredHint: 'Vuelve a elegir el mismo archivo para continuar donde se detuvo.',
  restoredKeptHint: 'Reanudar continúa donde se detuvo, sin volver a elegir el archivo.',
  notPersistent: 'Este navegador no puede guardar el progreso: al recargar, empezará de nuevo.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'No hay espacio para guardar una copia de este archivo: después de recargar, vuelve a elegirlo para continuar.'
      : 'Este navegador no guarda aquí una copia del archivo (una ventana privada no lo hace): después de recargar, vuelve a elegirlo para continuar.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'No había espacio para guardar una copia de este archivo: vuelve a elegir el mismo archivo para continuar donde se detuvo.'
      : 'Este navegador no pudo guardar una copia del archivo (una ventana privada no puede): vuelve a elegir el mismo archivo para continuar donde se detuvo.',
  resultLabel: 'Respuesta del servidor:',
  retrying: (message) => `${message} Reintentando…`,
  error: (code, message) =>
    ({
      network: 'Se perdió la conexión con el servidor.',
      auth: 'El servidor denegó el acceso.',
      'retries-exhausted': 'La subida falló tras varios intentos.',
      'session-gone': 'El servidor ya no tiene esta subida.',
      'file-too-large': 'El archivo es demasiado grande para el servidor.',
      protocol: 'El servidor dio una respuesta inesperada.',
      internal: 'Se produjo un error inesperado.',
    })[code] ?? message,
  announceAdded: {
    one: '{count} archivo añadido',
    many: '{count} de archivos añadidos',
    other: '{count} archivos añadidos',
  },
  announceStart: (name) => `Subiendo ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} subido`,
  announceError: (name, message) => `${name} falló: ${message}`,
  announcePaused: (name) => `${name} en pausa`,
  announceResumed: (name) => `${name} reanudado`,
  announceCancelled: (name) => `${name} cancelado`,
  announceQueueComplete: {
    one: 'Todas las subidas terminaron: {done} completada',
    many: 'Todas las subidas terminaron: {done} completadas',
    other: 'Todas las subidas terminaron: {done} completadas',
  },
  refusedTooLarge: (name, max) => `${name} supera el máximo permitido de ${max}.`,
  refusedType: (name, accept) => `${name} no es de un tipo aceptado (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} no es el archivo con el que empezó esta subida. Elige ${expected} (el mismo archivo, sin cambios) para reanudar.`,
  permissionNeeded: (name) => `Permite leer ${name} para reanudarlo, o elige el archivo.`,
  fileChanged: (name) =>
    `${name} ha cambiado desde que empezó la subida, así que no puede continuar con el archivo guardado. Elige el archivo sin cambios o cancela.`,
  workerStopped: (detail) =>
    `El worker de subida se detuvo${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Reintenta para continuar.`,
  workerMissing:
    'No se pudo cargar el worker de subida (upload.worker.js). Su archivo debe servirse junto al paquete (consulta «Bundlers» en el README de resumable-upload).',
  workerCrossOrigin:
    'El worker de subida (upload.worker.js) está en un origen distinto al de esta página, y los navegadores solo inician workers desde el propio. Cópialo a este sitio y define worker-url (consulta «Bundlers» en el README de resumable-upload).',
  formBusy: 'Espera a que terminen las subidas.',
  formRequired: 'Sube un archivo.',
  timeLeft: (duration) => `quedan ${duration}`,
} satisfies LanguageTable<'one' | 'many' | 'other'>;

export default spanish;

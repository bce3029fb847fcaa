import type { LanguageTable, UploadStrings } from '../strings.js';

/** Portuguese as written in Portugal (`pt-PT`, and `pt-AO`, `pt-MZ`…). */
const europeanPortuguese: UploadStrings = {
  chooseFiles: 'Escolher ficheiros',
  chooseFolder: 'Escolher uma pasta',
  refusedPath: (path) =>
    `${path} não pode ser carregado: um caminho com "..", uma parte absoluta ou caracteres de controlo não é permitido.`,
  dropHint: 'ou arraste-os ou cole-os aqui',
  dropHere: 'Largue os ficheiros para carregar',
  limits: (accept, maxSize) =>
    [maxSize && `Até ${maxSize} cada`, accept && `Aceites: ${accept}`].filter(Boolean).join(' · '),
  listLabel: 'Carregamentos',
  startAll: 'Carregar',
  pauseAll: 'Pausar tudo',
  resumeAll: 'Retomar tudo',
  retryFailed: 'Repetir os falhados',
  cancelAll: 'Cancelar tudo',
  clearFinished: 'Limpar concluídos',
  summary: {
    one: '{done} de {files} ficheiro concluído',
    many: '{done} de {files} de ficheiros concluídos',
    other: '{done} de {files} ficheiros concluídos',
  },
  summaryFailed: {
    one: '{failed} com falha',
    many: '{failed} com falha',
    other: '{failed} com falha',
  },
  separator: ', ',
  totalProgressLabel: 'Progresso total do carregamento',
  pause: 'Pausar',
  resume: 'Retomar',
  cancel: 'Cancelar',
  retry: 'Repetir',
  remove: 'Remover',
  pickAgain: 'Escolher ficheiro',
  continueInBackground: 'Continuar em segundo plano',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Progresso do carregamento de ${name}`,
  bytesOf: (sent, total) => `${sent} de ${total}`,
  statusQueued: 'A aguardar',
  statusUploading: 'A carregar',
  statusPaused: 'Em pausa',
  statusDone: 'Concluído',
  statusError: 'Falhou',
  statusRestored: 'Interrompido',
  statusElsewhere: (status) => `${status} noutro separador`,
  elsewhereHint:
    'Outro separador está a enviar este ficheiro. Este separador continua se esse for fechado.',
  restoredHint: 'Escolha novamente o mesmo ficheiro para continuar onde parou.',
  restoredKeptHint: 'Retomar continua onde parou, sem escolher novamente o ficheiro.',
  notPersistent:
    'Este navegador não consegue guardar o progresso: ao recarregar, o carregamento recomeça do início.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'O armazenamento está demasiado cheio para guardar uma cópia deste ficheiro: depois de recarregar, escolha-o novamente para continuar.'
      : 'Este navegador não guarda aqui uma cópia do ficheiro (uma janela privada não guarda): depois de recarregar, escolha-o novamente para continuar.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'O armazenamento estava demasiado cheio para guardar uma cópia deste ficheiro: escolha novamente o mesmo ficheiro para continuar onde parou.'
      : 'Este navegador não conseguiu guardar uma cópia do ficheiro (uma janela privada não consegue): escolha novamente o mesmo ficheiro para continuar onde parou.',
  resultLabel: 'Resposta do servidor:',
  retrying: (message) => `${message} A tentar novamente…`,
  error: (code, message) =>
    ({
      network: 'Perdeu-se a ligação ao servidor.',
      auth: 'O servidor recusou o acesso.',
      'retries-exhausted': 'O carregamento falhou após várias tentativas.',
      'session-gone': 'O servidor já não tem este carregamento.',
      'file-too-large': 'O ficheiro é demasiado grande para o servidor.',
      protocol: 'O servidor deu uma resposta inesperada.',
      internal: 'Ocorreu um erro inesperado.',
    })[code] ?? message,
  announceAdded: {
    one: '{count} ficheiro adicionado',
    many: '{count} de ficheiros adicionados',
    other: '{count} ficheiros adicionados',
  },
  announceStart: (name) => `A carregar ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} carregado`,
  announceError: (name, message) => `Falha ao carregar ${name}: ${message}`,
  announcePaused: (name) => `${name} em pausa`,
  announceResumed: (name) => `${name} retomado`,
  announceCancelled: (name) => `${name} cancelado`,
  announceQueueComplete: {
    one: 'Todos os carregamentos terminaram: {done} concluído',
    many: 'Todos os carregamentos terminaram: {done} concluídos',
    other: 'Todos os carregamentos terminaram: {done} concluídos',
  },
  refusedTooLarge: (name, max) => `${name} excede o limite de ${max}.`,
  refusedType: (name, accept) => `${name} não é de um tipo aceite (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} não é o ficheiro com que este carregamento começou. Escolha ${expected} (o mesmo ficheiro, sem alterações) para retomar.`,
  permissionNeeded: (name) => `Permita a leitura de ${name} para o retomar, ou escolha o ficheiro.`,
  fileChanged: (name) =>
    `${name} foi alterado desde o início do carregamento, pelo que não pode continuar a partir do ficheiro guardado. Escolha o ficheiro inalterado ou cancele.`,
  workerStopped: (detail) =>
    `O worker de carregamento parou${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Repita para continuar.`,
  workerMissing:
    'Não foi possível carregar o worker de carregamento (upload.worker.js). O seu ficheiro tem de ser servido junto ao pacote (consulte "Bundlers" no README do resumable-upload).',
  workerCrossOrigin:
    'O worker de carregamento (upload.worker.js) está numa origem diferente desta página, e os navegadores só iniciam workers a partir da própria. Copie-o para este site e defina worker-url (consulte "Bundlers" no README do resumable-upload).',
  formBusy: 'Aguarde que os carregamentos terminem.',
  formRequired: 'Carregue um ficheiro.',
  timeLeft: (duration) => `faltam ${duration}`,
} satisfies LanguageTable<'one' | 'many' | 'other'>;

export default europeanPortuguese;

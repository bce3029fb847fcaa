import type { LanguageTable, UploadStrings } from '../strings.js';

/** Portuguese as written in Brazil (`pt-BR`, and `pt` alone). */
const brazilianPortuguese: UploadStrings = {
  chooseFiles: 'Escolher arquivos',
  chooseFolder: 'Escolher uma pasta',
  refusedPath: (path) =>
    `${path} não pode ser enviado: um caminho com "..", uma parte absoluta ou caracteres de controle não é permitido.`,
  dropHint: 'ou arraste ou cole aqui',
  dropHere: 'Solte os arquivos para enviar',
  limits: (accept, maxSize) =>
    [maxSize && `Até ${maxSize} cada`, accept && `Aceitos: ${accept}`].filter(Boolean).join(' · '),
  listLabel: 'Envios',
  startAll: 'Enviar',
  pauseAll: 'Pausar tudo',
  resumeAll: 'Retomar tudo',
  retryFailed: 'Tentar de novo os que falharam',
  cancelAll: 'Cancelar tudo',
  clearFinished: 'Limpar concluídos',
  summary: {
    one: '{done} de {files} arquivo concluído',
    many: '{done} de {files} de arquivos concluídos',
    other: '{done} de {files} arquivos concluídos',
  },
  summaryFailed: {
    one: '{failed} com falha',
    many: '{failed} com falha',
    other: '{failed} com falha',
  },
  separator: ', ',
  totalProgressLabel: 'Progresso total do envio',
  pause: 'Pausar',
  resume: 'Retomar',
  cancel: 'Cancelar',
  retry: 'Tentar de novo',
  remove: 'Remover',
  pickAgain: 'Escolher arquivo',
  continueInBackground: 'Continuar em segundo plano',
  actionLabel: (action, name) => `${action} ${name}`,
  progressLabel: (name) => `Progresso do envio de ${name}`,
  bytesOf: (sent, total) => `${sent} de ${total}`,
  statusQueued: 'Aguardando',
  statusUploading: 'Enviando',
  statusPaused: 'Pausado',
  statusDone: 'Concluído',
  statusError: 'Falhou',
  statusRestored: 'Interrompido',
  statusElsewhere: (status) => `${status} em outra aba`,
  elsewhereHint: 'Outra aba está enviando este arquivo. Esta aba continua se aquela for fechada.',
  restoredHint: 'Escolha o mesmo arquivo de novo para continuar de onde parou.',
  restoredKeptHint: 'Retomar continua de onde parou, sem escolher o arquivo de novo.',
  notPersistent:
    'Este navegador não consegue guardar o progresso: ao recarregar, o envio recomeça do zero.',
  notKept: (reason) =>
    reason === 'no-room'
      ? 'O armazenamento está cheio demais para guardar uma cópia deste arquivo: depois de recarregar, escolha-o de novo para continuar.'
      : 'Este navegador não guarda uma cópia do arquivo aqui (uma janela anônima não guarda): depois de recarregar, escolha-o de novo para continuar.',
  restoredNotKept: (reason) =>
    reason === 'no-room'
      ? 'O armazenamento estava cheio demais para guardar uma cópia deste arquivo: escolha o mesmo arquivo de novo para continuar de onde parou.'
      : 'Este navegador não conseguiu guardar uma cópia do arquivo (uma janela anônima não consegue): escolha o mesmo arquivo de novo para continuar de onde parou.',
  resultLabel: 'Resposta do servidor:',
  retrying: (message) => `${message} Tentando de novo…`,
  error: (code, message) =>
    ({
      network: 'A conexão com o servidor foi perdida.',
      auth: 'O servidor negou o acesso.',
      'retries-exhausted': 'O envio falhou após várias tentativas.',
      'session-gone': 'O servidor não tem mais este envio.',
      'file-too-large': 'O arquivo é grande demais para o servidor.',
      protocol: 'O servidor deu uma resposta inesperada.',
      internal: 'Ocorreu um erro inesperado.',
    })[code] ?? message,
  announceAdded: {
    one: '{count} arquivo adicionado',
    many: '{count} de arquivos adicionados',
    other: '{count} arquivos adicionados',
  },
  announceStart: (name) => `Enviando ${name}`,
  announceProgress: (name, percent) => `${name}: ${percent}`,
  announceDone: (name) => `${name} enviado`,
  announceError: (name, message) => `Falha ao enviar ${name}: ${message}`,
  announcePaused: (name) => `${name} pausado`,
  announceResumed: (name) => `${name} retomado`,
  announceCancelled: (name) => `${name} cancelado`,
  announceQueueComplete: {
    one: 'Todos os envios terminaram: {done} concluído',
    many: 'Todos os envios terminaram: {done} concluídos',
    other: 'Todos os envios terminaram: {done} concluídos',
  },
  refusedTooLarge: (name, max) => `${name} é maior que o limite de ${max}.`,
  refusedType: (name, accept) => `${name} não é de um tipo aceito (${accept}).`,
  refusedMismatch: (name, expected) =>
    `${name} não é o arquivo com que este envio começou. Escolha ${expected} (o mesmo arquivo, sem alterações) para retomar.`,
  permissionNeeded: (name) => `Permita a leitura de ${name} para retomá-lo, ou escolha o arquivo.`,
  fileChanged: (name) =>
    `${name} mudou desde o início do envio, então não dá para continuar com o arquivo guardado. Escolha o arquivo sem alterações ou cancele.`,
  workerStopped: (detail) =>
    `O worker de envio parou${detail ? `: ${detail.replace(/\.$/, '')}` : ''}. Tente de novo para continuar.`,
  workerMissing:
    'Não foi possível carregar o worker de envio (upload.worker.js). O arquivo dele deve ser servido junto ao pacote (veja "Bundlers" no README do resumable-upload).',
  workerCrossOrigin:
    'O worker de envio (upload.worker.js) está em uma origem diferente da desta página, e os navegadores só iniciam workers da própria origem. Copie-o para este site e defina worker-url (veja "Bundlers" no README do resumable-upload).',
  formBusy: 'Aguarde o fim dos envios.',
  formRequired: 'Envie um arquivo.',
  timeLeft: (duration) => `faltam ${duration}`,
} satisfies LanguageTable<'one' | 'many' | 'other'>;

export default brazilianPortuguese;

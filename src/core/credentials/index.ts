// The credentials core: what the VS Code import, `aio-requests inspect` and `aio-requests token` share.
export * from './profile';
export { readConfigZip, isZipNoise, ZIP_LIMITS, type ConfigZipContents, type ZipFileEntry } from './config-zip';
export {
  analyzePrivateKey,
  loadPrivateKey,
  normalizePem,
  extractPemBlock,
  looksLikePrivateKey,
  MIN_RSA_BITS,
  type PrivateKeyAnalysis,
  type PrivateKeyFormat,
} from './private-key';
export {
  analyzeCertificate,
  certificateMatchesKey,
  certificateStatus,
  looksLikeCertificate,
  CERTIFICATE_WARNING_DAYS,
  type CertificateAnalysis,
} from './certificate';
export { readWorkspaceJson, looksLikeJson, type WorkspaceJson, type WorkspaceCredential } from './workspace-json';
export {
  analyzeFiles,
  draftFromAnalysis,
  MAX_INPUT_FILE_BYTES,
  type InputFile,
  type AnalyzeOptions,
  type AnalyzedFile,
  type ImportAnalysis,
  type ImportNeed,
  type ImportProblem,
  type FileKind,
  type DraftDefaults,
} from './analyze-files';
export {
  validateProfile,
  profileProblems,
  validateProfileName,
  validateClientId,
  validateOrgId,
  validateTechnicalAccountId,
  validateTechnicalAccountEmail,
  validateSandbox,
  validateScopeList,
  validateImsHost,
  validateClientSecret,
  parseScopeList,
  type ProfileDraft,
} from './profile-validation';
export { ProfileService, MemoryProfileRepository, requiredSecretKinds, type ProfileSecrets } from './profile-service';

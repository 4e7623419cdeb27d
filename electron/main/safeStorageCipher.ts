import { safeStorage } from 'electron';
import { keychainProblem, type SecretCipher } from '../core/secrets/secretVault';

const problem = () =>
  keychainProblem(process.platform, safeStorage.isEncryptionAvailable(), process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined);

/** The OS keychain (Keychain, DPAPI, libsecret/kwallet) through Electron's safeStorage; never Linux's basic_text. */
export const safeStorageCipher: SecretCipher = {
  isAvailable: () => problem() === null,
  unavailableReason: problem,
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};

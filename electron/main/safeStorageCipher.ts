import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/secrets/secretVault';

/** The OS keychain (Keychain, DPAPI, libsecret/kwallet) through Electron's safeStorage. */
export const safeStorageCipher: SecretCipher = {
  isAvailable: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};

/** ccbulk as a library: the Contact Center client and the local emulator. */
export * from './zoom/index.js';
export { CcbulkError, type CcbulkErrorCode } from './errors.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/server.js';

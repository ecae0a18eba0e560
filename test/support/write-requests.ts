import type { RunningEmulator } from '../../src/emulator/server.js';
import { operationTable } from '../../src/zoom/generated/operations.js';

/** Requests the emulator has answered so far that could change something: every method but GET. */
export function writeRequests(emulator: RunningEmulator): number {
  return Object.entries(emulator.stats().byOperation).reduce((n, [op, count]) => {
    const method = (operationTable as Record<string, { method: string } | undefined>)[op]?.method;
    return method === undefined || method === 'GET' ? n : n + count;
  }, 0);
}

/** ccbulk as a library: each CLI job as a function (importAddressBook …), the Contact Center client, and the local emulator. */
export * from './zoom/index.js';
export { CcbulkError, type CcbulkErrorCode } from './errors.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/server.js';
export {
  importAddressBook,
  importCampaignContacts,
  importDnc,
  resumeImport,
  undoImport,
  exportAddressBook,
  exportCampaignContacts,
  exportDnc,
  type ImportOptions,
  type ExportOptions,
  type JobConnection,
  type ImportSummary,
  type UndoSummary,
  type UndoPlanCounts,
  type ExportSummary,
  type ImportProgress,
  type AddressBookMode,
  type CampaignMode,
  type DncMode,
} from './library.js';
export {
  exportResource,
  exportCatalogueResource,
  type ResourceExportOptions,
  type ResourceExportSummary,
} from './pipelines/export-resource.js';
export { catalogue, findResource, type CatalogueEntry } from './zoom/resource-catalogue.js';
export { listResource, type ResourceListing } from './zoom/list-resource.js';

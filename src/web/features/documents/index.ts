// The documents feature's public face: a client's documents on the staff side (the panel), the
// list-and-upload view the portal reuses, and the upload request with its checks.
export { ClientDocumentsPanel } from './components/ClientDocumentsPanel.js';
export { DocumentsView, type Upload } from './components/DocumentsView.js';
export { CancelUpload, UploadStatus, useUploadRun, type UploadState } from './components/UploadRun.js';
export { checkFile, formatBytes, uploadDocument } from './api/upload.js';
export { documentKeys, staffDownloadHref } from './api/staffDocuments.js';
export { staffUpload } from './api/staffUpload.js';

// The messages feature's public face: a client's thread on the staff side (the panel), and the
// pieces the portal's messages page reuses (thread view, body field, attachments).
export { attachmentError, attachmentLabels } from './model/attachments.js';
export { AttachFiles } from './components/AttachFiles.js';
export { ClientMessagesPanel } from './components/ClientMessagesPanel.js';
export { MessageBodyField } from './components/MessageBodyField.js';
export { ClientMessagesRedirect } from './components/MessagesRedirect.js';
export { ThreadView } from './components/ThreadView.js';

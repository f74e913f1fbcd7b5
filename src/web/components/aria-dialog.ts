// React Aria's modal dialog parts, in a chunk of their own: ./LazyDialog.tsx loads it when a
// dialog first opens (or once the page is idle), so a client's first screen does not download it.
export { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

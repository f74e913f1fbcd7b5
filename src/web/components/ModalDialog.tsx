// A modal dialog with its title: dismissable (Escape, a click outside), closing through `onClose`.
import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

export function ModalDialog({
  title,
  onClose,
  wide = false,
  testId,
  attrs,
  children,
}: {
  title: ReactNode;
  onClose: () => void;
  wide?: boolean;
  testId?: string;
  /** More data-* attributes of the dialog. */
  attrs?: Record<`data-${string}`, string>;
  children: ReactNode;
}) {
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(o) => !o && onClose()} className="modal-overlay">
      <Modal className={wide ? 'modal wide' : 'modal'}>
        <Dialog className="dialog" {...(testId ? { 'data-testid': testId } : {})} {...attrs}>
          <Heading slot="title">{title}</Heading>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

// A modal dialog with its title: dismissable (Escape, a click outside), closing through `onClose`;
// and the submit and cancel buttons its form ends with.
import type { ReactNode } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

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

const testIdOf = (testId: string | undefined) => (testId ? { 'data-testid': testId } : {});

/** A form's closing row: the submit button (primary, or danger), then the one that leaves. */
export function DialogButtons({
  submit,
  onCancel,
  cancel = 'Cancel',
  busy,
  danger = false,
  submitTestId,
  cancelTestId,
}: {
  submit: ReactNode;
  onCancel: () => void;
  cancel?: ReactNode;
  busy?: boolean;
  danger?: boolean;
  submitTestId?: string;
  cancelTestId?: string;
}) {
  return (
    <div className="actions">
      <Button type="submit" className={danger ? 'btn danger' : 'btn primary'} isDisabled={busy ?? false} {...testIdOf(submitTestId)}>
        {submit}
      </Button>
      <Button className="btn" onPress={onCancel} {...testIdOf(cancelTestId)}>
        {cancel}
      </Button>
    </div>
  );
}

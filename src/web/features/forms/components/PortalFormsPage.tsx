// /portal/forms, where the PHI-free "forms to complete" mail leads: the forms a practice is waiting
// for, then the signed ones (the same list as on the portal home).
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { PortalFormsDue } from './PortalFormsDue.js';

export function PortalFormsPage() {
  return (
    <div className="portal-forms-page" data-testid="portal-forms-page">
      <h1>
        <FormattedMessage id="forms.page.title" defaultMessage="Your forms" />
      </h1>
      <p className="muted">
        <FormattedMessage id="forms.page.intro" defaultMessage="Forms your practice asks you to fill in and sign appear here. Nothing is waiting when this list is empty." />
      </p>
      <PortalFormsDue />
      <p>
        <Link to="/portal">
          <FormattedMessage id="forms.page.back" defaultMessage="Back to your portal" />
        </Link>
      </p>
    </div>
  );
}

// Practice settings: general settings, the scheduling, reminder and call sections (for roles that
// schedule), the people and their roles, and inviting a colleague. A table of contents leads to
// each section of this long page.
import { BillingSettingsSection } from '../../billing/index.js';
import { NoteTemplatesSection, SupervisionSection } from '../../notes/index.js';
import { CallSettingsSection } from '../../calls/index.js';
import { FormsSettingsSection } from '../../forms/index.js';
import { ReminderSettingsSection } from '../../reminders/index.js';
import { SchedulingSettingsSection } from '../../scheduling/index.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { usePracticeSettings } from '../api/settings.js';
import { InviteSection } from './InviteSection.js';
import { SettingsForm } from './SettingsForm.js';
import { UsersSection } from './UsersSection.js';

export function PracticePage() {
  const me = useMe();
  const settings = usePracticeSettings();
  if (me.data && !me.data.permissions.includes('practice.settings.read')) {
    return (
      <>
        <h1>Practice settings</h1>
        <p>Only practice owners and administrators can see these settings.</p>
      </>
    );
  }
  const canWrite = me.data?.permissions.includes('practice.settings.write') ?? false;
  const canSchedule = me.data?.permissions.includes('appointments.read') ?? false;
  const canBilling = me.data?.permissions.includes('billing.read') ?? false;
  // The page is six long sections (4,000 px at 1280, 6,000 on a phone): say what is on it and go there.
  const sections: [string, string][] = [
    ['settings-h', 'General'],
    ...(canSchedule ? ([['scheduling-h', 'Scheduling'], ['reminders-h', 'Reminders'], ['call-settings-h', 'Video calls']] as [string, string][]) : []),
    ...(canBilling ? ([['billing-h', 'Billing']] as [string, string][]) : []),
    ...(me.data?.permissions.some((p) => p === 'forms.send' || p === 'records.templates.write') ? ([['forms-settings-h', 'Forms']] as [string, string][]) : []),
    ...(me.data?.permissions.includes('practice.users.read') ? ([['supervision-h', 'Supervision']] as [string, string][]) : []),
    ['users-h', 'People and roles'],
    ...(canWrite ? ([['invite-h', 'Invite a colleague']] as [string, string][]) : []),
  ];
  return (
    <div data-testid="practice-page">
      <h1>Practice settings</h1>
      <nav aria-label="Sections of this page" className="page-toc" data-testid="practice-sections">
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <QueryState query={settings} what="practice settings" testId="practice-settings">
        {(s) => <SettingsForm settings={s} canWrite={canWrite} />}
      </QueryState>
      {canSchedule ? <SchedulingSettingsSection canWrite={canWrite} /> : null}
      {canSchedule ? <ReminderSettingsSection canWrite={canWrite} /> : null}
      {canSchedule ? <CallSettingsSection canWrite={canWrite} /> : null}
      <BillingSettingsSection />
      <NoteTemplatesSection />
      <SupervisionSection />
      <FormsSettingsSection />
      <UsersSection canWrite={me.data?.permissions.includes('practice.users.write') ?? false} />
      {canWrite ? <InviteSection /> : null}
    </div>
  );
}

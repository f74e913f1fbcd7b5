// Adding or editing an appointment service: name, CPT code, default length, rate, and whether
// appointments of it may overlap, whether a client's request waits for approval, whether offered.
import { useState } from 'react';
import { type AppointmentService, AppointmentServiceInput } from '../../../../shared/scheduling.js';
import { ErrorSummary, Field, NumberField, SubmitForm, typedNumber, useFormErrors } from '../../../components/forms.js';
import { Toggle } from '../../../components/Toggle.js';
import { useSaveService } from '../api/services.js';
import { DialogButtons, ModalDialog } from '../../../components/ModalDialog.js';

export function ServiceDialog({ service, onClose }: { service: AppointmentService | null; onClose: () => void }) {
  const saveService = useSaveService();
  const [name, setName] = useState(service?.name ?? '');
  const [cpt, setCpt] = useState(service?.cptCode ?? '');
  const [minutes, setMinutes] = useState(String(service?.defaultMinutes ?? 50));
  const [rate, setRate] = useState(service ? (service.rateCents / 100).toFixed(2) : '');
  const [allowOverlap, setAllowOverlap] = useState(service?.allowOverlap ?? false);
  const [requiresApproval, setRequiresApproval] = useState(service?.requiresApproval ?? true);
  const [active, setActive] = useState(service?.active ?? true);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ name: 'Name', cptCode: 'CPT code', defaultMinutes: 'Default length', rateCents: 'Rate' });

  const save = async () => {
    const dollars = rate.trim() === '' ? Number.NaN : Number(rate.replace(/[$,\s]/g, ''));
    const body = {
      name: name.trim(),
      cptCode: cpt.trim() === '' ? null : cpt.trim().toUpperCase(),
      defaultMinutes: typedNumber(minutes),
      rateCents: Math.round(dollars * 100),
      allowOverlap,
      requiresApproval,
      active,
    };
    const parsed = AppointmentServiceInput.safeParse(body);
    if (!parsed.success) return form.fromZod(parsed.error);
    form.clear();
    setBusy(true);
    try {
      await saveService(service?.id ?? null, parsed.data);
      onClose();
    } catch (e) {
      form.fromApi(e);
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={service ? `Edit ${service.name}` : 'Add a service'} onClose={onClose} testId="service-dialog">
      <SubmitForm aria-label={service ? 'Edit service' : 'Add a service'} onSubmit={() => void save()}>
        <ErrorSummary form={form} testId="service-error" />
        <Field name="name" label="Name" value={name} onChange={setName} form={form} isRequired testId="service-name" />
        <Field name="cptCode" label="CPT code" value={cpt} onChange={setCpt} form={form} description="For example 90837 (psychotherapy, 60 minutes)." testId="service-cpt" />
        <NumberField name="defaultMinutes" label="Default length (minutes)" min={1} max={720} value={minutes} onChange={setMinutes} form={form} isRequired testId="service-minutes" />
        <Field name="rateCents" label="Rate (US dollars)" value={rate} onChange={setRate} form={form} isRequired description="For example 150.00" testId="service-rate" />
        <Toggle isSelected={allowOverlap} onChange={setAllowOverlap} testId="service-overlap">
          Appointments of this service may overlap others of the same provider (e.g. groups)
        </Toggle>
        <Toggle isSelected={requiresApproval} onChange={setRequiresApproval} testId="service-approval">
          A client's request for this service waits for staff approval
        </Toggle>
        <Toggle isSelected={active} onChange={setActive} testId="service-active">
          Offered (new bookings may use it)
        </Toggle>
        <DialogButtons submit={service ? 'Save service' : 'Add service'} busy={busy} submitTestId="service-save" onCancel={onClose} />
      </SubmitForm>
    </ModalDialog>
  );
}

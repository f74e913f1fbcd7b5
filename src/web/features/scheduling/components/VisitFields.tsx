// What a visit is (provider, service, type, place of service): the same fields and rules in the
// booking dialog and the edit dialog, so the two cannot drift apart.
import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import type { AppointmentType, PlaceOfService } from '../../../../shared/scheduling.js';
import type { FormErrorsApi } from '../../../components/forms.js';
import { SelectField, type SelectOption } from '../../../components/SelectField.js';
import { useServices } from '../api/services.js';
import { PLACE_LABELS, TYPE_LABELS } from '../model/labels.js';

/** The service choice that means none. */
export const NO_SERVICE = 'none';

export interface VisitInit {
  providerId: string;
  serviceId: string;
  type: AppointmentType;
  place: PlaceOfService;
}

export function useVisit(init: VisitInit) {
  const [providerId, setProviderId] = useState(init.providerId);
  const [serviceId, setServiceId] = useState(init.serviceId);
  const [type, setType] = useState<AppointmentType>(init.type);
  const [place, setPlace] = useState<PlaceOfService>(init.place);
  /** A new type keeps the place of service consistent with it (in person: office; else telehealth). */
  const changeType = (t: AppointmentType) => {
    setType(t);
    setPlace(t === 'in_person' ? 'office' : place === 'office' ? 'telehealth_home' : place);
  };
  return { providerId, setProviderId, serviceId, setServiceId, type, changeType, place, setPlace };
}

export type Visit = ReturnType<typeof useVisit>;

export function VisitFields({
  visit,
  form,
  providerOptions,
  onServiceMinutes,
  testPrefix,
  providerPlaceholder,
  keepServiceId,
}: {
  visit: Visit;
  form: FormErrorsApi;
  providerOptions: readonly SelectOption[];
  /** A chosen service fills in its default duration. */
  onServiceMinutes: (minutes: number) => void;
  testPrefix: 'booking' | 'edit';
  providerPlaceholder?: string;
  /** A retired service stays choosable on the appointment that already has it. */
  keepServiceId?: string | null;
}) {
  const services = useServices();
  const serviceOptions = [
    { id: NO_SERVICE, label: 'No service' },
    ...(services.data?.items ?? [])
      .filter((s) => s.active || s.id === keepServiceId)
      .map((s) => ({ id: s.id, label: `${s.name}${s.cptCode ? ` (${s.cptCode})` : ''} · ${s.defaultMinutes} min` })),
  ];
  const placeOptions = (visit.type === 'in_person' ? (['office'] as const) : (['telehealth_home', 'telehealth_other'] as const)).map((p) => ({ id: p, label: PLACE_LABELS[p] }));
  return (
    <>
      <div className="grid-2">
        <SelectField
          name="providerId"
          label="Provider"
          value={visit.providerId}
          onChange={visit.setProviderId}
          options={providerOptions}
          form={form}
          isRequired
          {...(providerPlaceholder ? { placeholder: providerPlaceholder } : {})}
          testId={`${testPrefix}-provider`}
        />
        <SelectField
          name="serviceId"
          label="Service"
          value={visit.serviceId}
          onChange={(v) => {
            visit.setServiceId(v);
            const s = services.data?.items.find((x) => x.id === v);
            if (s) onServiceMinutes(s.defaultMinutes);
          }}
          options={serviceOptions}
          form={form}
          testId={`${testPrefix}-service`}
        />
      </div>
      <RadioGroup
        className="field radio-group"
        value={visit.type}
        onChange={(v) => {
          visit.changeType(v as AppointmentType);
          form.clear('type');
        }}
        orientation="horizontal"
        data-testid={`${testPrefix}-type`}
      >
        <Label>Type</Label>
        {(['video', 'audio', 'in_person'] as const).map((t) => (
          <Radio key={t} value={t} className="radio">
            <span className="dot" aria-hidden="true" /> {TYPE_LABELS[t]}
          </Radio>
        ))}
      </RadioGroup>
      <SelectField name="placeOfService" label="Place of service (billing)" value={visit.place} onChange={(v) => visit.setPlace(v as PlaceOfService)} options={placeOptions} form={form} testId={`${testPrefix}-place`} />
    </>
  );
}

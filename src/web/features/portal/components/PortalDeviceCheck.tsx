// /portal/device-check: the device check with the ICE configuration from the portal's API.
import { IceConfig } from '../../../../shared/calls.js';
import { DeviceCheckPage, type LoadIce } from '../../calls/components/DeviceCheckPage.js';
import { portalApi } from '../../../api/portal.js';

const loadPortalIce: LoadIce = (signal) => portalApi.get('/api/portal/calls/ice', IceConfig, { signal });

export function PortalDeviceCheckPage() {
  return <DeviceCheckPage loadIce={loadPortalIce} />;
}

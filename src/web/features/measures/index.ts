// The measures feature's public face: the client page's Measures section, Today's risk-answer
// alert, and the portal's questionnaires (due list, fill page, crisis resources).
import './components/measures.css';

export { ClientMeasuresPanel } from './components/ClientMeasuresPanel.js';
export { MeasureFlagsCard } from './components/MeasureFlagsCard.js';
export { CrisisResources, PortalMeasureFillPage, PortalMeasuresDue, PortalMeasuresPage } from './components/PortalMeasures.js';

// Loaded on first visit by the client entry (the light client path).
export const loadPortalMeasures = () => import('./components/PortalMeasures.js');

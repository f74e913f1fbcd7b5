// The practice feature's public face: the practice settings page.
export { PracticePage } from './components/PracticePage.js';

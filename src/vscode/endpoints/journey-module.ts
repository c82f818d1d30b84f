// Entry of dist/journey.js: the Endpoints view's model and handlers with the Journey core and its transport,
// loaded on first use so that extension.js stays small and activation never parses them (journey-loader.ts).
export { createEndpointsFeature } from './feature';

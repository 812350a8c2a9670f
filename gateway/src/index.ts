export * from './config.js';
export * from './gateway.js';
export * from './telemetry.js';

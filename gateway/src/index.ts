export * from './config.js';
export * from './errors.js';
export * from './gateway.js';
export * from './explorer.js';
export * from './persisted.js';
export * from './limits.js';
export * from './readiness.js';
export * from './security.js';

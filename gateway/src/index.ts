export * from './config.js';
export * from './gateway.js';
export * from './explorer.js';
export * from './persisted.js';

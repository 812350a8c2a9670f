export * from './config.js';
export * from './hub.js';

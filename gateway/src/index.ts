export * from './config.js';
export * from './gateway.js';
export * from './upstream.js';

export * from './config.js';
export * from './hub.js';
export * from './compose.js';
export * from './open-data.js';

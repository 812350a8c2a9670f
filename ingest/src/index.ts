export * from './errors.js';
export * from './formats.js';
export * from './progress.js';
export * from './reference.js';
export * from './run.js';
export * from './sources.js';
export * from './types.js';
export * from './wiring.js';

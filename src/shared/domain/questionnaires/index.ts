export * from './answers.js';
export * from './definition.js';
export * from './formula.js';
export * from './scoring.js';
export * from './versioning.js';

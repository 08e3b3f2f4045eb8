/**
 * Document templates: model, content syntax, variables, conditions, French formatting and rendering
 * to the document model. Pure (no Node, DOM or Electron): used by main and by the renderer's previews.
 */
export * from './template.types.js';
export * from './doc-blocks.types.js';
export * from './french-formatter.js';
export * from './variable-resolver.js';
export * from './condition-evaluator.js';
export * from './content-parser.js';
export * from './template-renderer.js';
export * from './variable-checker.js';

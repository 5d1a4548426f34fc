export * from './common.js';
export * from './auth.js';
export * from './account.js';
export * from './members.js';
export * from './workspace.js';
export * from './tokens.js';
export * from './audit.js';
export * from './promises.js';

/*
 * The PKI store: one root CA and an intermediate per cluster in a directory (default
 * .meshgen/pki/). Split by job under store/: layout (files, lock, commit), init, rotate,
 * import, status. This module re-exports them.
 */
export * from './store/layout';
export * from './store/init';
export * from './store/rotate';
export * from './store/import';
export * from './store/status';

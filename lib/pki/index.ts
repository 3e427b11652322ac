export * from './profile';
export * from './certificate-checks';
export * from './pki-store';
export * from './cacerts-secret';
export * from './cert-manager';
export * from './mesh-ca';

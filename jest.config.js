// Jest runs the TypeScript sources as ESM through ts-jest (transpile only: `tsc` typechecks separately).
// Two projects: everything under test/ except test/kube/, and test/kube/ (a real Kubernetes control plane,
// started once by its global setup only when one of its tests is selected).
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'main', roots: ['<rootDir>/test'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/kube/'] },
    {
      ...common,
      displayName: 'kube',
      roots: ['<rootDir>/test/kube'],
      globalSetup: '<rootDir>/test/kube/global-setup.ts',
      globalTeardown: '<rootDir>/test/kube/global-teardown.ts',
    },
  ],
};

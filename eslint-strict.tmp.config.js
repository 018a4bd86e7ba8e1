import base from '/work/main/eslint.config.js';
import reactHooks from 'eslint-plugin-react-hooks';
export default [
  ...base,
  { files: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts'], rules: { ...reactHooks.configs['recommended-latest']?.rules ?? reactHooks.configs.recommended.rules } },
];

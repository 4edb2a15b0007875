import nx from '@nx/eslint-plugin';
import baseConfig from '../../eslint.config.mjs';

// React's rules (hooks, JSX) and jsx-a11y's accessibility checks on top of the workspace's.
export default [...nx.configs['flat/react'], ...baseConfig];

// Lint as n8n's verification does: the community-nodes plugin over the whole
// package, and eslint-plugin-n8n-nodes-base's rule sets for package.json,
// nodes and credentials (the starter's setup, in flat config form).
import tseslint from 'typescript-eslint';
import jsoncParser from 'jsonc-eslint-parser';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const nodesBase = { 'n8n-nodes-base': n8nNodesBase };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'test-e2e/**', 'bench/**', 'scripts/**', 'cli/**', '.runtime/**', 'gulpfile.js'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
		plugins: { '@typescript-eslint': tseslint.plugin },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{ files: ['**/*.ts'], ...communityNodes.configs.recommended },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { ...nodesBase, '@n8n/community-nodes': communityNodes },
		rules: {
			...n8nNodesBase.configs.community.rules,
			...communityNodes.configs.recommended.rules,
		},
	},
	// The overrides below are the ones n8n's own @n8n/node-cli lint config makes:
	// these nodes-base rules contradict the community-nodes rules (which want
	// documentation URLs, NodeConnectionTypes.Main, and so on).
	{
		files: ['credentials/**/*.ts'],
		plugins: nodesBase,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: nodesBase,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
			// Our shared modules are plain helpers, not node files; this
			// filename rule only makes sense for *.node.ts files.
			'n8n-nodes-base/node-filename-against-convention': 'off',
		},
	},
];

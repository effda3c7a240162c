// After `tsc`, n8n needs the node icons and codex files beside the compiled nodes in dist/ (or in
// the folder TZSMMPAY_BUILD_DIR names: `npm run dev` builds into the package n8n loads).
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest(process.env.TZSMMPAY_BUILD_DIR || 'dist'));
}

exports['build:assets'] = copyAssets;
exports.default = copyAssets;

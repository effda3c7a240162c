// Lets plain Node scripts (the demo) require the TypeScript test harness: each .ts file is
// transpiled on load with the project's own TypeScript, types unchecked (tsc checks them).
'use strict';

const fs = require('node:fs');
const ts = require('typescript');

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	resolveJsonModule: true,
	sourceMap: false,
};

require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};

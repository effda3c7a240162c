// Within a lane (test/e2e/run.js) the files run in name order: each file finds the user folder as
// the files before it in its lane left it.
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => a.path.localeCompare(b.path));
	}
}

module.exports = ByName;

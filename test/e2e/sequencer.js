// Within a lane (test/e2e/run.js) the files run in name order, one at a time: each sets up what it
// needs itself and tolerates what the files before it in its lane left in the lane's user folder.
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => a.path.localeCompare(b.path));
	}
}

module.exports = ByName;

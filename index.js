// The repository's entry point, for tools run from a checkout: the built nodes and credentials, as
// package.json's "n8n" field names them for n8n. It is not published: n8n finds the nodes through
// that field, and the tarball holds dist/ and the package's documents only.
const path = require('node:path');

const { n8n } = require('./package.json');

module.exports = {
	nodes: n8n.nodes.map((file) => path.join(__dirname, file)),
	credentials: n8n.credentials.map((file) => path.join(__dirname, file)),
};

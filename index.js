// n8n finds the nodes and credentials through the "n8n" field of package.json; this entry point
// exists for tools that require the package directly.
module.exports = {};

// OpenAI's Chat Completions API on 127.0.0.1, scripted: the model behind n8n's OpenAI Chat Model
// when its credential's Base URL points here (its Responses API turned off). Each request is answered
// by a script (the e2e test's, or `npm run dev`'s), which reads the tools n8n offers from the request
// (their names, descriptions and argument schemas) and answers with tool calls or a final text.
'use strict';

const http = require('node:http');

/**
 * @typedef {{ name: string, description: string, parameters: { properties?: object, required?: string[] } }} OfferedTool
 * @typedef {{ tool: OfferedTool, arguments: object }} ToolCall
 * @typedef {{ toolCalls: ToolCall[] } | { content: string }} ScriptedReply
 */

/** The model's answer as OpenAI sends it; the calls of turn T are named call_T_0, call_T_1, … */
function completion(body, reply) {
	const turn = turnOf(body);
	const toolCalls =
		'toolCalls' in reply
			? reply.toolCalls.map((call, index) => ({
					id: `call_${turn}_${index}`,
					type: 'function',
					function: { name: call.tool.name, arguments: JSON.stringify(call.arguments) },
				}))
			: undefined;
	return {
		id: `chatcmpl-e2e-${turn}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model,
		choices: [
			{
				index: 0,
				finish_reason: toolCalls ? 'tool_calls' : 'stop',
				message: toolCalls
					? { role: 'assistant', content: null, tool_calls: toolCalls }
					: { role: 'assistant', content: reply.content },
			},
		],
		usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
	};
}

/**
 * How many times the model has answered in this conversation so far, read from the IDs of the
 * calls it made (n8n sends each call of an answer back as an assistant message of its own).
 */
function turnOf(body) {
	const turns = body.messages
		.flatMap((message) => message.tool_calls ?? [])
		.map((call) => Number(/^call_(\d+)_\d+$/.exec(call.id)?.[1] ?? -1));
	return Math.max(-1, ...turns) + 1;
}

/** The tool n8n offers whose description starts with `text` (the node's Tool Description). */
function offeredTool(body, text) {
	const tool = (body.tools ?? [])
		.map((offered) => offered.function)
		.find((offered) => offered.description.startsWith(text));
	if (!tool) {
		const offered = (body.tools ?? []).map((t) => `${t.function.name}: ${t.function.description}`);
		throw new Error(
			`n8n offers no tool described as "${text}…"; it offers:\n${offered.join('\n')}`,
		);
	}
	return tool;
}

/**
 * A call of `tool` with a value for each argument its schema asks for, from what the user said
 * (`known`, by argument name); `leaveOut` names arguments the model forgets. An argument the script
 * does not know fails the test: the schema is not what the test expects.
 * @returns {ToolCall}
 */
function callOf(tool, known, leaveOut = []) {
	const args = {};
	for (const name of Object.keys(tool.parameters.properties ?? {})) {
		if (!(name in known))
			throw new Error(`Tool ${tool.name} asks for "${name}", unknown to the script`);
		if (!leaveOut.includes(name)) args[name] = known[name];
	}
	return { tool, arguments: args };
}

/** The tool results the model was sent, by call ID, each parsed from its JSON text. */
function toolResults(body) {
	return Object.fromEntries(
		body.messages
			.filter((message) => message.role === 'tool')
			.map((message) => [message.tool_call_id, JSON.parse(message.content)]),
	);
}

/** Starts the model; `model.script = (body) => reply` sets how it answers. */
async function startScriptedModel() {
	const requests = [];
	const model = {
		/** @type {(body: any) => ScriptedReply} */
		script: () => ({ content: 'No script was set.' }),
		/** Every request n8n sent: its headers and parsed body. */
		requests,
		baseUrl: '',
		close: () => new Promise((resolve) => server.close(resolve)),
	};
	const server = http.createServer(async (request, response) => {
		let raw = '';
		for await (const chunk of request) raw += chunk;
		const answer = (status, body) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) {
			answer(404, { error: { message: `The scripted model has no ${request.url}` } });
			return;
		}
		const body = JSON.parse(raw);
		requests.push({ headers: request.headers, body, raw });
		try {
			answer(200, completion(body, model.script(body)));
		} catch (error) {
			// The agent reports this as the model's error, and the test sees the message.
			answer(400, { error: { message: `Scripted model: ${error.message}`, type: 'e2e_script' } });
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	model.baseUrl = `http://127.0.0.1:${server.address().port}/v1`;
	return model;
}

module.exports = { startScriptedModel, turnOf, offeredTool, callOf, toolResults };

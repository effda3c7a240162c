/**
 * The n8n versions users run: the current one (2.41.1) and the last of the 1.x line (1.123.81),
 * each installed by real-n8n/toolchain.js with a user folder of its own. In each: the packed
 * tarball installed as Community Nodes installs it, the action examples executed through the CLI,
 * Create with an Idempotency Key run twice, failed items of Create, Get Status and Get Many Statuses
 * on the error output, the credential Test through the REST API for every
 * kind of answer that is not TZSMM Pay's balance, and a trigger activated (its first poll reaches
 * the sandbox). Each version has its own sandbox on 127.0.0.1.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { createSandbox } = require('../../sandbox/server');
const { EXAMPLE_OUTPUTS } = require('../example-outputs');
const { LAST_N8N_1, N8N_VERSIONS, toolchainOf } = require('../../real-n8n/toolchain');
const {
	cliFailure,
	executeByCli,
	n8nCliOrFail,
	startN8nServer,
	writeRunFile,
} = require('../../real-n8n/n8n');
const { ensureInstalled } = require('../../real-n8n/package');
const {
	activate,
	deactivate,
	ok,
	saveAndTestCredential,
	signIn,
	waitFor,
} = require('../../real-n8n/rest');
const {
	BAD_REQUESTS_PER_MINUTE,
	jsonAnswer,
	NOT_THE_BALANCE,
} = require('../credential-test-answers');
const { readRunState } = require('../../real-n8n/run-state');
const { examples, pollingEveryMinute, SANDBOX_CREDENTIAL } = require('./support/workflows');
const { skippedItem } = require('../harness/expected-items');

const { apiKey, wrongApiKey, runDir } = readRunState();

/** The examples the CLI runs in every version (the others need orders placed or a trigger). */
const CLI_EXAMPLES = [
	'check-balance.json',
	'list-services.json',
	'place-order-and-check-status.json',
];
const TRIGGER_EXAMPLE = 'balance-below.json';

/** The Tool Descriptions of the built package, by operation. */
const TOOL_DESCRIPTIONS = [
	'account/getBalance',
	'service/getAll',
	'order/get',
	'order/getMany',
	'order/create',
].map(
	(operation) =>
		require(path.join(__dirname, '../../dist/nodes/TzsmmPay/resources', `${operation}.js`))
			.toolDescription,
);
const IDEMPOTENT_ORDER_ID = 'compat-idempotent-order';

/** Manual Trigger -> Create with a fixed Idempotency Key, as a shop's sale would give. */
function idempotentOrderWorkflow() {
	return {
		id: IDEMPOTENT_ORDER_ID,
		name: 'Compatibility: one order per sale',
		nodes: [
			{
				id: 'c0a1b2c3-0001-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'c0a1b2c3-0001-4000-8000-000000000002',
				name: 'Create Order',
				type: 'n8n-nodes-tzsmmpay.tzsmmPay',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'order',
					operation: 'create',
					serviceId: 2,
					link: 'buyer@example.com',
					options: { idempotencyKey: 'shop-sale-1001' },
				},
				credentials: { tzsmmPayApi: SANDBOX_CREDENTIAL },
			},
		],
		connections: { Start: { main: [[{ node: 'Create Order', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const ERROR_OUTPUTS_ID = 'compat-error-outputs';

/**
 * Three sales split into items, each sent to Create, Get Status and Get Many Statuses set to On
 * Error: Continue (using error output). With a balance for one order, Create orders the first
 * sale and is refused the other two; Get Status finds order 23501 and not 999; Get Many Statuses
 * refuses the Order IDs "x". The branches run top to bottom (execution order v1).
 */
function errorOutputsWorkflow() {
	const node = (id, name, type, typeVersion, y, parameters, extra = {}) => ({
		id: `c0a1b2c3-0002-4000-8000-00000000000${id}`,
		name,
		type,
		typeVersion,
		position: [id * 220, y],
		parameters,
		...extra,
	});
	const tzsmmPay = (id, name, y, parameters) =>
		node(id, name, 'n8n-nodes-tzsmmpay.tzsmmPay', 1, y, parameters, {
			onError: 'continueErrorOutput',
			credentials: { tzsmmPayApi: SANDBOX_CREDENTIAL },
		});
	const sales = [
		{ email: 'one@example.com', orderId: '23501', orderIds: '23501' },
		{ email: 'two@example.com', orderId: '999', orderIds: 'x' },
		{ email: 'three@example.com', orderId: '23501', orderIds: '23501, 999' },
	];
	const to = (...names) => ({
		main: [names.map((name) => ({ node: name, type: 'main', index: 0 }))],
	});
	return {
		id: ERROR_OUTPUTS_ID,
		name: 'Compatibility: failures on the error output',
		nodes: [
			node(1, 'Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node(2, 'Sales', 'n8n-nodes-base.set', 3.4, 0, {
				mode: 'raw',
				jsonOutput: JSON.stringify({ sales }),
			}),
			node(3, 'One Item per Sale', 'n8n-nodes-base.splitOut', 1, 0, { fieldToSplitOut: 'sales' }),
			tzsmmPay(4, 'Create', 0, {
				resource: 'order',
				operation: 'create',
				serviceId: 2,
				link: '={{ $json.email }}',
			}),
			tzsmmPay(5, 'Get Status', 200, {
				resource: 'order',
				operation: 'get',
				orderId: '={{ $json.orderId }}',
			}),
			tzsmmPay(6, 'Get Many Statuses', 400, {
				resource: 'order',
				operation: 'getMany',
				orderIds: '={{ $json.orderIds }}',
			}),
		],
		connections: {
			Start: to('Sales'),
			Sales: to('One Item per Sale'),
			'One Item per Sale': to('Create', 'Get Status', 'Get Many Statuses'),
		},
		settings: { executionOrder: 'v1' },
	};
}

describe.each(N8N_VERSIONS)('n8n %s', (version) => {
	const toolchain = toolchainOf(version);
	const home = path.join(runDir, `n8n-${version}`);
	const userFolder = path.join(home, 'user');
	const env = { N8N_USER_FOLDER: userFolder };
	const sandbox = createSandbox({ apiKey });
	let sandboxUrl;
	/** Everything this version's n8n printed, to look for the keys in. */
	const printed = [];

	const mustRun = async (name, args) => {
		const result = await n8nCliOrFail(`${version}-${name}`, args, env, toolchain);
		printed.push(result.output);
		return result;
	};
	/** The ID an example is imported under (n8n takes IDs of at most 21 characters). */
	const exampleId = (file) => examples().find((example) => example.file === file).id;
	const execute = async (workflowId) => {
		const result = await executeByCli(
			`${version}-execute-${workflowId}`,
			workflowId,
			env,
			toolchain,
		);
		printed.push(result.output);
		if (!result.succeeded) throw new Error(`n8n ${version}: ${cliFailure(workflowId, result)}`);
		return (nodeName, output = 0) =>
			(result.execution.data.resultData.runData[nodeName][0].data.main[output] ?? []).map(
				(item) => item.json,
			);
	};

	beforeAll(async () => {
		// Installs this n8n on the first run of a machine (a few minutes), then finds it cached.
		toolchain.ensure();
		sandboxUrl = `${(await sandbox.listen()).baseUrl}`;
		fs.mkdirSync(userFolder, { recursive: true });
		await ensureInstalled(userFolder);

		const credentialsFile = writeRunFile(`n8n-${version}/import/credentials.json`, [
			{ ...SANDBOX_CREDENTIAL, type: 'tzsmmPayApi', data: { apiKey, baseUrl: sandboxUrl } },
		]);
		await mustRun('import-credentials', ['import:credentials', `--input=${credentialsFile}`]);
		const chosen = examples().filter(({ file }) =>
			[...CLI_EXAMPLES, TRIGGER_EXAMPLE].includes(file),
		);
		for (const { id, workflow } of chosen) {
			writeRunFile(`n8n-${version}/import/workflows/${id}.json`, {
				...workflow,
				id,
				nodes: workflow.nodes.map(pollingEveryMinute),
			});
		}
		writeRunFile(
			`n8n-${version}/import/workflows/${IDEMPOTENT_ORDER_ID}.json`,
			idempotentOrderWorkflow(),
		);
		writeRunFile(
			`n8n-${version}/import/workflows/${ERROR_OUTPUTS_ID}.json`,
			errorOutputsWorkflow(),
		);
		await mustRun('import-workflows', [
			'import:workflow',
			'--separate',
			`--input=${path.join(home, 'import/workflows')}`,
		]);
	}, 900_000);

	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(() => sandbox.reset());

	test('loads the package and runs the action examples through the CLI', async () => {
		const checkBalance = await execute(exampleId('check-balance.json'));
		expect(checkBalance('Get Balance')).toEqual(EXAMPLE_OUTPUTS.checkBalance['Get Balance']);

		const listServices = await execute(exampleId('list-services.json'));
		expect(listServices('List Services').map((service) => service.service)).toEqual([2, 3, 7, 11]);

		const placeOrder = await execute(exampleId('place-order-and-check-status.json'));
		const expected = EXAMPLE_OUTPUTS.placeOrderAndCheckStatus;
		expect(placeOrder('Place Order')).toEqual(expected['Place Order']);
		expect(placeOrder('Get Order Status')).toEqual(expected['Get Order Status']);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('Create with an Idempotency Key, run twice, orders once', async () => {
		const first = await execute(IDEMPOTENT_ORDER_ID);
		const second = await execute(IDEMPOTENT_ORDER_ID);

		expect(first('Create Order')).toEqual([
			{ order: 23501, service: 2, link: 'buyer@example.com' },
		]);
		expect(second('Create Order')).toEqual([skippedItem('shop-sale-1001')]);
		expect(sandbox.requestsFor('add')).toHaveLength(1);
	});

	test('failed items of Create, Get Status and Get Many Statuses leave by the error output, paired', async () => {
		sandbox.state.balance = 0.6;

		const output = await execute(ERROR_OUTPUTS_ID);

		// n8n 2 keeps an error item's details on the error output; n8n 1 routes only `error` alone.
		const refused = (email) => ({
			email,
			error: expect.stringContaining('balance is too low'),
			...(version === LAST_N8N_1 ? {} : { details: { httpCode: '402', retryLater: true } }),
		});
		expect(output('Create')).toEqual([{ order: 23501, service: 2, link: 'one@example.com' }]);
		expect(output('Create', 1)).toEqual([
			expect.objectContaining(refused('two@example.com')),
			expect.objectContaining(refused('three@example.com')),
		]);
		if (version === LAST_N8N_1) {
			for (const item of output('Create', 1)) expect(item).not.toHaveProperty('details');
		}
		expect(output('Get Status').map(({ order, status }) => ({ order, status }))).toEqual([
			{ order: 23501, status: 'Pending' },
			{ order: 23501, status: 'Pending' },
		]);
		expect(output('Get Status', 1)).toEqual([
			expect.objectContaining({
				orderId: '999',
				error: 'Order 999 was not found (Incorrect order ID)',
			}),
		]);
		expect(output('Get Many Statuses').map(({ order }) => order)).toEqual([23501, 23501, 999]);
		expect(output('Get Many Statuses', 1)).toEqual([
			expect.objectContaining({
				orderIds: 'x',
				error: expect.stringMatching(/^Invalid Order IDs in item 1/),
			}),
		]);
		expect(sandbox.requestsFor('add')).toHaveLength(3);
	});

	describe('in the server', () => {
		let server;
		let rest;

		beforeAll(async () => {
			server = await startN8nServer(env, `${version}-n8n-start`, toolchain);
			rest = await signIn(server.baseUrl);
		});

		afterAll(async () => {
			if (server) printed.push(server.output());
			await server?.stop();
		});

		const saveAndTest = async (name, data) =>
			ok(await saveAndTestCredential(rest, name, data)).data;

		test('TZSMM Pay Tool is served with the package’s Tool Descriptions, and no switch of n8n’s own', async () => {
			const served = ok(await rest.get('/types/nodes.json')).filter(
				(type) => type.name === 'n8n-nodes-tzsmmpay.tzsmmPayTool',
			);
			const properties = served.flatMap((type) => type.properties);

			expect(served.length).toBeGreaterThan(0);
			expect(properties.map((property) => property.name)).not.toContain('descriptionType');
			expect(
				properties
					.filter((property) => property.name === 'toolDescription')
					.map((property) => property.default)
					.sort(),
			).toEqual([...TOOL_DESCRIPTIONS].sort());
		});

		test('the credential Test passes for the sandbox and fails with the API’s words for a wrong key', async () => {
			expect(await saveAndTest('Sandbox', { apiKey, baseUrl: sandboxUrl })).toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			expect(await saveAndTest('Wrong key', { apiKey: wrongApiKey, baseUrl: sandboxUrl })).toEqual({
				status: 'Error',
				message: 'Invalid API key',
			});
		});

		test.each(NOT_THE_BALANCE)(
			'the credential Test fails for $answerIs, saying what came back',
			async ({ answerIs, answer, message, onN8n1 }) => {
				sandbox.queueFault(answer);

				const result = await saveAndTest(`Not the balance: ${answerIs}`, {
					apiKey,
					baseUrl: sandboxUrl,
				});

				const expected = version === LAST_N8N_1 && onN8n1 ? onN8n1 : message;
				expect(result).toEqual({ status: 'Error', message: expected });
				expect(sandbox.state.requests).toHaveLength(1);
			},
		);

		test('the credential Test fails for an empty list, with n8n’s own error', async () => {
			sandbox.queueFault(jsonAnswer([]));

			const response = await saveAndTestCredential(rest, 'Not the balance: an empty list', {
				apiKey,
				baseUrl: sandboxUrl,
			});

			expect(response.data?.data?.status).not.toBe('OK');
			expect(JSON.stringify(response.data)).toMatch(/Cannot read properties of undefined/);
		});

		test('the credential Test refuses a bad Requests per Minute and sends nothing', async () => {
			const result = await saveAndTest('Bad pacing', {
				apiKey,
				baseUrl: sandboxUrl,
				requestsPerMinute: BAD_REQUESTS_PER_MINUTE.requestsPerMinute,
			});

			expect(result).toEqual(BAD_REQUESTS_PER_MINUTE.result);
			expect(sandbox.state.requests).toEqual([]);
		});

		test('a trigger activates, and its first poll reaches the sandbox', async () => {
			const id = exampleId(TRIGGER_EXAMPLE);

			await activate(rest, { id });
			const poll = await waitFor(
				'the activation poll of the Balance Below trigger',
				async () => sandbox.requestsFor('balance')[0],
				60_000,
			);
			await deactivate(rest, { id });

			expect(poll.keyValid).toBe(true);
			expect(ok(await rest.get(`/rest/workflows/${id}`)).data.active).toBe(false);
		});
	});

	test('neither key appears in anything this n8n printed', () => {
		const everything = printed.join('\n');
		expect(everything.length).toBeGreaterThan(0);
		expect(everything).not.toContain(apiKey);
		expect(everything).not.toContain(wrongApiKey);
	});
});

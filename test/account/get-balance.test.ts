import { createMockServer } from '../mock-server/server';
import { runWorkflow } from '../harness/engine';
import workflow from '../fixtures/get-balance.json';

const server = createMockServer();
beforeAll(async () => await server.listen());
afterAll(async () => await server.close());

test('balance', async () => {
	const result = await runWorkflow(workflow as never, {
		tzsmmPayApi: { apiKey: server.apiKey, baseUrl: server.baseUrl },
	});
	expect(result.error).toBeUndefined();
	expect(result.output('TZSMM Pay').map((item) => item.json)).toEqual([{ balance: 25, currency: 'USD' }]);
});

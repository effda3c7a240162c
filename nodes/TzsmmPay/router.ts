import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { accountOperations } from './resources/account';
import { orderOperations } from './resources/order';
import { serviceOperations } from './resources/service';

type Operation = { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> };

const operations: Record<string, Record<string, Operation>> = {
	service: serviceOperations,
	order: orderOperations,
	account: accountOperations,
};

/** Sends the node's run to the operation chosen in its Resource and Operation dropdowns. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = operations[resource]?.[operation];
	if (chosen === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return [await chosen.execute.call(this)];
}

/** Sends the node's run to the operation chosen in its Resource and Operation dropdowns. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runsAsTool } from '../shared/aiTool';
import { accountOperations } from './account';
import type { Operation, OperationsOf, TzsmmPayResource } from './node.type';
import { orderOperations } from './order';
import { serviceOperations } from './service';

const operationsByResource: { [R in TzsmmPayResource]: OperationsOf<R> } = {
	account: accountOperations,
	order: orderOperations,
	service: serviceOperations,
};

/** The operation a saved node names, if the node has it (a workflow's JSON may say anything). */
function findOperation(resource: string, operation: string): Operation | undefined {
	if (!Object.hasOwn(operationsByResource, resource)) return undefined;
	const operations: Record<string, Operation> = operationsByResource[resource as TzsmmPayResource];
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = findOperation(resource, operation);
	if (chosen === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	if (runsAsTool(this) && chosen.toolDescription === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not available to an AI model`,
			{ description: 'Use it in a TZSMM Pay node of a workflow, not in TZSMM Pay Tool.' },
		);
	}
	return [await chosen.execute.call(this)];
}

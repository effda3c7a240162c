/**
 * Every resource of the node with its operations, as the Resource and Operation dropdowns store
 * them. The router, the operation lists and the dropdowns' values are all checked against it when
 * the package compiles, so an operation cannot be offered without being routed, or the reverse.
 */
import type { IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

export interface TzsmmPayOperations {
	account: 'getBalance';
	order: 'create' | 'get' | 'getMany' | 'releaseIdempotencyKey';
	service: 'getAll';
}

export type TzsmmPayResource = keyof TzsmmPayOperations;

/** An operation module: its fields are exported beside this `execute`. */
export interface Operation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
	/**
	 * What an AI model reads about the operation as a tool (TZSMM Pay Tool); an operation without
	 * one is not offered as a tool.
	 */
	toolDescription?: string;
}

/** The operation modules of one resource, one per operation it has and no other. */
export type OperationsOf<R extends TzsmmPayResource> = Record<TzsmmPayOperations[R], Operation>;

/** An entry of a resource's Operation dropdown, whose value must be one of its operations. */
export type OperationOption<R extends TzsmmPayResource> = INodePropertyOptions & {
	value: TzsmmPayOperations[R];
};

/**
 * The node as an AI tool. From `usableAsTool`, n8n derives the type "TZSMM Pay Tool"
 * (`tzsmmPayTool`) that an AI Agent or the MCP Server Trigger calls, and shows a property only
 * there, or only in the plain node, when its displayOptions name '@tool'. In the tool variant each
 * operation has a description written for a model, its inputs default to `$fromAI()` (n8n turns
 * each into a field of the tool's schema), and Create needs an Idempotency Key from the call, so
 * that a model that repeats a call, or an agent run that is run again, never orders twice.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Whether this run is the tool variant's: a model asked for it, through an agent or MCP. */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/** The property, shown only in the tool variant (`inTool` true) or only in the plain node. */
function shownOnly(property: INodeProperties, inTool: boolean): INodeProperties {
	const show = property.displayOptions?.show ?? {};
	return {
		...property,
		displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [inTool] } },
	};
}

/**
 * A value the model gives: `{{ $fromAI('key', `description`, 'type') }}`. The key and description
 * are what the model reads in the tool's schema.
 */
export function fromAi(key: string, description: string, type: 'string' | 'number'): string {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(key) || description.includes('`')) {
		throw new Error(`Not a usable $fromAI key or description: ${key}`);
	}
	return `={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;
}

/**
 * A field twice: as the plain node shows it, and in the tool variant with the model's value as its
 * default (the reseller can still type a fixed value or another expression there).
 */
export function fieldFilledByModel(field: INodeProperties, modelValue: string): INodeProperties[] {
	return [shownOnly(field, false), shownOnly({ ...field, default: modelValue }, true)];
}

/** A property that only the tool variant has. */
export function onlyInTool(property: INodeProperties): INodeProperties {
	return shownOnly(property, true);
}

/**
 * The tool variant's description of an operation, which n8n sends the model as the tool's
 * description (a node that declares `toolDescription` gets no "Set Automatically" switch from n8n;
 * emptied, n8n falls back to the operation's action name).
 */
function toolDescriptionProperty(
	show: { resource: string[]; operation: string[] },
	text: string,
): INodeProperties {
	return onlyInTool({
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 4 },
		default: text,
		description:
			'What the AI model reads about this tool: what it does, what it needs and what it returns. Write it for the model, in plain words.',
		displayOptions: { show },
	});
}

/**
 * The Tool Description of each operation of a resource that is offered as a tool: those whose
 * module exports a `toolDescription`. The others (Release Idempotency Key) are not tools.
 */
export function toolDescriptionsOf(
	resource: string,
	operations: Record<string, { toolDescription?: string }>,
): INodeProperties[] {
	return Object.entries(operations).flatMap(([operation, { toolDescription }]) =>
		toolDescription === undefined
			? []
			: [
					toolDescriptionProperty(
						{ resource: [resource], operation: [operation] },
						toolDescription,
					),
				],
	);
}

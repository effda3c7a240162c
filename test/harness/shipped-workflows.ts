/**
 * The workflows the package ships under examples/, as the tests that read them (their sticky notes,
 * their entry points) see them: nodes, parameters and connections.
 */
import { filesUnder, readProjectFile } from './project-files';

export interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

interface Connection {
	node: string;
}

export interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main?: Connection[][]; ai_tool?: Connection[][] }>;
}

/** Every workflow under examples/, named by its path below that folder. */
export function shippedWorkflows(): Array<{ file: string; workflow: Workflow }> {
	return filesUnder('examples')
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file: file.slice('examples/'.length),
			workflow: JSON.parse(readProjectFile(file)) as Workflow,
		}));
}

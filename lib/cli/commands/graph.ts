import { CommandModule } from 'yargs';
import { planMesh } from '../../plan/planner';
import { meshGraph } from '../../review/graph';
import { toDot } from '../../review/graph-dot';
import { toMermaid } from '../../review/graph-mermaid';
import { CliIO, GlobalOptions } from '../io';
import { loadSpecFile } from '../load-spec';

interface GraphArgs extends GlobalOptions {
  readonly spec: string;
  readonly format: 'mermaid' | 'dot';
}

/** `meshgen graph --spec FILE --format mermaid|dot`: the topology diagram alone. */
export function graphCommand(io: CliIO): CommandModule<GlobalOptions, GraphArgs> {
  return {
    command: 'graph',
    describe: 'Print the mesh topology (networks, primaries and remotes, east-west gateways) as a Mermaid or DOT diagram',
    builder: (y) => y
      .option('spec', { type: 'string', demandOption: true, describe: 'Mesh spec file (YAML); - reads it from stdin', requiresArg: true })
      .option('format', { alias: 'o', choices: ['mermaid', 'dot'] as const, default: 'mermaid' as const, describe: 'Diagram language' })
      .example('$0 graph --spec mesh.yaml', 'a Mermaid flowchart, as in dist/README.md')
      .example('$0 graph --spec mesh.yaml --format dot | dot -Tsvg > mesh.svg', 'a Graphviz picture'),
    handler: (args) => {
      const graph = meshGraph(planMesh(loadSpecFile(args.spec, io)));
      io.out(args.format === 'dot' ? toDot(graph) : toMermaid(graph));
    },
  };
}

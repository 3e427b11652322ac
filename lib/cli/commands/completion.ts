import { CommandModule } from 'yargs';
import { CliIO, GlobalOptions } from '../io';

interface CompletionArgs extends GlobalOptions {
  readonly shell?: 'bash' | 'zsh';
}

/**
 * The shell asks `meshgen --get-yargs-completions WORDS...` for the words that may come next
 * (commands, flags, a flag's choices); yargs answers from the command definitions. The scripts
 * are yargs' own (17.7) with a fixed program name, so they work wherever meshgen is on PATH.
 */
const SCRIPTS: Readonly<Record<'bash' | 'zsh', string>> = {
  bash: `###-begin-meshgen-completions-###
#
# meshgen command completion for bash.
# Installation: meshgen completion bash >> ~/.bashrc
#    or: meshgen completion bash > /etc/bash_completion.d/meshgen
#
_meshgen_yargs_completions()
{
    local cur_word args type_list

    cur_word="\${COMP_WORDS[COMP_CWORD]}"
    args=("\${COMP_WORDS[@]}")

    # ask meshgen (yargs) for the words that may come next.
    type_list=$(meshgen --get-yargs-completions "\${args[@]}")

    COMPREPLY=( $(compgen -W "\${type_list}" -- \${cur_word}) )

    # if no match was found, fall back to filename completion
    if [ \${#COMPREPLY[@]} -eq 0 ]; then
      COMPREPLY=()
    fi

    return 0
}
complete -o bashdefault -o default -F _meshgen_yargs_completions meshgen
###-end-meshgen-completions-###
`,
  zsh: `#compdef meshgen
###-begin-meshgen-completions-###
#
# meshgen command completion for zsh.
# Installation: meshgen completion zsh >> ~/.zshrc
#    or: meshgen completion zsh > "\${fpath[1]}/_meshgen"
#
_meshgen_yargs_completions()
{
  local reply
  local si=$IFS
  IFS=$'\\n' reply=($(ZSH_NAME=zsh COMP_CWORD="$((CURRENT-1))" COMP_LINE="$BUFFER" COMP_POINT="$CURSOR" meshgen --get-yargs-completions "\${words[@]}"))
  IFS=$si
  _describe 'values' reply
}
compdef _meshgen_yargs_completions meshgen
###-end-meshgen-completions-###
`,
};

/** `meshgen completion [bash|zsh]`: prints the shell completion script. */
export function completionCommand(io: CliIO): CommandModule<GlobalOptions, CompletionArgs> {
  return {
    command: 'completion [shell]',
    describe: 'Print the shell completion script (bash or zsh) for commands, flags and their values',
    builder: (y) => y
      .positional('shell', { choices: ['bash', 'zsh'] as const, describe: 'The shell [default: zsh when $SHELL is zsh, else bash]' })
      .example('$0 completion bash >> ~/.bashrc', 'then: meshgen <TAB>, meshgen diff --<TAB>')
      .example('source <($0 completion zsh)', 'in ~/.zshrc'),
    handler: (args) => {
      const shell = args.shell ?? ((io.env ?? process.env).SHELL?.endsWith('zsh') ? 'zsh' : 'bash');
      io.out(SCRIPTS[shell]);
    },
  };
}

/**
 * Shell completion scripts generated from the command tree. Behaviour follows
 * upstream (`kubeadm completion bash|zsh`, zsh through bash-compatible
 * completion); the script text is kubeadm-ts's own, not cobra's byte for byte.
 * The bash script completes sub-command names, aliases and the flags of the
 * command reached so far (local and inherited, long and shorthand).
 */
import type { Command } from "./command.js";

const BOILERPLATE = `
# Copyright 2017 The Kubernetes Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
`;

function fnName(c: Command): string {
  return "_" + c.path().replace(/[ :.-]/g, "_");
}

function commandFunctions(c: Command): string {
  let out = "";
  for (const child of c.commands()) {
    if (child.hidden || child.deprecated) continue;
    out += commandFunctions(child);
  }
  const subs = c.commands().filter((s) => !s.hidden && !s.deprecated);
  const words: string[] = [];
  for (const s of subs) words.push(s.name, ...s.aliases);
  const flags: string[] = [];
  const valueFlags: string[] = [];
  for (const d of c.newFlagSet().defs()) {
    if (d.hidden || d.deprecated) continue;
    flags.push(`--${d.name}`);
    if (d.kind !== "bool") valueFlags.push(`--${d.name}`);
    if (d.shorthand) {
      flags.push(`-${d.shorthand}`);
      if (d.kind !== "bool") valueFlags.push(`-${d.shorthand}`);
    }
  }
  out += `${fnName(c)}()\n{\n`;
  out += `    commands=(${words.map((w) => `"${w}"`).join(" ")})\n`;
  out += `    flags=(${flags.map((f) => `"${f}"`).join(" ")})\n`;
  out += `    value_flags=(${valueFlags.map((f) => `"${f}"`).join(" ")})\n`;
  out += `}\n\n`;
  return out;
}

function dispatch(c: Command): string {
  let out = "";
  const visit = (cmd: Command) => {
    for (const s of cmd.commands()) {
      if (s.hidden || s.deprecated) continue;
      for (const name of [s.name, ...s.aliases]) out += `        "${fnName(cmd)}:${name}") next="${fnName(s)}" ;;\n`;
      visit(s);
    }
  };
  visit(c);
  return out;
}

export function bashCompletion(root: Command): string {
  const name = root.name;
  return `# bash completion for ${name}                              -*- shell-script -*-

${commandFunctions(root)}__${name}_next_command()
{
    local next=""
    case "$1:$2" in
${dispatch(root)}    esac
    printf '%s' "$next"
}

__${name}_takes_value()
{
    local f
    for f in "\${value_flags[@]}"; do
        [[ "$f" == "$1" ]] && return 0
    done
    return 1
}

__start_${name}()
{
    local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
    local commands=() flags=() value_flags=()
    local fn="${fnName(root)}" i word next
    $fn
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="\${COMP_WORDS[i]}"
        if [[ "$word" == -* ]]; then
            if [[ "$word" != *=* ]] && __${name}_takes_value "$word"; then
                ((i++))
            fi
            continue
        fi
        next="$(__${name}_next_command "$fn" "$word")"
        if [[ -n "$next" ]]; then
            fn="$next"
            commands=() flags=() value_flags=()
            $fn
        fi
    done
    if [[ "$prev" == -* && "$prev" != *=* ]] && __${name}_takes_value "$prev"; then
        COMPREPLY=()
        compopt -o default 2>/dev/null
        return
    fi
    if [[ "$cur" == -* ]]; then
        COMPREPLY=( $(compgen -W "\${flags[*]}" -- "$cur") )
    else
        COMPREPLY=( $(compgen -W "\${commands[*]}" -- "$cur") )
    fi
}

if [[ $(type -t compopt) = "builtin" ]]; then
    complete -o default -F __start_${name} ${name}
else
    complete -o default -o nospace -F __start_${name} ${name}
fi

# ex: ts=4 sw=4 et filetype=sh
`;
}

/** zsh: load the bash script through zsh's bash-completion emulation (as upstream does). */
/**
 * The bash script under zsh's bashcompinit. zsh's `type` has no `-t`: zsh has no compopt, so the
 * check asks `whence -w` (which says "none") and takes the bash branch without compopt.
 */
export function zshCompletion(root: Command): string {
  const name = root.name;
  return `#compdef ${name}

autoload -U +X bashcompinit && bashcompinit
autoload -U +X compinit && compinit 2>/dev/null

${bashCompletion(root).replace("$(type -t compopt)", '$(whence -w compopt | cut -d" " -f2)')}`;
}

export function completionBoilerplate(): string {
  return BOILERPLATE;
}

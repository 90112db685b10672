import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {Parser} from '@oclif/core'

/** The programs a printed fix may start with: each is a real command a user has or gets from the fix itself. */
const PROGRAMS = new Set([
  'localclaw',
  'openclaw',
  'ollama',
  'lms',
  'llama-server',
  'vllm',
  'tailscale',
  'sudo',
  'kill',
  'cp',
  'mv',
  'ls',
  'du',
  'lsof',
  'chmod',
  'nvm',
  'npm',
  'docker',
  'nvidia-smi',
  'start',
  'wsl.exe',
  '${EDITOR:-vi}',
  'curl',
  'sh',
  'getent',
  'hf',
])

/** Every simple command in a fix starts with a known program (after any VAR=value), and the whole line is valid shell. */
export function runsAsPrinted(fix: string): string | null {
  if (spawnSync('sh', ['-n', '-c', fix]).status !== 0) return 'not valid shell'
  if (/<\w+>|\.\.\./.test(fix)) return 'a placeholder or "..." left in it'
  for (const part of fix.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/).filter((word) => !/^[A-Z_][A-Z0-9_]*=\S*$/.test(word))
    if (!PROGRAMS.has(words[0] ?? '')) return `"${part.trim()}" does not start with a command`
  }
  return null
}

/** The words of a simple command as sh splits them (quotes removed), by asking sh itself. */
function shellWords(command: string): string[] {
  const out = spawnSync('sh', ['-c', `for word in ${command}; do printf '%s\\0' "$word"; done`], {encoding: 'utf8'}).stdout
  return out.split('\0').slice(0, -1)
}

/**
 * Each `localclaw ...` command in a fix, parsed by oclif with the real command's flags and
 * arguments: an unknown flag, a value outside a flag's choices, a missing required argument or one
 * too many is the message; null when every one parses.
 */
export async function localclawParses(fix: string): Promise<string | null> {
  for (const part of fix.split(/&&|\|\||;|\|/)) {
    const words = shellWords(part.trim())
    if (words[0] !== 'localclaw') continue
    const [, first, second, ...rest] = words
    const topic = fileURLToPath(new URL(`../../src/commands/${first}/${second}.ts`, import.meta.url))
    const nested = second !== undefined && !second.startsWith('-') && existsSync(topic)
    const file = nested
      ? topic
      : existsSync(fileURLToPath(new URL(`../../src/commands/${first}.ts`, import.meta.url)))
        ? `${first}.ts`
        : `${first}/index.ts`
    const url = nested ? new URL(`file://${topic}`) : new URL(`../../src/commands/${file}`, import.meta.url)
    const command = (await import(url.href)).default as {flags?: object; baseFlags?: object; args?: object; strict?: boolean}
    const argv = nested ? rest : [second, ...rest].filter((word): word is string => word !== undefined)
    try {
      await Parser.parse(argv, {flags: {...command.baseFlags, ...command.flags} as never, args: (command.args ?? {}) as never,
        strict: command.strict ?? true})
    } catch (error) {
      return `${part.trim()}: ${(error as Error).message.split('\n')[0]}`
    }
  }
  return null
}

import {describe, expect, it} from 'vitest'

import {BaseCommand} from '../src/base-command.js'
import {LocalclawError} from '../src/lib/errors.js'
import {runCommand} from './helpers/capture.js'

class AsksForModel extends BaseCommand<typeof AsksForModel> {
  async run() {
    if (!this.canPrompt()) throw this.missingAnswer('model', 'A model')
    return {asked: true}
  }
}

class FailsKnowingly extends BaseCommand<typeof FailsKnowingly> {
  async run(): Promise<never> {
    throw new LocalclawError('Port 11434 is taken by nginx (pid 812).', {
      code: 'port_in_use',
      suggestions: ['OLLAMA_HOST=127.0.0.1:11435 ollama serve', 'sudo systemctl stop nginx'],
    })
  }
}

class WarnsOnTheWay extends BaseCommand<typeof WarnsOnTheWay> {
  async run() {
    this.warn('context 4096 is below the 16384 tokens OpenClaw needs for an agent')
    return {done: true, warnings: ['its own warning']}
  }
}

class HasABug extends BaseCommand<typeof HasABug> {
  async run(): Promise<never> {
    throw new TypeError('profile.gpus is undefined')
  }
}

describe('BaseCommand', () => {
  it('never prompts without a terminal: the error names the flag, exit 2', async () => {
    const run = await runCommand(AsksForModel, [])
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe('✖ A model is needed and there is no terminal to ask in.\n  Try: Pass --model\n')
  })

  it('under --json the same error is JSON on stdout', async () => {
    const run = await runCommand(AsksForModel, ['--json'])
    expect(run.exitCode).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'missing_input',
        message: 'A model is needed and there is no terminal to ask in.',
        suggestions: ['Pass --model'],
        exit: 2,
      },
    })
  })

  it('renders an expected failure once, with every suggestion', async () => {
    const run = await runCommand(FailsKnowingly, [])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toBe(
      '✖ Port 11434 is taken by nginx (pid 812).\n  Try: OLLAMA_HOST=127.0.0.1:11435 ollama serve\n       sudo systemctl stop nginx\n',
    )
    expect(run.stdout).toBe('')
  })

  it('a warning is "! text" on stderr for a person, and under --json joins the result\'s warnings[] instead', async () => {
    const human = await runCommand(WarnsOnTheWay, [])
    expect(human.stderr).toBe('! context 4096 is below the 16384 tokens OpenClaw needs for an agent\n')
    const json = await runCommand(WarnsOnTheWay, ['--json'])
    expect(json.stderr).toBe('')
    expect(JSON.parse(json.stdout)).toEqual({
      done: true,
      warnings: ['its own warning', 'context 4096 is below the 16384 tokens OpenClaw needs for an agent'],
    })
  })

  it('calls a bug a bug, exit 1, without a stack trace unless DEBUG is set', async () => {
    const run = await runCommand(HasABug, [])
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/^✖ Unexpected error: profile.gpus is undefined\n/)
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/)
  })
})

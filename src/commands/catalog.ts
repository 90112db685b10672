import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {runtimeFlag} from '../flags.js'
import {listCatalog, type CatalogListing} from '../lib/catalog/list.js'
import {USES} from '../lib/catalog/recommend.js'
import {ExitCode, LocalclawError} from '../lib/errors.js'
import {runtimeById, RUNTIMES} from '../lib/runtimes/registry.js'

const contextText = (tokens: number) => (tokens >= 1024 ? `${Math.round(tokens / 1024)}K` : String(tokens))
const paramsText = (total: number, active: number | null) => `${total}B${active ? ` (${active}B active)` : ''}`

export default class Catalog extends BaseCommand<typeof Catalog> {
  static override summary = 'What localclaw knows: every model, what it can do, which runtimes fetch it, and where the facts come from.'

  static override description = 'Lists the catalog recommend plans from: parameters, context window, capabilities (tools, '
    + 'vision, reasoning, code), the runtimes that can fetch each model with the command that gets it, and the sources and '
    + 'dates of the facts. Filter by use, runtime or part of a name. Exit 1 when nothing matches.'

  static override examples = [
    '<%= config.bin %> catalog',
    '<%= config.bin %> catalog qwen3 --use agent',
    '<%= config.bin %> catalog --runtime vllm --json',
  ]

  static override args = {
    name: Args.string({description: 'Only models whose id, name or family contains this.'}),
  }

  static override flags = {
    use: Flags.option({description: 'Only models suited to this use (agent: tool calls and 16K of context).', options: USES})(),
    runtime: runtimeFlag('Only models this runtime can fetch.'),
  }

  async run(): Promise<CatalogListing> {
    const {flags, args} = this
    const listing = listCatalog({
      use: flags.use, runtime: flags.runtime === undefined ? undefined : runtimeById(flags.runtime), runtimes: RUNTIMES, query: args.name,
    })
    if (listing.models.length === 0 && listing.images.length === 0) {
      if (this.jsonEnabled()) this.exitWithResult(listing, ExitCode.failed)
      throw new LocalclawError(`No catalog model matches${args.name ? ` "${args.name}"` : ''}${flags.use ? ` for ${flags.use} use` : ''}${flags.runtime ? ` on ${flags.runtime}` : ''}.`, {
        code: 'no_match', exit: ExitCode.failed,
        suggestions: ['localclaw catalog lists them all', 'A model outside the catalog: localclaw recommend hf.co/<org>/<repo>:<QUANT>, or an Ollama name:tag'],
      })
    }
    if (!this.jsonEnabled()) this.log(this.render(listing))
    return listing
  }

  private render(listing: CatalogListing): string {
    const rows = listing.models.map((model) => [
      model.id, paramsText(model.paramsB, model.activeParamsB), contextText(model.contextLength),
      model.capabilities.join(' ') || '-', model.runtimes.map((entry) => entry.runtime).join(' ') || '-',
    ])
    const header = ['MODEL', 'PARAMS', 'CONTEXT', 'CAN', 'RUNTIMES']
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
    const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')
    const lines: string[] = []
    if (rows.length > 0) {
      const scope = [listing.use ? `for ${listing.use} use` : '', listing.runtime ? `on ${listing.runtime}` : ''].filter(Boolean).join(', ')
      lines.push(`${rows.length} language model${rows.length === 1 ? '' : 's'}${scope ? ` ${scope}` : ''}:`, '', line(header), ...rows.map(line))
    }
    if (listing.images.length > 0) {
      lines.push(...(lines.length > 0 ? [''] : []), `${listing.images.length} image model${listing.images.length === 1 ? '' : 's'} (not served by these runtimes; recommend --use image sizes them):`)
      const width = Math.max(...listing.images.map((model) => model.id.length))
      lines.push(...listing.images.map((model) => `  ${model.id.padEnd(width)}  ${model.paramsB}B, ${model.minVramGiB}-${model.comfortableVramGiB} GiB of GPU memory`))
    }
    lines.push('', 'Facts as of:', ...listing.sources.map((source) => `  ${source.what}: ${source.asOf ?? 'not read yet'}`))
    lines.push('', 'One model in detail (its sources, commands, fit here): localclaw recommend <model>; everything: --json')
    return lines.join('\n')
  }
}

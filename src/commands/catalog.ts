import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {runtimeFlag} from '../flags.js'
import {listCatalog, type CatalogListing} from '../lib/catalog/list.js'
import {renderCatalog} from '../lib/catalog/render.js'
import {USES} from '../lib/catalog/recommend.js'
import {ExitCode, LocalclawError} from '../lib/errors.js'
import {runtimeById, RUNTIMES} from '../lib/runtimes/registry.js'

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
    name: Args.string({description: 'Only models whose id, name or family contains this.', ignoreStdin: true}),
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
      throw new LocalclawError(
        `No catalog model matches${args.name ? ` "${args.name}"` : ''}${flags.use ? ` for ${flags.use} use` : ''}${flags.runtime ? ` on ${flags.runtime}` : ''}.`,
        {
          code: 'no_match',
          exit: ExitCode.failed,
          suggestions: [
            'localclaw catalog lists them all',
            'A model outside the catalog: localclaw recommend hf.co/<org>/<repo>:<QUANT>, or an Ollama name:tag',
          ],
        },
      )
    }
    if (!this.jsonEnabled()) this.log(renderCatalog(listing))
    return listing
  }
}

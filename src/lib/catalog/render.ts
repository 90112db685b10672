import {formatBytes} from '../ui/format.js'
import {columns, labelled} from '../ui/table.js'
import type {CatalogListing} from './list.js'
import type {Evaluation} from './recommend.js'
import type {HardwareSummary, PublicEvaluation, RecommendListResult, RecommendModelResult} from './service.js'

export const WHERE: Record<Evaluation['placement'], string> = {
  gpu: 'on the GPU',
  partial: 'split GPU + RAM',
  cpu: 'on the CPU',
  none: 'does not fit',
}

/** "8 x NVIDIA H100 SXM (80.0 GiB free of 80.0 GiB)": identical GPUs once, with their count. */
function gpuText(gpus: HardwareSummary['gpus']): string {
  const groups: Array<{text: string; count: number}> = []
  for (const gpu of gpus) {
    const text = `${gpu.name} (${formatBytes(gpu.freeBytes)} free of ${formatBytes(gpu.totalBytes)})`
    const same = groups.find((group) => group.text === text)
    if (same) same.count++
    else groups.push({text, count: 1})
  }
  return groups.map((group) => `${group.count > 1 ? `${group.count} x ` : ''}${group.text}`).join(' + ')
}

function machineLine(hardware: HardwareSummary): string {
  const gpus = hardware.gpus.length === 0 ? 'no usable GPU' : gpuText(hardware.gpus)
  const nodes = hardware.nodes > 1 ? `${hardware.nodes} machines, each ` : ''
  return `${nodes}${gpus}, ${formatBytes(hardware.ramAvailableBytes)} RAM available${hardware.source === 'hypothetical' ? ' (hypothetical)' : ''}`
}

export function speedText(evaluation: {
  speed: (Pick<NonNullable<PublicEvaluation['speed']>, 'tokensPerSecond' | 'low' | 'high'> & {firstTokenSeconds?: number | null}) | null
}): string {
  const speed = evaluation.speed
  if (!speed) return 'speed unknown'
  const firstToken = speed.firstTokenSeconds == null ? '' : `, first token ~${speed.firstTokenSeconds} s`
  return `~${speed.tokensPerSecond} tok/s (${speed.low}-${speed.high})${firstToken}`
}

function memoryText(memory: Evaluation['memory']): string {
  return `weights ${formatBytes(memory.weightsBytes)} + KV cache ${formatBytes(memory.kvBytes)} + overhead ${formatBytes(memory.overheadBytes)} = ${formatBytes(memory.totalBytes)}`
}

export function renderList(result: RecommendListResult): string {
  const lines = [`For ${result.use} use on ${machineLine(result.hardware)}:`, '']
  if (result.images) {
    for (const image of result.images) {
      const mark = image.fits === 'no' ? 'x' : image.fits === 'tight' ? '~' : '+'
      lines.push(`${mark} ${image.name.padEnd(24)} ${image.reason}  (${image.repo})`)
    }
  }
  result.recommendations.forEach((evaluation, index) => {
    const context = `${Math.round(evaluation.contextTokens / 1024)}K ctx`
    lines.push(
      `${String(index + 1).padStart(2)}. ${evaluation.model}  ${evaluation.quant}, ${context}, ${WHERE[evaluation.placement]}, ${formatBytes(evaluation.memory.totalBytes)}, ${speedText(evaluation)}`,
    )
    if (evaluation.pullCommand) lines.push(`    ${evaluation.pullCommand}`)
    lines.push(`    ${evaluation.reasons[0]}`)
    for (const warning of evaluation.warnings) lines.push(`    ! ${warning}`)
  })
  if (result.tooSlow.length > 0) {
    lines.push('', `Also fit, but too slow for ${result.use} use:`)
    for (const entry of result.tooSlow.slice(0, 6)) lines.push(`  ${entry.model}: ${entry.reason}`)
    if (result.tooSlow.length > 6) lines.push(`  and ${result.tooSlow.length - 6} more (--json lists them all)`)
  }
  for (const warning of result.warnings) lines.push(`! ${warning}`)
  if (result.recommendations.length > 0) lines.push('', `Details for one model: localclaw recommend ${result.recommendations[0]!.model}`)
  return lines.join('\n').replace(/\n{3,}/g, '\n\n')
}

export function renderModel(result: RecommendModelResult): string {
  const {cluster} = result
  // With a cluster plan the headline, the speed and the runtime are the cluster's: one plan, not two.
  const fit = cluster
    ? `across ${cluster.nodes} machines with vLLM and Ray, ${cluster.gpusPerNode} GPUs each (${formatBytes(cluster.neededBytes)} of ${formatBytes(cluster.availableBytes)}); not on one machine`
    : result.placement === 'gpu'
      ? `yes, ${WHERE.gpu} (all ${result.totalLayers} layers)`
      : result.placement === 'partial'
        ? `partly: ${result.gpuLayers} of ${result.totalLayers} layers on the GPU, the rest in RAM`
        : result.placement === 'cpu'
          ? 'on the CPU only (system RAM)'
          : 'no'
  const speed = cluster
    ? cluster.speed
      ? `at most ~${cluster.speed.high} tok/s across the machines: ${cluster.speed.basis}, the pipeline stages in turn; the network between the machines keeps it lower`
      : 'unknown (bandwidth not known)'
    : result.speed
      ? `${speedText(result)}; ${result.speed.basis}`
      : result.placement === 'none'
        ? 'none: it does not fit'
        : 'unknown (bandwidth not known)'
  const rows: Array<[string, string]> = [
    ['Machine', machineLine(result.hardware)],
    ['Fits', fit],
    [
      'Quant',
      `${result.quant}, ${result.contextTokens.toLocaleString('en-US')} tokens of context${result.maxContextTokens > result.contextTokens ? ` (up to ${result.maxContextTokens.toLocaleString('en-US')} fits)` : ''}`,
    ],
    ['Memory', memoryText(result.memory)],
    ['', result.memory.weightsBasis],
    ['Speed', speed],
    ...(result.speed
      ? [
          [
            'First token',
            result.speed.firstTokenSeconds === null
              ? 'unknown (the GPU\'s FP16 TFLOPS are not known: pass --tflops)'
              : `about ${result.speed.firstTokenSeconds} s (${result.speed.firstTokenRange!.low}-${result.speed.firstTokenRange!.high}) for ${result.speed.promptTokens} prompt tokens at ~${result.speed.prefillTokensPerSecond} tok/s, plus ~${result.speed.loadSeconds} s to load cold; ${result.speed.prefillBasis}`,
          ] as [string, string],
        ]
      : []),
    [
      'Runtime',
      cluster
        ? `vllm on ${cluster.nodes} machines with Ray: the commands below`
        : `${result.runtime}${result.pullCommand ? `: ${result.pullCommand}` : ''}`,
    ],
    ['Why', result.reasons.join('; ')],
  ]
  const lines = [`${result.model} (${result.name})`, labelled(rows)]
  for (const warning of result.warnings) lines.push(`! ${warning}`)
  if (result.alternatives.length > 0) {
    lines.push('', 'To make it fit better:')
    for (const alternative of result.alternatives) {
      lines.push(
        `  ${alternative.flags.padEnd(20)} ${alternative.change}: ${WHERE[alternative.placement]}, ${Math.round(alternative.contextTokens / 1024)}K${alternative.tokensPerSecond ? `, ~${alternative.tokensPerSecond} tok/s` : ''}`,
      )
    }
  }
  if (cluster) {
    lines.push(
      '',
      `Across ${cluster.nodes} machines with vLLM and Ray (${formatBytes(cluster.neededBytes)} needed, ${formatBytes(cluster.availableBytes)} available):`,
    )
    lines.push(...cluster.commands.map((command) => `  ${command}`))
    lines.push(...cluster.warnings.map((warning) => `! ${warning}`))
  }
  return lines.join('\n')
}

const contextText = (tokens: number) => (tokens >= 1024 ? `${Math.round(tokens / 1024)}K` : String(tokens))
const paramsText = (total: number, active: number | null) => `${total}B${active ? ` (${active}B active)` : ''}`
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

/** localclaw catalog for a person: the models in columns, the image models, and the dates of the facts. */
export function renderCatalog(listing: CatalogListing): string {
  const lines: string[] = []
  if (listing.models.length > 0) {
    const rows = listing.models.map((model) => [
      model.id, paramsText(model.paramsB, model.activeParamsB), contextText(model.contextLength),
      model.capabilities.join(' ') || '-', model.runtimes.map((entry) => entry.runtime).join(' ') || '-',
    ])
    const scope = [listing.use ? `for ${listing.use} use` : '', listing.runtime ? `on ${listing.runtime}` : ''].filter(Boolean).join(', ')
    lines.push(
      `${plural(rows.length, 'language model')}${scope ? ` ${scope}` : ''}:`,
      '',
      ...columns([['MODEL', 'PARAMS', 'CONTEXT', 'CAN', 'RUNTIMES'], ...rows]),
    )
  }
  if (listing.images.length > 0) {
    if (lines.length > 0) lines.push('')
    lines.push(`${plural(listing.images.length, 'image model')} (not served by these runtimes; recommend --use image sizes them):`)
    const rows = listing.images.map((model) => [
      `  ${model.id}`,
      `${model.paramsB}B, ${model.minVramGiB}-${model.comfortableVramGiB} GiB of GPU memory`,
    ])
    lines.push(...columns(rows))
  }
  lines.push('', 'Facts as of:', ...listing.sources.map((source) => `  ${source.what}: ${source.asOf ?? 'not read yet'}`))
  lines.push('', 'One model in detail (its sources, commands, fit here): localclaw recommend <model>; everything: --json')
  return lines.join('\n')
}

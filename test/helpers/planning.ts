import type {RecommendOptions} from '../../src/lib/catalog/recommend.js'
import {runtimeById, RUNTIMES} from '../../src/lib/runtimes/registry.js'
import type {RuntimeId} from '../../src/lib/runtimes/runtime.js'

/** recommend's options as the commands build them: the registry's runtimes, and the one named by id. */
export function planning(options: Omit<RecommendOptions, 'runtimes' | 'runtime'> & {runtime?: RuntimeId}): RecommendOptions {
  return {...options, runtimes: RUNTIMES, runtime: options.runtime === undefined ? undefined : runtimeById(options.runtime)}
}

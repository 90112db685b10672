import type {Check} from '../check.js'
import {configCheck} from './config.js'
import {contextCheck} from './context.js'
import {diskCheck, nodeCheck, osCheck} from './environment.js'
import {gpuCheck} from './gpu.js'
import {liveCheck} from './live.js'
import {logCheck} from './logs.js'
import {modelCheck} from './models.js'
import {portCheck} from './ports.js'
import {runtimeCheck} from './runtimes.js'

/** In the order a person reads the report: the machine, the runtimes, the config, what the logs say, then (--live) what the model does. */
export const CHECKS: Check[] = [nodeCheck, osCheck, diskCheck, runtimeCheck, portCheck, gpuCheck, configCheck, modelCheck, contextCheck,
  logCheck, liveCheck]

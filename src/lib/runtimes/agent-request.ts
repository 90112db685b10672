import {parseJson, type HttpRequest} from '../net/http.js'
import {serverRoot} from './runtime.js'

/**
 * One agent-shaped request, sent the way OpenClaw sends it for the configured api: Ollama's native
 * /api/chat, OpenAI chat completions, or the Responses API. It carries one small tool and asks for
 * it, so the reply shows whether tool calls come back structured. Shapes: Ollama's tool-calling docs
 * (docs.ollama.com/capabilities/tool-calling), OpenAI's chat completions and Responses references,
 * llama-server's `timings` (tools/server README).
 */
export const PROBE_TOOL = {
  name: 'get_weather',
  description: 'Get the current weather for a city',
  parameters: {type: 'object', properties: {city: {type: 'string', description: 'The city'}}, required: ['city']},
}
const PROBE_PROMPT = 'What is the weather in Paris right now? Use the get_weather tool.'

export interface ProbeRequest {
  api: string
  /** The provider's baseUrl, as OpenClaw uses it (with /v1 for the OpenAI apis). */
  baseUrl: string
  model: string
  bearer: string | null
  /** What OpenClaw sends Ollama as options.num_ctx. */
  numCtx: number | null
  timeoutMs: number
}

/** What came back, whatever the api. Durations in seconds; null where the runtime does not say. */
export interface ProbeReply {
  toolCalls: Array<{name: string; arguments: string}>
  content: string
  thinking: string
  timings: {
    loadSeconds: number | null
    promptTokens: number | null
    promptSeconds: number | null
    outputTokens: number | null
    outputSeconds: number | null
  }
  wallSeconds: number
}

export type ProbeOutcome =
  | {kind: 'reply'; reply: ProbeReply}
  | {kind: 'http-error'; status: number; body: string}
  | {kind: 'no-answer'; error: string; message: string}
  | {kind: 'unreadable'; body: string}

// An answer's JSON, read field by field through guards (text(), count(), args()): any only until those.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const seconds = (nanoseconds: unknown): number | null => (typeof nanoseconds === 'number' && nanoseconds > 0 ? nanoseconds / 1e9 : null)
const count = (value: unknown): number | null => (typeof value === 'number' && value >= 0 ? value : null)
const args = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? {}))
const MESSAGES = [{role: 'user', content: PROBE_PROMPT}]

/** How OpenClaw sends a turn for one api, and how its reply reads. */
interface Transport {
  request(probe: ProbeRequest): {url: string; body: Body}
  normalise(body: Body, wallSeconds: number): ProbeReply | null
}

/** Chat completions (llama.cpp, vLLM, and what OpenClaw sends for any api it does not know). */
const chatCompletions: Transport = {
  request: (probe) => ({
    url: `${probe.baseUrl}/chat/completions`,
    body: {
      model: probe.model,
      messages: MESSAGES,
      tools: [{type: 'function', function: PROBE_TOOL}],
      tool_choice: 'auto',
      max_tokens: 1024,
      stream: false,
    },
  }),
  normalise(body, wallSeconds) {
    const message = Array.isArray(body.choices) ? body.choices[0]?.message : undefined
    if (typeof message !== 'object' || message === null) return null
    // llama-server adds its own timings (milliseconds); the others report token counts only.
    const timings = body.timings ?? {}
    const ms = (value: unknown) => (typeof value === 'number' && value > 0 ? value / 1000 : null)
    return {
      toolCalls: (Array.isArray(message.tool_calls) ? message.tool_calls : []).map((call: Body) => ({
        name: text(call?.function?.name),
        arguments: args(call?.function?.arguments),
      })),
      content: text(message.content),
      thinking: text(message.reasoning_content) || text(message.reasoning),
      wallSeconds,
      timings: {
        loadSeconds: null,
        promptTokens: count(timings.prompt_n) ?? count(body.usage?.prompt_tokens),
        promptSeconds: ms(timings.prompt_ms),
        outputTokens: count(timings.predicted_n) ?? count(body.usage?.completion_tokens),
        outputSeconds: ms(timings.predicted_ms),
      },
    }
  },
}

const TRANSPORTS: Record<string, Transport> = {
  ollama: {
    request: (probe) => ({
      url: `${serverRoot(probe.baseUrl)}/api/chat`,
      // OpenClaw 2026.9 sends think: false and num_ctx on the native api (memory-math.md section 11, recorded).
      body: {
        model: probe.model,
        messages: MESSAGES,
        stream: false,
        think: false,
        tools: [{type: 'function', function: PROBE_TOOL}],
        ...(probe.numCtx ? {options: {num_ctx: probe.numCtx}} : {}),
      },
    }),
    normalise(body, wallSeconds) {
      const message = body.message
      if (typeof message !== 'object' || message === null) return null
      return {
        toolCalls: (Array.isArray(message.tool_calls) ? message.tool_calls : []).map((call: Body) => ({
          name: text(call?.function?.name),
          arguments: args(call?.function?.arguments),
        })),
        content: text(message.content),
        thinking: text(message.thinking),
        wallSeconds,
        timings: {
          loadSeconds: seconds(body.load_duration),
          promptTokens: count(body.prompt_eval_count),
          promptSeconds: seconds(body.prompt_eval_duration),
          outputTokens: count(body.eval_count),
          outputSeconds: seconds(body.eval_duration),
        },
      }
    },
  },
  'openai-responses': {
    request: (probe) => ({
      url: `${probe.baseUrl}/responses`,
      body: {model: probe.model, input: MESSAGES, tools: [{type: 'function', ...PROBE_TOOL}], max_output_tokens: 1024},
    }),
    normalise(body, wallSeconds) {
      if (!Array.isArray(body.output)) return null
      const items: Body[] = body.output
      const parts = (type: string) => items.filter((item) => item?.type === type)
      return {
        toolCalls: parts('function_call').map((item) => ({name: text(item.name), arguments: args(item.arguments)})),
        content: parts('message')
          .flatMap((item) => (Array.isArray(item.content) ? item.content : []))
          .map((part: Body) => text(part?.text))
          .join(''),
        thinking: parts('reasoning')
          .flatMap((item) => [...(Array.isArray(item.summary) ? item.summary : []), ...(Array.isArray(item.content) ? item.content : [])])
          .map((part: Body) => text(part?.text))
          .join(''),
        wallSeconds,
        timings: {
          loadSeconds: null,
          promptTokens: count(body.usage?.input_tokens),
          promptSeconds: null,
          outputTokens: count(body.usage?.output_tokens),
          outputSeconds: null,
        },
      }
    },
  },
  'openai-completions': chatCompletions,
}

export async function sendProbe(http: HttpRequest, probe: ProbeRequest): Promise<ProbeOutcome> {
  const transport = Object.hasOwn(TRANSPORTS, probe.api) ? TRANSPORTS[probe.api]! : chatCompletions
  const {url, body} = transport.request(probe)
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(probe.bearer ? {authorization: `Bearer ${probe.bearer}`} : {}),
  }
  const started = Date.now()
  const response = await http(url, {method: 'POST', headers, body: JSON.stringify(body), timeoutMs: probe.timeoutMs})
  if (!response.ok) return {kind: 'no-answer', error: response.error, message: response.message}
  if (response.status >= 400) return {kind: 'http-error', status: response.status, body: response.body}
  const parsed = parseJson(response.body)
  const reply = typeof parsed === 'object' && parsed !== null ? transport.normalise(parsed as Body, (Date.now() - started) / 1000) : null
  return reply ? {kind: 'reply', reply} : {kind: 'unreadable', body: response.body}
}

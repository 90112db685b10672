import http from 'node:http'
import type {AddressInfo} from 'node:net'

import type {RuntimeId} from '../../src/lib/runtimes/runtime.js'

/** A request as OpenClaw sent it. */
export interface Recorded {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Record<string, unknown> | null
}

export const ANSWER = 'pong from the stand-in'

/**
 * What each runtime answers to identification, model listing and a streamed chat turn: the
 * documented shapes (runtimes.md; Ollama /api/chat NDJSON, OpenAI chat.completion.chunk SSE, OpenAI
 * Responses events) reduced to what a client reads. COMPOSED from those docs, not recorded from a
 * live server; the requests OpenClaw sends are what the contract checks.
 */
function routes(runtime: RuntimeId, modelId: string):
  Record<string, (body: Record<string, unknown> | null, response: http.ServerResponse) => void> {
  const json = (value: unknown) => (_: unknown, response: http.ServerResponse) => {
    response.writeHead(200, {'content-type': 'application/json'})
    response.end(JSON.stringify(value))
  }
  const sse = (response: http.ServerResponse, events: Array<{event?: string; data: unknown}>, done = true) => {
    response.writeHead(200, {'content-type': 'text/event-stream'})
    for (const event of events) response.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${JSON.stringify(event.data)}\n\n`)
    response.end(done ? 'data: [DONE]\n\n' : '')
  }
  const chatCompletions = (body: Record<string, unknown> | null, response: http.ServerResponse) => {
    const chunk = (delta: unknown, finish: string | null, usage?: unknown) => ({
      data: {
        id: 'chatcmpl-standin',
        object: 'chat.completion.chunk',
        created: 1,
        model: body?.model,
        choices: [{index: 0, delta, finish_reason: finish}],
        ...(usage ? {usage} : {}),
      },
    })
    sse(response, [
      chunk({role: 'assistant', content: ANSWER}, null),
      chunk({}, 'stop', {prompt_tokens: 12, completion_tokens: 4, total_tokens: 16}),
    ])
  }
  switch (runtime) {
    case 'ollama':
      return {
        'GET /api/version': json({version: '0.12.6'}),
        'GET /api/tags': json({models: [{name: modelId, model: modelId, size: 5_225_376_047}]}),
        'POST /api/show': json({
          capabilities: ['completion', 'tools'],
          model_info: {'general.architecture': 'qwen3', 'qwen3.context_length': 40960},
        }),
        'POST /api/chat': (body, response) => {
          response.writeHead(200, {'content-type': 'application/x-ndjson'})
          const at = new Date(0).toISOString()
          response.write(
            `${JSON.stringify({model: body?.model, created_at: at, message: {role: 'assistant', content: ANSWER}, done: false})}\n`,
          )
          response.end(
            `${JSON.stringify({model: body?.model, created_at: at, message: {role: 'assistant', content: ''}, done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: 4})}\n`,
          )
        },
      }
    case 'vllm':
      return {
        'GET /v1/models': json({object: 'list', data: [{id: modelId, object: 'model', owned_by: 'vllm', max_model_len: 32768}]}),
        'GET /version': json({version: '0.11.0'}),
        'POST /v1/chat/completions': chatCompletions,
      }
    case 'llamacpp':
      return {
        'GET /health': json({status: 'ok'}),
        'GET /v1/models': json({object: 'list', data: [{id: modelId, object: 'model', owned_by: 'llamacpp', meta: {n_ctx_train: 40960}}]}),
        'GET /props': json({default_generation_settings: {n_ctx: 32768}}),
        'POST /v1/chat/completions': chatCompletions,
      }
    case 'lmstudio':
      return {
        'GET /lmstudio-greeting': json({lmstudio: true}),
        'GET /api/v0/models': json({
          object: 'list',
          data: [{id: modelId, object: 'model', type: 'llm', state: 'loaded', max_context_length: 40960}],
        }),
        'POST /v1/responses': (body, response) => {
          const item = {
            type: 'message',
            id: 'msg_standin',
            role: 'assistant',
            status: 'completed',
            content: [{type: 'output_text', text: ANSWER, annotations: []}],
          }
          const done = {
            id: 'resp_standin',
            object: 'response',
            created_at: 1,
            model: body?.model,
            status: 'completed',
            output: [item],
            usage: {input_tokens: 12, output_tokens: 4, total_tokens: 16},
          }
          const events = [
            {type: 'response.created', response: {...done, status: 'in_progress', output: []}},
            {type: 'response.output_item.added', output_index: 0, item: {...item, status: 'in_progress', content: []}},
            {
              type: 'response.content_part.added',
              item_id: item.id,
              output_index: 0,
              content_index: 0,
              part: {type: 'output_text', text: '', annotations: []},
            },
            {type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: ANSWER},
            {type: 'response.output_text.done', item_id: item.id, output_index: 0, content_index: 0, text: ANSWER},
            {type: 'response.content_part.done', item_id: item.id, output_index: 0, content_index: 0, part: item.content[0]},
            {type: 'response.output_item.done', output_index: 0, item},
            {type: 'response.completed', response: done},
          ]
          sse(
            response,
            events.map((data, index) => ({event: data.type, data: {...data, sequence_number: index}})),
            false,
          )
        },
      }
  }
}

/** A runtime on loopback that serves one model and records every request OpenClaw makes. */
export async function startStandIn(runtime: RuntimeId,
  modelId: string): Promise<{url: string; port: number; requests: Recorded[]; close: () => Promise<void>}> {
  const table = routes(runtime, modelId)
  const requests: Recorded[] = []
  const server = http.createServer((request, response) => {
    let text = ''
    request.on('data', (chunk) => (text += chunk))
    request.on('end', () => {
      let body: Record<string, unknown> | null = null
      try {
        body = text ? JSON.parse(text) : null
      } catch {
        // recorded as no body
      }
      const path = (request.url ?? '').split('?')[0]
      requests.push({method: request.method ?? '', url: path!, headers: request.headers, body})
      const route = table[`${request.method} ${path}`]
      if (route) return route(body, response)
      // Each runtime's own answer to an unknown route (LM Studio's is a 200 with an error).
      response.writeHead(runtime === 'lmstudio' ? 200 : 404, {'content-type': 'application/json'})
      response.end(runtime === 'lmstudio' ? '{"error":"Unexpected endpoint or method."}' : '404 page not found')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`, port, requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

import JSON5 from 'json5'
import {describe, expect, it} from 'vitest'

import {editDocument, indentUnit, nodeAt, parseDocument} from '../../../src/lib/openclaw/document.js'

/** A hand-written config in the style of OpenClaw's docs: bare keys, comments, a trailing comma. */
const USER_FILE = `// My OpenClaw config
{
  // hosted models first
  agents: {
    defaults: {
      model: { primary: "anthropic/claude-opus-4-7" }, // the good one
      workspace: "~/work",
    },
  },
  channels: { telegram: { enabled: true /* bot */ } },
}
`

describe('JSON5 document', () => {
  it('reads values with json5 and records positions', () => {
    const document = parseDocument(USER_FILE, 'openclaw.json')
    expect(document.value).toEqual(JSON5.parse(USER_FILE))
    const primary = nodeAt(document.root, ['agents', 'defaults', 'model', 'primary'])!
    expect(USER_FILE.slice(primary.start, primary.end)).toBe('"anthropic/claude-opus-4-7"')
    expect(document.comments.map((comment) => USER_FILE.slice(comment.start, comment.end))).toEqual([
      '// My OpenClaw config', '// hosted models first', '// the good one', '/* bot */',
    ])
  })

  it('reports a syntax error with line and column, like OpenClaw does', () => {
    expect(() => parseDocument('{\n  models: {\n    mode: merge\n  }\n}', '/home/u/.openclaw/openclaw.json'))
      .toThrow(/^\/home\/u\/\.openclaw\/openclaw\.json:3:11: not valid JSON5 \(invalid character 'm'\)\. Nothing was written\.$/)
  })

  it('replaces one value and keeps every other byte', () => {
    const {text, lostComments} = editDocument(
      USER_FILE,
      [{op: 'set', path: ['agents', 'defaults', 'model', 'primary'], value: 'ollama/qwen3:8b'}],
      'f',
    )
    expect(text).toBe(USER_FILE.replace('"anthropic/claude-opus-4-7"', '"ollama/qwen3:8b"'))
    expect(lostComments).toEqual([])
  })

  it('creates a missing path at the right indentation, in the object\'s key style and comma style', () => {
    const {text} = editDocument(USER_FILE, [{op: 'set', path: ['models', 'mode'], value: 'merge'}], 'f')
    expect(text).toContain('  channels: { telegram: { enabled: true /* bot */ } },\n  models: {\n    mode: "merge"\n  },\n}')
    expect(JSON5.parse(text).models).toEqual({mode: 'merge'})
  })

  it('appends to an array and replaces one item', () => {
    const start = '{\n  "list": [\n    {"id": "a"},\n    {"id": "b"}\n  ]\n}\n'
    const {text} = editDocument(start, [
      {op: 'replaceItem', path: ['list'], index: 0, value: {id: 'a', v: 2}},
      {op: 'append', path: ['list'], value: {id: 'c'}},
    ], 'f')
    expect(JSON.parse(text)).toEqual({list: [{id: 'a', v: 2}, {id: 'b'}, {id: 'c'}]})
  })

  it('steps into an array item by index to set one key, leaving the rest of the item alone', () => {
    const start = '{\n  list: [\n    { id: "a", n: 1 }, // first\n    { id: "b" },\n  ],\n}\n'
    const {text, lostComments} = editDocument(start, [
      {op: 'set', path: ['list', '0', 'n'], value: 2},
      {op: 'set', path: ['list', '1', 'n'], value: 3},
    ], 'f')
    expect(text).toBe('{\n  list: [\n    { id: "a", n: 2 }, // first\n    { id: "b", n: 3 },\n  ],\n}\n')
    expect(lostComments).toEqual([])
    expect(() => editDocument(start, [{op: 'set', path: ['list', '5', 'n'], value: 1}], 'f')).toThrow(/list\.5 does not exist/)
  })

  it('fills an empty object and an empty file\'s root object', () => {
    expect(JSON.parse(editDocument('{}', [{op: 'set', path: ['a', 'b'], value: 1}], 'f').text)).toEqual({a: {b: 1}})
  })

  it('says which comments a rewrite loses', () => {
    const {lostComments} = editDocument(USER_FILE, [{op: 'set', path: ['channels'], value: {}}], 'f')
    expect(lostComments).toEqual(['/* bot */'])
  })

  it.each([
    ['{\n\t"a": 1\n}', '\t'],
    ['{\n    "a": {\n        "b": 1\n    }\n}', '    '],
    ['{"a":1}', '  '],
  ])('detects the indentation unit of %j', (text, unit) => {
    expect(indentUnit(text)).toBe(unit)
  })

  it('handles quoted keys with dashes, escapes and single quotes', () => {
    const text = `{ 'llama-cpp': { "base\\u0055rl": 'x' } }`
    const document = parseDocument(text, 'f')
    expect(nodeAt(document.root, ['llama-cpp', 'baseUrl'])).toBeDefined()
  })

  describe('an insertion keeps what sits on the line before it', () => {
    const insert = (text: string) => editDocument(text, [{op: 'set', path: ['models', 'providers', 'ollama'], value: {api: 'ollama'}}], 'f')

    it('a trailing comment after a trailing comma stays with its entry', () => {
      const text = '{\n  models: {\n    providers: {\n      anthropic: { apiKey: "${KEY}" }, // hosted\n    },\n  },\n}\n'
      const {text: after, lostComments} = insert(text)
      expect(after).toContain('      anthropic: { apiKey: "${KEY}" }, // hosted\n      ollama: {\n')
      expect(lostComments).toEqual([])
      expect(JSON5.parse(after).models.providers.ollama).toEqual({api: 'ollama'})
    })

    it('a trailing comment without a comma: the comma goes before the comment, the entry after it', () => {
      const text = '{\n  models: {\n    providers: {\n      anthropic: { apiKey: "${KEY}" } /* hosted */ // really\n    }\n  }\n}\n'
      const after = insert(text).text
      expect(after).toContain('      anthropic: { apiKey: "${KEY}" }, /* hosted */ // really\n      ollama: {')
      expect(JSON5.parse(after).models.providers).toEqual({anthropic: {apiKey: '${KEY}'}, ollama: {api: 'ollama'}})
    })

    it('the same for an item appended to an array', () => {
      const text = '{\n  list: [\n    { id: "a" } // first\n  ]\n}\n'
      const after = editDocument(text, [{op: 'append', path: ['list'], value: {id: 'b'}}], 'f').text
      expect(after).toContain('    { id: "a" }, // first\n    {')
      expect(JSON5.parse(after).list).toEqual([{id: 'a'}, {id: 'b'}])
    })
  })

  it('a CRLF file keeps CRLF on the lines localclaw adds', () => {
    const text = '{\r\n  gateway: {\r\n    mode: "local",\r\n  },\r\n}\r\n'
    const after = editDocument(
      text,
      [
        {op: 'set', path: ['models', 'mode'], value: 'merge'},
        {op: 'set', path: ['agents', 'defaults', 'model'], value: {primary: 'ollama/qwen3:8b'}},
      ],
      'f',
    ).text
    expect(after.replace(/\r\n/g, '')).not.toContain('\n')
    expect(JSON5.parse(after)).toEqual({
      gateway: {mode: 'local'},
      models: {mode: 'merge'},
      agents: {defaults: {model: {primary: 'ollama/qwen3:8b'}}},
    })
  })

  it('inserted strings and quoted keys follow the file\'s quote style', () => {
    const text =
      "{\n  gateway: { mode: 'local' },\n  agents: { defaults: { models: { 'anthropic/claude-opus-4-7': { alias: 'opus' } } } },\n}\n"
    const after = editDocument(
      text,
      [{op: 'set', path: ['agents', 'defaults', 'models', "ollama/it's"], value: {alias: 'say "local"'}}],
      'f',
    ).text
    expect(after).toContain(`'ollama/it\\'s': { alias: 'say "local"' }`)
    expect(JSON5.parse(after).agents.defaults.models["ollama/it's"]).toEqual({alias: 'say "local"'})
    expect(editDocument('{ "a": "x" }', [{op: 'set', path: ['b'], value: 'y'}], 'f').text).toBe('{ "a": "x", "b": "y" }')
  })
})

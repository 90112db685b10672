import JSON5 from 'json5'

import {ExitCode, LocalclawError} from '../errors.js'

/**
 * A JSON5 document that can be edited in place. Values come from the json5 library (the reference
 * parser, with line/column errors); a small scanner records where each key and value sits, so an
 * edit rewrites only the ranges localclaw owns and every other byte, comments included, stays.
 */
export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}

export type DocNode =
  | {kind: 'object'; start: number; end: number; properties: DocProperty[]}
  | {kind: 'array'; start: number; end: number; items: DocNode[]}
  | {kind: 'scalar'; start: number; end: number}

export interface DocProperty {
  key: string
  keyStart: number
  /** Whether the key is written with quotes ("key") or bare (key). */
  quoted: boolean
  value: DocNode
}

export interface Comment {
  start: number
  end: number
}

export class Json5SyntaxError extends LocalclawError {}

/** Scans JSON5 structure (the text is already known to be valid JSON5). */
class Scanner {
  position = 0
  readonly comments: Comment[] = []

  constructor(private readonly text: string) {}

  skipTrivia(): void {
    const text = this.text
    for (;;) {
      const char = text[this.position]
      if (char === undefined) return
      if (/\s|\uFEFF/.test(char)) {
        this.position++
      } else if (char === '/' && text[this.position + 1] === '/') {
        const start = this.position
        while (this.position < text.length && text[this.position] !== '\n' && text[this.position] !== '\r') this.position++
        this.comments.push({start, end: this.position})
      } else if (char === '/' && text[this.position + 1] === '*') {
        const start = this.position
        const close = text.indexOf('*/', this.position + 2)
        this.position = close === -1 ? text.length : close + 2
        this.comments.push({start, end: this.position})
      } else {
        return
      }
    }
  }

  value(): DocNode {
    this.skipTrivia()
    const start = this.position
    const char = this.text[start]
    if (char === '{') return this.object(start)
    if (char === '[') return this.array(start)
    if (char === '"' || char === "'") {
      this.string()
      return {kind: 'scalar', start, end: this.position}
    }
    // Numbers, true/false/null, Infinity, NaN: everything up to a delimiter.
    while (this.position < this.text.length && !/[\s,\]}/]/.test(this.text[this.position]!)) this.position++
    return {kind: 'scalar', start, end: this.position}
  }

  /** Skips a quoted string and returns its decoded content (keys need it). */
  string(): string {
    const quote = this.text[this.position]
    const start = this.position
    this.position++
    while (this.position < this.text.length && this.text[this.position] !== quote) {
      if (this.text[this.position] === '\\') this.position++
      this.position++
    }
    this.position++
    return JSON5.parse(this.text.slice(start, this.position)) as string
  }

  private object(start: number): DocNode {
    this.position++
    const properties: DocProperty[] = []
    for (;;) {
      this.skipTrivia()
      if (this.text[this.position] === '}') break
      const keyStart = this.position
      const quoted = this.text[keyStart] === '"' || this.text[keyStart] === "'"
      let key: string
      if (quoted) {
        key = this.string()
      } else {
        while (this.position < this.text.length && !/[\s:]/.test(this.text[this.position]!)) this.position++
        // Bare keys may hold \uXXXX escapes: let JSON5 decode them.
        const raw = this.text.slice(keyStart, this.position)
        key = Object.keys(JSON5.parse(`{${raw}:0}`) as object)[0] ?? raw
      }
      this.skipTrivia()
      this.position++ // ':'
      properties.push({key, keyStart, quoted, value: this.value()})
      this.skipTrivia()
      if (this.text[this.position] === ',') this.position++
    }
    this.position++
    return {kind: 'object', start, end: this.position, properties}
  }

  private array(start: number): DocNode {
    this.position++
    const items: DocNode[] = []
    for (;;) {
      this.skipTrivia()
      if (this.text[this.position] === ']') break
      items.push(this.value())
      this.skipTrivia()
      if (this.text[this.position] === ',') this.position++
    }
    this.position++
    return {kind: 'array', start, end: this.position, items}
  }
}

export interface ParsedDocument {
  text: string
  value: Json
  root: DocNode
  comments: Comment[]
}

export function parseDocument(text: string, file: string): ParsedDocument {
  let value: Json
  try {
    value = JSON5.parse(text) as Json
  } catch (error) {
    const {lineNumber, columnNumber, message} = error as {lineNumber?: number; columnNumber?: number; message: string}
    const where = lineNumber === undefined ? file : `${file}:${lineNumber}:${columnNumber}`
    throw new Json5SyntaxError(
      `${where}: not valid JSON5 (${message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '')}). Nothing was written.`,
      {
        code: 'config_parse_error',
        exit: ExitCode.failed,
        suggestions: [
          `Fix the file at line ${lineNumber ?? '?'}, column ${columnNumber ?? '?'}, then run the command again`,
          'openclaw config validate shows the same error',
        ],
      },
    )
  }
  const scanner = new Scanner(text)
  const root = scanner.value()
  scanner.skipTrivia()
  return {text, value, root, comments: scanner.comments}
}

/** The node at a key path, or undefined. JSON5 keeps the last of duplicate keys, so do we. */
export function nodeAt(root: DocNode, path: string[]): DocNode | undefined {
  let node: DocNode | undefined = root
  for (const key of path) {
    if (node?.kind !== 'object') return undefined
    node = node.properties.findLast((property) => property.key === key)?.value
  }
  return node
}

export interface Edit {
  start: number
  end: number
  text: string
}

/** Applies non-overlapping edits, back to front so earlier offsets stay valid. */
export function applyEdits(text: string, edits: Edit[]): string {
  let result = text
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end)
  }
  return result
}

/** The whitespace that starts the line containing offset. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1
  return /^[ \t]*/.exec(text.slice(lineStart))![0]
}

/** The file's indentation unit: the smallest non-zero indent in use, else two spaces. */
export function indentUnit(text: string): string {
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((match) => match[1]!)
  if (indents.length === 0) return '  '
  if (indents.some((indent) => indent.startsWith('\t'))) return '\t'
  return ' '.repeat(Math.min(...indents.map((indent) => indent.length)))
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

export interface Style {
  unit: string
  /** The file writes object keys bare (JSON5 style) where it can. */
  bareKeys: boolean
  /** The quote the file's strings use. */
  quote: '"' | "'"
}

/** A string literal in the file's quote style (JSON5 allows either). */
function quoted(value: string, style: Style): string {
  const json = JSON.stringify(value)
  if (style.quote === '"') return json
  // Re-escape JSON's double-quoted body: \" becomes ", a bare ' becomes \'; other escapes stay.
  return `'${json.slice(1, -1).replace(/\\(.)|'/g, (match: string, escaped?: string) => (escaped === '"' ? '"' : match === "'" ? "\\'" : match))}'`
}

const keyFor = (key: string, style: Style) => (style.bareKeys && IDENTIFIER.test(key) ? key : quoted(key, style))

/** Text for a value in the file's style, its lines indented to sit at `indent`; inline when `inline`. */
export function serialize(value: Json, indent: string, style: Style, inline = false): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (inline || value.every((item) => typeof item !== 'object' || item === null)) {
      return `[${value.map((item) => serialize(item, indent, style, true)).join(', ')}]`
    }
    const inner = indent + style.unit
    return `[\n${value.map((item) => inner + serialize(item, inner, style)).join(',\n')}\n${indent}]`
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
    if (entries.length === 0) return '{}'
    if (inline) return `{ ${entries.map(([key, item]) => `${keyFor(key, style)}: ${serialize(item, indent, style, true)}`).join(', ')} }`
    const inner = indent + style.unit
    return `{\n${entries.map(([key, item]) => `${inner}${keyFor(key, style)}: ${serialize(item, inner, style)}`).join(',\n')}\n${indent}}`
  }
  return typeof value === 'string' ? quoted(value, style) : JSON.stringify(value)
}

/** The file's style: its indentation unit, and whether it writes keys bare. */
export function styleOf(document: ParsedDocument): Style {
  const keys: DocProperty[] = []
  const collect = (node: DocNode) => {
    if (node.kind === 'object') for (const property of node.properties) {
      keys.push(property)
      collect(property.value)
    } else if (node.kind === 'array') node.items.forEach(collect)
  }
  collect(document.root)
  const bare = keys.filter((property) => !property.quoted && IDENTIFIER.test(property.key)).length
  const quotedKeys = keys.filter((property) => property.quoted && IDENTIFIER.test(property.key)).length
  const strings: string[] = []
  const collectStrings = (node: DocNode) => {
    if (node.kind === 'object') node.properties.forEach((property) => collectStrings(property.value))
    else if (node.kind === 'array') node.items.forEach(collectStrings)
    else if (/^["']/.test(document.text[node.start]!)) strings.push(document.text[node.start]!)
  }
  collectStrings(document.root)
  const single = strings.filter((quote) => quote === "'").length
  return {unit: indentUnit(document.text), bareKeys: bare > quotedKeys, quote: single > strings.length - single ? "'" : '"'}
}

const isInline = (text: string, node: DocNode) => !text.slice(node.start, node.end).includes('\n')

/** The character after `offset`, skipping whitespace and comments. */
function nextSignificant(text: string, offset: number): {char: string | undefined; at: number} {
  const scanner = new Scanner(text)
  scanner.position = offset
  scanner.skipTrivia()
  return {char: text[scanner.position], at: scanner.position}
}

/**
 * Where the line's trailing comments end, from `offset`: a line or block comment after a value
 * belongs to that value, so a new entry goes after it, not between the two.
 */
function afterSameLineComments(text: string, offset: number): number {
  let position = offset
  for (;;) {
    let scan = position
    while (text[scan] === ' ' || text[scan] === '\t') scan++
    if (text.startsWith('//', scan)) {
      while (scan < text.length && text[scan] !== '\n' && text[scan] !== '\r') scan++
      return scan
    }
    if (text.startsWith('/*', scan)) {
      const close = text.indexOf('*/', scan + 2)
      if (close === -1 || text.slice(scan, close).includes('\n')) return position
      position = close + 2
      continue
    }
    return position
  }
}

/**
 * The edit that adds `entry` after the last member ending at `end`: after its comma when the file
 * writes trailing commas, else with a comma of its own, and after any comment on that line.
 */
function addAfter(text: string, end: number, indent: string, entry: string): Edit {
  const after = nextSignificant(text, end)
  if (after.char === ',') {
    const at = afterSameLineComments(text, after.at + 1)
    return {start: at, end: at, text: `\n${indent}${entry},`}
  }
  const at = afterSameLineComments(text, end)
  return {start: end, end: at, text: `,${text.slice(end, at)}\n${indent}${entry}`}
}

/** An edit that adds `key: value` to an object, matching its indentation and comma style. */
export function insertProperty(text: string, object: DocNode & {kind: 'object'}, key: string, value: Json, style: Style): Edit {
  if (object.properties.length === 0) {
    const indent = lineIndent(text, object.start)
    const inner = indent + style.unit
    return {start: object.start, end: object.end, text: `{\n${inner}${keyFor(key, style)}: ${serialize(value, inner, style)}\n${indent}}`}
  }
  const last = object.properties.at(-1)!
  if (isInline(text, object)) {
    // { primary: "x" } stays on one line: { primary: "x", fallbacks: ["y"] }
    return {start: last.value.end, end: last.value.end, text: `, ${keyFor(key, style)}: ${serialize(value, '', style, true)}`}
  }
  const indent = lineIndent(text, last.keyStart)
  return addAfter(text, last.value.end, indent, `${keyFor(key, style)}: ${serialize(value, indent, style)}`)
}

/** An edit that appends an item to an array. */
export function appendItem(text: string, array: DocNode & {kind: 'array'}, value: Json, style: Style): Edit {
  if (array.items.length === 0) {
    const indent = lineIndent(text, array.start)
    if (typeof value !== 'object' || value === null)
      return {start: array.start, end: array.end, text: `[${serialize(value, indent, style)}]`}
    return {
      start: array.start,
      end: array.end,
      text: `[\n${indent}${style.unit}${serialize(value, indent + style.unit, style)}\n${indent}]`,
    }
  }
  const last = array.items.at(-1)!
  if (isInline(text, array)) return {start: last.end, end: last.end, text: `, ${serialize(value, '', style, true)}`}
  const indent = lineIndent(text, last.start)
  return addAfter(text, last.end, indent, serialize(value, indent, style))
}

/** An edit that replaces a value in place. */
export function replaceValue(text: string, node: DocNode, value: Json, style: Style): Edit {
  return {
    start: node.start,
    end: node.end,
    text: serialize(value, lineIndent(text, node.start), style, isInline(text, node) && node.kind !== 'scalar'),
  }
}


/** What to change, as data: merge.ts decides these, editDocument carries them out. */
export type Operation =
  | {op: 'set'; path: string[]; value: Json}
  | {op: 'append'; path: string[]; value: Json}
  | {op: 'replaceItem'; path: string[]; index: number; value: Json}

/** The edit for one operation on a freshly parsed document. */
function editFor(document: ParsedDocument, operation: Operation, unit: Style): Edit {
  const {text, root} = document
  if (operation.op !== 'set') {
    const array = nodeAt(root, operation.path)
    if (array?.kind !== 'array') throw new Error(`${operation.path.join('.')} is not an array`)
    if (operation.op === 'append') return appendItem(text, array, operation.value, unit)
    return replaceValue(text, array.items[operation.index]!, operation.value, unit)
  }
  let node: DocNode = root
  for (let depth = 0; depth < operation.path.length; depth++) {
    const key = operation.path[depth]!
    // A numeric key steps into an existing array item (models[2].contextTokens).
    const inArray = node.kind === 'array' && /^\d+$/.test(key)
    if (node.kind !== 'object' && !inArray) throw new Error(`${operation.path.slice(0, depth).join('.')} is not an object`)
    const child =
      node.kind === 'array'
        ? node.items[Number(key)]
        : node.kind === 'object'
          ? node.properties.findLast((property) => property.key === key)?.value
          : undefined
    const rest = operation.path.slice(depth + 1)
    if (!child) {
      if (node.kind !== 'object') throw new Error(`${operation.path.slice(0, depth + 1).join('.')} does not exist`)
      // Create the missing part of the path as nested objects around the value.
      const nested = rest.reduceRight<Json>((inner, name) => ({[name]: inner}), operation.value)
      return insertProperty(text, node, key, nested, unit)
    }
    if (rest.length === 0) return replaceValue(text, child, operation.value, unit)
    if (child.kind !== 'object' && !(child.kind === 'array' && /^\d+$/.test(rest[0]!)))
      return replaceValue(
        text,
        child,
        rest.reduceRight<Json>((inner, name) => ({[name]: inner}), operation.value),
        unit,
      )
    node = child
  }
  return replaceValue(text, root, operation.value, unit)
}

/**
 * Applies operations one at a time, re-reading the document between them, so no two edits can
 * overlap. Returns the new text and the user's comments that did not survive (each one that was in
 * the original and is no longer in the result).
 */
export function editDocument(text: string, operations: Operation[], file: string): {text: string; lostComments: string[]} {
  const original = parseDocument(text, file)
  const unit = styleOf(original)
  let current = text
  // A CRLF file keeps CRLF on the lines localclaw adds.
  const crlf = /\r\n/.test(text)
  for (const operation of operations) {
    const edit = editFor(parseDocument(current, file), operation, unit)
    current = applyEdits(current, [crlf ? {...edit, text: edit.text.replace(/\r?\n/g, '\r\n')} : edit])
  }
  const remaining = new Map<string, number>()
  for (const comment of parseDocument(current, file).comments) {
    const body = current.slice(comment.start, comment.end)
    remaining.set(body, (remaining.get(body) ?? 0) + 1)
  }
  const lostComments: string[] = []
  for (const comment of original.comments) {
    const body = text.slice(comment.start, comment.end)
    const left = remaining.get(body) ?? 0
    if (left > 0) remaining.set(body, left - 1)
    else lostComments.push(body)
  }
  return {text: current, lostComments}
}

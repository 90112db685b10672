import {styleText} from 'node:util'

type Style = Parameters<typeof styleText>[0]

/** Colour only when the stream is a terminal and NO_COLOR/FORCE_COLOR allow it (styleText checks both). */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return styleText(style, text, {stream})
}

export const glyph = {
  fail: '✖',
} as const

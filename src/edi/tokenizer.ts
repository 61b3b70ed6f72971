/**
 * X12 tokenizer: finds each ISA, reads the separators it declares and splits the
 * text into segments and elements. Knows nothing about envelopes beyond the
 * ISA's fixed layout (see interchange.ts for the envelope rules).
 *
 * Tolerated: a UTF-8 BOM, whitespace before the first ISA, CR / LF / CRLF (or any
 * whitespace) after segment terminators, trailing whitespace at the end, a
 * missing terminator after the very last segment, a newline used as the segment
 * terminator (with or without CR), CR/LF inside a segment (line-wrapped files,
 * when the terminator is not itself CR or LF), and different separators per interchange.
 */
import type { Separators } from './types';
import type { Ta1Code } from './errors';

/** Widths of ISA01..ISA16; with the 16 separators, "ISA" and the terminator that is 106 characters. */
export const ISA_FIELD_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;
export const ISA_LENGTH = 106;

export interface RawSegment {
  id: string;
  /** elements[0] is the segment ID. */
  elements: string[];
  offset: number;
  line: number;
  separators: Separators;
}

export interface Unreadable {
  message: string;
  code: Ta1Code;
  offset: number;
  line: number;
}

export type TokenizeResult = { ok: true; segments: RawSegment[] } | { ok: false; error: Unreadable };

export type IsaReadResult =
  { ok: true; elements: string[]; separators: Separators; end: number } | { ok: false; message: string; code: Ta1Code };

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
const isSpace = (c: string) => /^\s$/.test(c);
const show = (c: string) => JSON.stringify(c);

/** Read the fixed-width ISA starting at `start`; `end` is the offset just after its terminator. */
export function readIsa(text: string, start: number): IsaReadResult {
  const element = text.charAt(start + 3);
  if (element === '' || isAlnum(element) || isSpace(element)) {
    return {
      ok: false,
      code: '026',
      message: `ISA: the element separator at offset 3 is ${show(element)}; it must be a non-alphanumeric, non-space character`,
    };
  }
  // Positions of the 16 element separators that precede ISA01..ISA16.
  const seps: number[] = [];
  for (let i = start + 3; i < text.length && seps.length < 16; i++) {
    if (text[i] === element) seps.push(i);
    if (i - start > ISA_LENGTH + 40) break;
  }
  if (seps.length < 16) {
    const available = Math.min(text.length - start, ISA_LENGTH);
    return {
      ok: false,
      code: '023',
      message: `ISA has ${seps.length} of its 16 elements in the first ${available} characters; an ISA must be exactly ${ISA_LENGTH} characters`,
    };
  }
  const fields: string[] = [];
  for (let n = 0; n < 16; n++) {
    const from = seps[n]! + 1;
    const to = n < 15 ? seps[n + 1]! : from + 1;
    fields.push(text.slice(from, to));
  }
  const lastSep = seps[15]!;
  const length = lastSep + 3 - start; // ISA16 (1 char) and the terminator follow the 16th separator
  for (let n = 0; n < 15; n++) {
    const width = fields[n]!.length;
    if (width !== ISA_FIELD_WIDTHS[n]) {
      const name = `ISA${String(n + 1).padStart(2, '0')}`;
      return {
        ok: false,
        code: n === 5 ? '005' : n === 7 ? '007' : '022',
        message: `${name} is ${width} characters, must be ${ISA_FIELD_WIDTHS[n]} (fixed width); the ISA is ${length} characters, must be exactly ${ISA_LENGTH}`,
      };
    }
  }
  if (lastSep + 2 >= text.length) {
    return { ok: false, code: '023', message: `ISA is cut off after ISA16: no segment terminator at offset 105` };
  }
  const component = text.charAt(lastSep + 1);
  const segment = text.charAt(lastSep + 2);
  if (isAlnum(component) || isSpace(component) || component === element) {
    return {
      ok: false,
      code: '027',
      message: `ISA16 component separator ${show(component)} is invalid (must differ from the element separator ${show(element)} and not be alphanumeric or a space)`,
    };
  }
  if (isAlnum(segment) || segment === ' ' || segment === element || segment === component) {
    return {
      ok: false,
      code: '004',
      message: `ISA segment terminator ${show(segment)} at offset 105 is invalid (must be a non-alphanumeric character different from the element and component separators)`,
    };
  }
  const version = fields[11]!;
  const standards = fields[10]!;
  const repetition = version >= '00402' && !isAlnum(standards) ? standards : null;
  return {
    ok: true,
    elements: ['ISA', ...fields],
    separators: { element, component, segment, repetition },
    end: lastSep + 3,
  };
}

/** Split a whole file into segments. Fails only when an ISA cannot be read (then no 997 is possible). */
export function tokenize(input: string): TokenizeResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let pos = 0;
  let line = 1;
  let counted = 0; // text[0..counted) has been scanned for newlines
  const lineAt = (offset: number) => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  const skipSpace = () => {
    while (pos < text.length && isSpace(text[pos]!)) pos++;
  };

  skipSpace();
  if (pos >= text.length)
    return { ok: false, error: { message: 'the document is empty', code: '023', offset: 0, line: 1 } };
  if (!text.startsWith('ISA', pos)) {
    const found = text.slice(pos, pos + 12);
    return {
      ok: false,
      error: {
        message: `the document does not start with an ISA segment (found ${show(found)})`,
        code: '022',
        offset: pos,
        line: lineAt(pos),
      },
    };
  }

  const segments: RawSegment[] = [];
  let separators: Separators | null = null;
  while (true) {
    skipSpace();
    if (pos >= text.length) break;
    const start = pos;
    const startLine = lineAt(start);
    if (text.startsWith('ISA', pos) && !isAlnum(text.charAt(pos + 3))) {
      const isa = readIsa(text, pos);
      if (!isa.ok) {
        const nth = segments.filter((s) => s.id === 'ISA').length + 1;
        return {
          ok: false,
          error: {
            message: `interchange ${nth} (line ${startLine}): ${isa.message}`,
            code: isa.code,
            offset: start,
            line: startLine,
          },
        };
      }
      separators = isa.separators;
      segments.push({ id: 'ISA', elements: isa.elements, offset: start, line: startLine, separators });
      pos = isa.end;
      continue;
    }
    // separators is set: the document starts with a readable ISA.
    const seps = separators!;
    const stop = text.indexOf(seps.segment, pos);
    let raw = (stop < 0 ? text.slice(pos) : text.slice(pos, stop)).replace(/\s+$/, '');
    // CR/LF are never data in X12: inside a segment they come from line-wrapped files.
    if (seps.segment !== '\n' && seps.segment !== '\r') raw = raw.replace(/[\r\n]/g, '');
    pos = stop < 0 ? text.length : stop + seps.segment.length;
    if (raw === '') continue; // an empty segment (e.g. "~~") carries nothing
    const elements = raw.split(seps.element);
    elements[0] = elements[0]!.trim();
    segments.push({ id: elements[0], elements, offset: start, line: startLine, separators: seps });
  }
  return { ok: true, segments };
}

// Maps a JSON pointer in the dereferenced spec back to the file, pointer and line it came from,
// following $refs across files, so validation errors point at what to edit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { formatPointer, parsePointer } from '../../src/runtime/json-pointer.js';

export interface SourceLocation {
  file: string;
  /** JSON pointer inside `file`. */
  pointer: string;
  line?: number;
  col?: number;
}

interface ParsedFile {
  root: unknown;
  lineCounter: LineCounter;
}

/** A chain of more hops than this is a cycle of $refs to $refs. */
const MAX_REF_HOPS = 32;

export class SourceLocator {
  private readonly files = new Map<string, ParsedFile | null>();

  constructor(private readonly rootFile: string) {}

  /** Where `pointer` (a pointer into the fully dereferenced document) is written. */
  locate(pointer: string): SourceLocation {
    let file = path.resolve(this.rootFile);
    let node = this.parse(file)?.root;
    let inFile: string[] = [];
    for (const segment of parsePointer(pointer)) {
      let child = childOf(node, segment);
      let hops = 0;
      // A $ref's own siblings win over the target's keys, as when dereferencing.
      while (child === undefined) {
        const ref = refOf(node);
        if (ref === undefined || hops++ > MAX_REF_HOPS) return this.location(file, inFile, node);
        const target = resolveRef(file, ref);
        const targetNode = nodeAt(this.parse(target.file)?.root, target.segments);
        if (targetNode === undefined) return this.location(file, inFile, node);
        ({ file } = target);
        inFile = [...target.segments];
        node = targetNode;
        child = childOf(node, segment);
      }
      node = child;
      inFile.push(segment);
    }
    return this.location(file, inFile, node);
  }

  private location(file: string, segments: string[], node: unknown): SourceLocation {
    const location: SourceLocation = { file, pointer: formatPointer(segments) };
    const parsed = this.parse(file);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (parsed && range) {
      const { line, col } = parsed.lineCounter.linePos(range[0]);
      location.line = line;
      location.col = col;
    }
    return location;
  }

  private parse(file: string): ParsedFile | null {
    if (!this.files.has(file)) {
      try {
        const lineCounter = new LineCounter();
        const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
        this.files.set(file, { root: document.contents, lineCounter });
      } catch {
        this.files.set(file, null);
      }
    }
    return this.files.get(file) ?? null;
  }
}

function childOf(node: unknown, segment: string): unknown {
  if (isMap(node)) {
    const pair = node.items.find(
      (item) => isScalar(item.key) && String(item.key.value) === segment,
    );
    return pair?.value ?? undefined;
  }
  if (isSeq(node) && /^\d+$/.test(segment)) return node.items[Number(segment)] ?? undefined;
  return undefined;
}

function refOf(node: unknown): string | undefined {
  const ref = childOf(node, '$ref');
  return isScalar(ref) && typeof ref.value === 'string' ? ref.value : undefined;
}

function nodeAt(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) {
    node = childOf(node, segment);
    if (node === undefined) return undefined;
  }
  return node;
}

function resolveRef(fromFile: string, ref: string): { file: string; segments: string[] } {
  const hashAt = ref.indexOf('#');
  const filePart = hashAt === -1 ? ref : ref.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : ref.slice(hashAt);
  const file = filePart ? fileURLToPath(new URL(filePart, pathToFileURL(fromFile))) : fromFile;
  return { file, segments: parsePointer(hash) };
}

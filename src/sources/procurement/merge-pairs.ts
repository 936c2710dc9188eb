/**
 * The machinery of merge.ts: releases flattened into (path → value) pairs under a set of merge rules, and
 * pairs rebuilt into JSON. A path is field names and, for an object in an array, that object's `id` (as
 * text), so that objects with the same `id` in two releases share their paths; an object without an `id`
 * gets a path of its own. A `null` stays a pair (it replaces an older value at that path) and is left
 * out when rebuilding; empty objects and lists add no pair.
 */
import type { MergeRules } from './merge-rules.js';

export type JsonObject = Record<string, unknown>;

/** A release whose value at one path is of another kind than an earlier release's (an object for a literal). */
export class InconsistentTypeError extends Error {
  override readonly name = 'InconsistentTypeError';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Defines an own, enumerable property. Plain assignment of a key named `__proto__` would replace the
 * object's prototype instead (prototype pollution from an upstream payload).
 */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A deep copy of JSON (the result never shares an object with the releases it came from). */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(value)) setOwn(out, key, copy(field));
  return out;
}

/** Deep equality of JSON values. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
}

/** The place of an object in an identifier-merged array: its `id` (as text), or a key of its own. */
export interface Slot {
  /** What objects are matched on: the `id` as text (`1` and `"1"` match), or a unique key without one. */
  readonly key: string;
  /**
   * The `id`'s type when it is not a string (`''` for a string `id`, or none): objects are rebuilt once per
   * distinct typed `id`, so `1` and `"1"` share their paths but make two objects, as in the reference.
   */
  readonly identity: string;
  /** The `id` as published, set on the rebuilt object; `undefined` when the object had none. */
  readonly id: unknown;
}
export type Part = string | Slot;

/**
 * One flattened pair: its path (the first spelling seen for its key) as the path of the object holding it
 * (shared by its siblings) and its own part, the key of each prefix of the parent's path, its own key, and
 * its value.
 */
export interface Pair {
  readonly parent: readonly Part[];
  readonly parentKeys: readonly string[];
  readonly part: Part;
  readonly key: string;
  value: unknown;
  /** A value the merge sets itself, never versioned (the top-level `ocid` of a versioned release). */
  readonly plain?: boolean;
}
/** Pairs by path key, in the order their paths first appeared. */
export type Flat = Map<string, Pair>;

/** An `id` as the reference matches it: as text, with Python's spelling of `null` and booleans. */
function idText(id: unknown): string {
  if (id === null) return 'None';
  if (typeof id === 'boolean') return id ? 'True' : 'False';
  return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : JSON.stringify(id);
}

/**
 * Path keys: parts joined by U+0001; an identified object's part begins with U+0002. A part that holds one
 * of the three marker characters itself is written as JSON after U+0003 (JSON escapes them), so no two
 * paths share a key.
 */
const SEP = '\u0001';
/** Whether `text` holds one of the marker characters U+0001 to U+0003. */
function hasMarker(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 1 && c <= 3) return true;
  }
  return false;
}

export function partKey(part: Part): string {
  if (typeof part === 'string') {
    let known = FIELD_KEYS.get(part);
    if (known === undefined) {
      known = safeText(part);
      if (FIELD_KEYS.size < MAX_FIELD_KEYS) FIELD_KEYS.set(part, known);
    }
    return known;
  }
  return `\u0002${safeText(part.key)}`;
}

function safeText(text: string): string {
  return hasMarker(text) ? `\u0003${JSON.stringify(text)}` : text;
}

/** Field names' keys, remembered: a publication uses a few hundred names over and over. */
const FIELD_KEYS = new Map<string, string>();
const MAX_FIELD_KEYS = 10_000;

/** Flattens releases under one set of rules; objects without an `id` get keys unique within the merge. */
export class Flattener {
  #unnamed = 0;
  constructor(private readonly rules: MergeRules) {}

  flatten(release: JsonObject): Flat {
    const flat: Flat = new Map();
    this.#object(release, [], [], '', flat);
    return flat;
  }

  #object(
    node: JsonObject,
    path: readonly Part[],
    prefixes: readonly string[],
    rulePath: string,
    flat: Flat,
  ): void {
    for (const key of Object.keys(node))
      this.#field(key, node[key], path, prefixes, ruleOf(rulePath, key), flat);
  }

  #field(
    part: Part,
    value: unknown,
    path: readonly Part[],
    prefixes: readonly string[],
    rule: string,
    flat: Flat,
  ): void {
    if (this.rules.omitWhenMerged.has(rule)) return;
    const own = partKey(part);
    const key = prefixes.length === 0 ? own : `${prefixes[prefixes.length - 1] as string}${SEP}${own}`;
    const list = Array.isArray(value);
    if (
      (!list && !isObject(value)) ||
      this.rules.wholeListMerge.has(rule) ||
      (list && (value as unknown[]).some((item) => !isObject(item)))
    ) {
      const held = flat.get(key);
      if (held === undefined) flat.set(key, { parent: path, parentKeys: prefixes, part, key, value });
      else held.value = value;
      return;
    }
    if (list) {
      const items = value as JsonObject[];
      if (items.length === 0) return;
      const here = [...path, part];
      const herePrefixes = [...prefixes, key];
      for (const item of items) this.#field(this.#slot(item), item, here, herePrefixes, rule, flat);
      return;
    }
    const object = value;
    if (isEmpty(object)) return;
    // An object of an array is walked under its array's rule path (the reference leaves indices out).
    this.#object(object, [...path, part], [...prefixes, key], rule, flat);
  }

  #slot(item: JsonObject): Slot {
    if (!Object.hasOwn(item, 'id')) {
      const key = `\u0000${(this.#unnamed += 1)}`;
      return { key, identity: '', id: undefined };
    }
    const id = item['id'];
    // Objects are rebuilt per typed id: a string id is told apart by its text alone (the path key), any
    // other type by that type too.
    const key = idText(id);
    return { key, identity: typeof id === 'string' ? '' : typeof id, id };
  }
}

/** Whether an object has no own enumerable field (without listing its fields). */
function isEmpty(object: JsonObject): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

/**
 * The rule path of field `key` of an object at `rulePath` (`tender/items` + `id`), remembered: the same few
 * hundred paths come back for every release.
 */
function ruleOf(rulePath: string, key: string): string {
  let children = RULE_PATHS.get(rulePath);
  if (children === undefined) {
    children = new Map();
    if (RULE_PATHS.size < MAX_RULE_PARENTS) RULE_PATHS.set(rulePath, children);
  }
  let rule = children.get(key);
  if (rule === undefined) {
    rule = rulePath === '' ? key : `${rulePath}/${key}`;
    if (children.size < MAX_RULE_CHILDREN) children.set(key, rule);
  }
  return rule;
}
const RULE_PATHS = new Map<string, Map<string, string>>();
const MAX_RULE_PARENTS = 5_000;
const MAX_RULE_CHILDREN = 500;

/** What the node at a path is: an object, an array (of identified objects), or a value merged whole. */
type Kind = 'object' | 'array' | 'leaf';

/**
 * The pairs of a merge that met a value of another kind at one path (an object or list where an earlier
 * release gave a literal, or a list where it gave an object, which the reference refuses as
 * inconsistent): each pair is set after the pairs at or under a path whose kind it changes are dropped, so
 * the latest release wins there as for any other value. A `null` changes no kind: as in the reference, it
 * removes a literal and leaves an object or a list as it was. Slower than the plain merge; used only when
 * that one met such a conflict.
 */
export class KindedPairs {
  readonly pairs: Flat = new Map();
  readonly #kinds = new Map<string, Kind>();

  /** The pair at `pair`'s path, after dropping what another kind of value left there; `created` when new. */
  at(pair: Pair): { held: Pair; created: boolean } {
    const path = pathOf(pair);
    const prefixes = [...pair.parentKeys, pair.key];
    for (let i = 0; i < path.length; i += 1) {
      const next = path[i + 1];
      const want: Kind | null =
        next === undefined
          ? pair.value === null
            ? null
            : 'leaf'
          : typeof next === 'string'
            ? 'object'
            : 'array';
      if (want === null) break;
      const prefix = prefixes[i] as string;
      const have = this.#kinds.get(prefix);
      if (have !== undefined && have !== want) this.#drop(prefix);
      if (have !== want) this.#kinds.set(prefix, want);
    }
    const held = this.pairs.get(pair.key);
    if (held !== undefined) return { held, created: false };
    const fresh: Pair = { ...pair, value: undefined };
    this.pairs.set(pair.key, fresh);
    return { held: fresh, created: true };
  }

  /** Drops every pair and kind at or under `prefix`: rare (a kind changed), so a scan is fine. */
  #drop(prefix: string): void {
    const under = prefix + SEP;
    for (const key of this.pairs.keys()) {
      if (key === prefix || key.startsWith(under)) this.pairs.delete(key);
    }
    for (const key of this.#kinds.keys()) {
      if (key === prefix || key.startsWith(under)) this.#kinds.delete(key);
    }
  }
}

/** A pair of the merge's own (`tag`, `id`, `date`, `ocid`), at the top level. */
export function topPair(name: string, value: unknown, plain = false): Pair {
  return { parent: [], parentKeys: [], part: name, key: partKey(name), value, plain };
}

/** A pair's whole path. */
function pathOf(pair: Pair): Part[] {
  return [...pair.parent, pair.part];
}

/** Rebuilds the JSON object of a set of pairs, leaving out `null` values. */
export function unflatten(flat: Flat): JsonObject {
  const root: JsonObject = {};
  const made = new Map<string, JsonObject>();
  // The node at each path prefix walked so far, by the prefix's key: siblings share their parent's walk.
  const nodes = new Map<string, unknown>();
  const prefixKey = (part: Part, key: string) =>
    typeof part === 'string' || part.identity === '' ? key : `${key}\u0000${part.identity}`;
  for (const pair of flat.values()) {
    const { parent, parentKeys, value } = pair;
    const length = parent.length + 1;
    let node: unknown = root;
    let end = 1;
    if (parent.length > 0) {
      const at = prefixKey(parent[parent.length - 1] as Part, parentKeys[parent.length - 1] as string);
      if (nodes.has(at)) {
        node = nodes.get(at);
        end = length;
      }
    }
    for (; end <= length; end += 1) {
      const part = end < length ? (parent[end - 1] as Part) : pair.part;
      const key = end < length ? (parentKeys[end - 1] as string) : pair.key;
      if (typeof part !== 'string') {
        // One object per typed `id` in its array (the reference's rule: `1` and `"1"` share paths, but are
        // rebuilt as two objects), or per object without an `id`.
        const at = prefixKey(part, key);
        const known = made.get(at);
        if (known !== undefined) {
          node = known;
          if (end < length) nodes.set(at, node);
          continue;
        }
        if (!Array.isArray(node)) throw inconsistent(pathOf(pair), end);
        const added: JsonObject = {};
        if (part.id !== undefined && part.id !== null) added['id'] = part.id;
        made.set(at, added);
        node.push(added);
        node = added;
        if (end < length) nodes.set(at, node);
        continue;
      }
      if (!isObject(node)) throw inconsistent(pathOf(pair), end);
      if (Object.hasOwn(node, part)) {
        node = node[part];
        if (end < length) nodes.set(key, node);
        continue;
      }
      if (end < length) {
        const next = end < parent.length ? parent[end] : pair.part;
        const child = typeof next === 'string' ? {} : [];
        setOwn(node, part, child);
        node = child;
        nodes.set(key, node);
        continue;
      }
      if (value !== null) setOwn(node, part, typeof value === 'object' ? copy(value) : value);
    }
  }
  return root;
}

function inconsistent(path: readonly Part[], end: number): InconsistentTypeError {
  const where = path
    .slice(0, end)
    .map((p) => (typeof p === 'string' ? p : p.key.startsWith('\u0000') ? '(no id)' : p.key))
    .join('/');
  return new InconsistentTypeError(
    `releases disagree on the kind of value at /${where} (an object in one, a list or a literal in another)`,
  );
}

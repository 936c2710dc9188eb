import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../src/context.js';
import type { Fetched, Freshness, SourceName } from '../src/domain/index.js';

/**
 * A value a resolver hands out together with the freshness of the upstream record it came from. The
 * schema build wraps every resolver (`recordingSourced`): a returned `SourcedValue` is recorded at the
 * field's path and unwrapped, so a resolver cannot serve an upstream value and forget where it came from
 * (docs/architecture.md, "Freshness model"). A class, not a plain `{ value, freshness }`, so that no
 * domain object can be mistaken for one.
 */
export class SourcedValue<T> implements Fetched<T> {
  constructor(
    readonly value: T,
    readonly freshness: Freshness,
    /** When `value` is null: the error the field answers with, after the read is recorded. */
    readonly ifNull: (() => Error) | null = null,
  ) {}
}

/** A list whose items each come from their own upstream read; an item whose read fails fails alone. */
export class SourcedItems<T> {
  constructor(readonly items: readonly Promise<Fetched<T>>[]) {}
}

/** What a resolver may return for a field of type `T`. */
export type Resolved<T> = T | SourcedValue<T> | (T extends readonly (infer I)[] ? SourcedItems<I> : never);

/** The upstream read as the field's value: recorded at the field's path, then unwrapped. */
export function sourced<T>(read: Fetched<T>): SourcedValue<T>;
/** A value computed from an upstream read (filtered, paged, ...), with that read's freshness. */
export function sourced<T, U>(read: Fetched<T>, derive: (value: T) => U): SourcedValue<U>;
export function sourced<T, U>(read: Fetched<T>, derive?: (value: T) => U): SourcedValue<T | U> {
  return new SourcedValue<T | U>(derive === undefined ? read.value : derive(read.value), read.freshness);
}

/**
 * The upstream read as the field's value, or `missing()` thrown when the upstream said there is no such
 * record: the read that said so is recorded either way.
 */
export function sourcedOrFail<T>(
  read: Fetched<T | null>,
  /** The error for a missing value, told which source answered that it has none. */
  missing: (source: SourceName) => Error,
): SourcedValue<T> {
  return new SourcedValue(read.value, read.freshness, () =>
    missing(read.freshness.source),
  ) as SourcedValue<T>;
}

/** Items read one by one (one promise each): each item is recorded with its own freshness. */
export function sourcedItems<T>(reads: readonly Promise<Fetched<T>>[]): SourcedItems<T> {
  return new SourcedItems(reads);
}

type FieldResolver = GraphQLFieldResolver<unknown, GatewayContext>;

function settle(result: unknown, ctx: GatewayContext, info: GraphQLResolveInfo): unknown {
  if (result instanceof SourcedValue) {
    const read = result as SourcedValue<unknown>;
    ctx.freshness.record(info.path, read.freshness);
    if (read.value === null && read.ifNull !== null) throw read.ifNull();
    return read.value;
  }
  if (result instanceof SourcedItems) {
    const path = info.path;
    return (result as SourcedItems<unknown>).items.map((item, index) =>
      item.then((read) => {
        ctx.freshness.recordItem(path, index, read.freshness);
        return read.value;
      }),
    );
  }
  return result;
}

/**
 * `resolve` made to record what it returns: a `SourcedValue` (or a promise of one) is recorded at
 * `info.path` and unwrapped, `SourcedItems` item by item. A plain value passes through as it was
 * returned: no promise, no allocation.
 */
export function recordingSourced(resolve: FieldResolver): FieldResolver {
  return (parent, args, ctx, info) => {
    const result: unknown = resolve(parent, args, ctx, info);
    if (result instanceof Promise) return result.then((r: unknown) => settle(r, ctx, info));
    return settle(result, ctx, info);
  };
}

/** The resolver function type of the generated resolver types (codegen.ts `customResolverFn`). */
export type SourcedResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo,
) => Promise<Resolved<TResult>> | Resolved<TResult>;

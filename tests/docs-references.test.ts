import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every reference to the project's documentation resolves in a fresh clone: a `docs/…` path named in
 * code, a comment or a document exists; a section named after it (`docs/architecture.md "Freshness
 * model"`, `docs/reliability.md §12b row 3`) is a heading or a matrix row of that file; a Markdown link
 * points at a file that exists and, with `#anchor`, at one of its headings. And nothing cites design
 * notes that live outside the repository.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = relative(ROOT, fileURLToPath(import.meta.url));

/** Where references are looked for. */
const SCANNED_DIRS = ['src', 'resolvers', 'tests', 'bench', 'schema', 'scripts', 'docs', 'data'];
const SCANNED_FILES = ['README.md', 'codegen.ts', 'vitest.config.ts', 'eslint.config.js'];
const TEXT = /\.(ts|js|mjs|md|graphql)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'mesh', 'coverage']);

function walk(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : walk(path);
    return TEXT.test(name) ? [path] : [];
  });
}

const scanned = [...SCANNED_DIRS.flatMap(walk), ...SCANNED_FILES.filter((f) => existsSync(join(ROOT, f)))];
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** A Markdown heading: its level and its text without emphasis or code marks. */
interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

function headingsOf(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  markdown.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) headings.push({ level: m[1]!.length, text: m[2]!.replace(/[`*_]/g, ''), line: i });
  });
  return headings;
}

/** The first cells of the table rows under the heading that names `§id`, up to the next such heading. */
function rowsUnder(markdown: string, id: string): Set<string> | undefined {
  const headings = headingsOf(markdown);
  const at = headings.findIndex((h) => new RegExp(`§${id}(?![\\w])`).test(h.text));
  if (at < 0) return undefined;
  const start = headings[at]!;
  const end = headings.slice(at + 1).find((h) => h.level <= start.level)?.line ?? Infinity;
  const rows = new Set<string>();
  markdown
    .split('\n')
    .slice(start.line + 1, end === Infinity ? undefined : end)
    .forEach((line) => {
      const m = /^\|\s*([^|]+?)\s*\|/.exec(line);
      if (m) rows.add(m[1]!);
    });
  return rows;
}

/** Row numbers named by "row 3", "rows 8–13", "rows 5 and 6", "rows 22, 23". */
function rowNumbers(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(/\s*(?:,|and)\s*/)) {
    const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part);
    if (range) for (let n = Number(range[1]); n <= Number(range[2]); n++) out.push(n);
    else if (/^\d+$/.test(part)) out.push(Number(part));
  }
  return out;
}

interface Reference {
  readonly from: string;
  readonly target: string;
  readonly section?: string;
}

/** `docs/…` paths named anywhere in a scanned file, with the section quoted or §-numbered after them. */
function docsPathReferences(file: string, text: string): Reference[] {
  const refs: Reference[] = [];
  const pattern = /(?<![\w/.-])docs\/[\w./-]*/g;
  for (const m of text.matchAll(pattern)) {
    const target = m[0].replace(/[.,;:]+$/, '');
    if (target.includes('${')) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
    const quoted = /^`?,?\s*\(?\s*"([^"\n]+)"/.exec(after);
    const numbered = /^`?,?\s*\(?\s*((?:§\w+(?:\s+rows?\s+[\d–\-, and]+\d)?(?:,\s*)?)+)/.exec(after);
    refs.push({ from: file, target });
    if (quoted) refs.push({ from: file, target, section: quoted[1]! });
    if (numbered) {
      for (const s of numbered[1]!.matchAll(/§(\w+)(?:\s+rows?\s+([\d–\-, and]+\d))?/g))
        refs.push({ from: file, target, section: s[2] ? `§${s[1]} rows ${s[2]}` : `§${s[1]}` });
    }
  }
  return refs;
}

/** Relative Markdown links of a Markdown file, resolved against its folder. */
function markdownLinks(file: string, text: string): Reference[] {
  const refs: Reference[] = [];
  const withoutCode = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const m of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const link = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // http:, https:, mailto:
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? file : relative(ROOT, resolve(ROOT, dirname(file), path));
    refs.push({ from: file, target, ...(anchor ? { section: `#${anchor}` } : {}) });
  }
  return refs;
}

/** Why `ref` does not resolve, or `null` when it does. */
function problem(ref: Reference): string | null {
  const full = join(ROOT, ref.target);
  if (!existsSync(full)) return `${ref.from}: ${ref.target} does not exist`;
  if (ref.section === undefined) return null;
  if (statSync(full).isDirectory() || !ref.target.endsWith('.md'))
    return `${ref.from}: ${ref.target} is not a document with sections ("${ref.section}")`;
  const markdown = readFileSync(full, 'utf8');
  const headings = headingsOf(markdown);
  const { section } = ref;
  if (section.startsWith('#')) {
    const anchors = new Set(headings.map((h) => slug(h.text)));
    return anchors.has(section.slice(1)) ? null : `${ref.from}: ${ref.target} has no heading ${section}`;
  }
  const numbered = /^§(\w+)(?: rows (.+))?$/.exec(section);
  if (numbered) {
    const rows = rowsUnder(markdown, numbered[1]!);
    if (rows === undefined) return `${ref.from}: ${ref.target} has no section §${numbered[1]}`;
    const missing = rowNumbers(numbered[2] ?? '').filter((n) => !rows.has(String(n)));
    return missing.length === 0
      ? null
      : `${ref.from}: ${ref.target} §${numbered[1]} has no row ${missing.join(', ')}`;
  }
  const wanted = section.toLowerCase();
  return headings.some((h) => h.text.toLowerCase() === wanted)
    ? null
    : `${ref.from}: ${ref.target} has no section "${section}"`;
}

/** Design notes that are not part of the repository, and so must never be cited. */
const OUTSIDE = new RegExp(
  `\\b(?:${['DESIGN', 'RELIABILITY', 'UPSTREAMS', 'STYLE'].join('|')})(?:\\.md\\b| §)|\\.\\./shared\\b`,
);

describe('documentation references', () => {
  it('scans the code, the tests and the documents', () => {
    expect(scanned).toContain('README.md');
    expect(scanned).toContain(join('docs', 'architecture.md'));
    expect(scanned.some((f) => f.startsWith('src/'))).toBe(true);
  });

  it('cites no design notes from outside the repository', () => {
    const citing = scanned
      .filter((f) => f !== SELF)
      .flatMap((f) =>
        read(f)
          .split('\n')
          .flatMap((line, i) => (OUTSIDE.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(citing).toEqual([]);
  });

  it('names only docs/ paths that exist, and sections those documents have', () => {
    // Data folders name files of other repositories (`docs/examples/…` of a standard), so they are left out.
    const refs = scanned
      .filter((f) => f !== SELF && !f.startsWith('data/'))
      .flatMap((f) => docsPathReferences(f, read(f)));
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.map(problem).filter((p) => p !== null)).toEqual([]);
  });

  it('links Markdown documents to files and headings that exist', () => {
    const refs = scanned.filter((f) => f.endsWith('.md')).flatMap((f) => markdownLinks(f, read(f)));
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.map(problem).filter((p) => p !== null)).toEqual([]);
  });

  it('resolves sections the way a reader would', () => {
    const doc = 'docs/reliability.md';
    expect(problem({ from: 'x', target: doc, section: '§12b rows 3' })).toBeNull();
    expect(problem({ from: 'x', target: doc, section: '§12a rows 8–13' })).toBeNull();
    expect(problem({ from: 'x', target: doc, section: '§12b rows 99' })).toMatch(/no row 99/);
    expect(problem({ from: 'x', target: doc, section: '§99' })).toMatch(/no section §99/);
    expect(problem({ from: 'x', target: doc, section: '#limits' })).toBeNull();
    expect(problem({ from: 'x', target: doc, section: 'Limits' })).toBeNull();
    expect(problem({ from: 'x', target: doc, section: 'No such section' })).toMatch(/no section/);
    expect(problem({ from: 'x', target: 'docs/missing.md' })).toMatch(/does not exist/);
    expect(
      docsPathReferences(
        'f.ts',
        'see docs/reliability.md §12b rows 22, 23 and docs/architecture.md ("Layers").',
      ),
    ).toEqual([
      { from: 'f.ts', target: 'docs/reliability.md' },
      { from: 'f.ts', target: 'docs/reliability.md', section: '§12b rows 22, 23' },
      { from: 'f.ts', target: 'docs/architecture.md' },
      { from: 'f.ts', target: 'docs/architecture.md', section: 'Layers' },
    ]);
    expect(slug('§12b. Upstream faults')).toBe('12b-upstream-faults');
    expect(OUTSIDE.test(['see ', 'DESIGN', '.md'].join(''))).toBe(true);
    expect(OUTSIDE.test(['(', 'RELIABILITY', ' §11)'].join(''))).toBe(true);
    expect(OUTSIDE.test('RELIABILITY is a goal')).toBe(false);
  });

  it('documents every environment variable in docs/configuration.md', () => {
    // Keys of the environment schemas: the gateway's own (`config.ts`) and each source's (its descriptor,
    // `src/sources/<name>/descriptor.ts`; per-source policy keys are documented once as `<SOURCE>_…`).
    const descriptors = readdirSync(join(ROOT, 'src/sources')).map((f) => `src/sources/${f}/descriptor.ts`);
    const keys = ['src/config.ts', ...descriptors]
      .filter((f) => existsSync(join(ROOT, f)))
      .flatMap((f) =>
        [...read(f).matchAll(/^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}): /gm)].map((m) => m[1]!),
      );
    expect(keys.length).toBeGreaterThan(30);
    const documented = read('docs/configuration.md');
    const missing = [...new Set(keys)].filter(
      (key) => !documented.includes(`\`${key}\``) && !documented.includes(`\`<SOURCE>_${key}\``),
    );
    expect(missing).toEqual([]);
  });
});

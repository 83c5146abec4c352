// Generates TypeScript declarations from Herald's JSON Schemas with json-schema-to-typescript:
//   src/generated/events.ts   one type per event, a union per channel namespace, ChannelEvent<C> selecting the
//                             union from a channel name, and the Herald protocol frames;
//   test-types/examples.generated.ts  every schema example and every fixture assigned to its type, so `tsc --strict`
//                             proves the types accept what the schemas and the products' documentation send.
//
// Usage: node scripts/generate-types.mjs <schemas dir> <catalog.json> <fixtures dir>
//
// The schemas are found by walking the directory (each file's $id), never from a list; which event types a channel
// namespace carries comes from the catalogue dump (scripts/DumpCatalog.java).
import { compile } from 'json-schema-to-typescript';
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [schemasDir, catalogFile, fixturesDir] = process.argv.slice(2);
if (!schemasDir || !catalogFile || !fixturesDir) {
  console.error('usage: generate-types.mjs <schemas dir> <catalog.json> <fixtures dir>');
  process.exit(2);
}

function walk(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [path] : [];
  });
}

const byId = new Map();
for (const file of walk(schemasDir)) {
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof schema.$id !== 'string') throw new Error(`${file}: schema without $id`);
  byId.set(schema.$id, { file, schema });
}

// ---- $ref resolution (relative to each schema's $id) and flattening of `allOf: [{$ref: base}]` ----

function pointer(doc, fragment) {
  if (!fragment) return doc;
  return fragment.replace(/^\//, '').split('/').reduce((node, raw) => {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node == null || !(key in node)) throw new Error(`unresolvable pointer #${fragment}`);
    return node[key];
  }, doc);
}

function resolveRef(ref, baseId) {
  const url = new URL(ref, baseId);
  const fragment = decodeURIComponent(url.hash.replace(/^#/, ''));
  url.hash = '';
  const target = byId.get(url.href);
  if (!target) throw new Error(`$ref ${ref} (from ${baseId}) names no schema in ${schemasDir}`);
  return { schema: pointer(target.schema, fragment), baseId: url.href };
}

const DROP = new Set(['$id', '$schema', '$defs', 'examples', 'title', 'allOf', '$comment']);

/** A schema with every $ref inlined and every `allOf` merged, nested titles dropped (types stay inline). */
function expand(schema, baseId) {
  if (Array.isArray(schema)) return schema.map((s) => expand(s, baseId));
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    const { schema: target, baseId: targetBase } = resolveRef(schema.$ref, baseId);
    const { $ref, ...siblings } = schema;
    return merge(expand(target, targetBase), expand(siblings, baseId), false);
  }
  let out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key)) continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, baseId)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'anyOf' || key === 'oneOf') {
      out[key] = expand(value, baseId);
    } else {
      out[key] = value;
    }
  }
  for (const part of schema.allOf ?? []) {
    out = merge(expand(part, baseId), out, true);
  }
  return out;
}

/**
 * Merges a base schema with a refinement (allOf semantics for the shapes Herald's schemas use). A refinement with
 * `const`/`enum` replaces the base's type. With `pruneOptional`, the base's optional properties that the refinement
 * does not name are left out: the export envelope allows `current`/`total` for progress events only, and a
 * `job.created` must not offer them.
 */
function merge(base, own, pruneOptional) {
  if (own.const !== undefined || own.enum !== undefined) {
    return { ...(base.description ? { description: base.description } : {}), ...own };
  }
  const out = { ...base, ...own };
  if (base.properties || own.properties) {
    const required = new Set([...(base.required ?? []), ...(own.required ?? [])]);
    const props = {};
    for (const [k, v] of Object.entries(base.properties ?? {})) {
      const named = (own.properties && k in own.properties) || required.has(k);
      if (pruneOptional && !named) continue;
      props[k] = own.properties && k in own.properties ? merge(v, own.properties[k], false) : v;
    }
    for (const [k, v] of Object.entries(own.properties ?? {})) {
      if (!(k in props)) props[k] = v;
    }
    out.properties = props;
    if (required.size) out.required = [...required];
  } else if (base.required || own.required) {
    out.required = [...new Set([...(base.required ?? []), ...(own.required ?? [])])];
  }
  return out;
}

// ---- names ----

const pascal = (s) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const familyPrefix = (family) => pascal(family.split('_')[0].toLowerCase());
const relPath = (id) => id.replace(/^https?:\/\/[^/]+\//, '');

async function declare(name, schema, description) {
  const ts = await compile({ ...schema, title: name, ...(description ? { description } : {}) }, name, {
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    declareExternallyReferenced: true,
    format: true,
    $refOptions: { resolve: { http: false, file: false } },
  });
  return ts.trim();
}

// ---- events and namespaces ----

const catalog = JSON.parse(readFileSync(catalogFile, 'utf8'));
const eventTypes = new Map(); // schema id → { name, type, family, discriminator }
for (const ns of catalog.namespaces) {
  for (const e of ns.events) {
    if (!byId.has(e.schema)) throw new Error(`catalogue type ${e.type}: no schema with $id ${e.schema}`);
    if (!eventTypes.has(e.schema)) {
      eventTypes.set(e.schema, { ...e, name: familyPrefix(e.family) + pascal(e.type) });
    }
  }
}

const out = [];
out.push('// Generated by scripts/generate-types.mjs from Herald\'s JSON Schemas. Do not edit.');
out.push('/* eslint-disable */');
out.push('');

for (const [id, e] of eventTypes) {
  const { schema } = byId.get(id);
  out.push(await declare(e.name, expand(schema, id), `\`${e.type}\` (${relPath(id)}): ${schema.description ?? ''}`));
  out.push('');
}

out.push('/** Every event type Herald carries. */');
out.push(`export type HeraldEvent =\n  | ${[...eventTypes.values()].map((e) => e.name).join('\n  | ')};`);
out.push('');

const templateLiteral = (template) => '`' + template.replace(/\{[^}]+\}/g, '${string}') + '`';
const conditional = [];
for (const ns of catalog.namespaces) {
  if (ns.events.length === 0) continue;
  const union = `${pascal(ns.name.toLowerCase())}Event`;
  const members = [...new Set(ns.events.map((e) => eventTypes.get(e.schema).name))];
  out.push(`/** Events on \`${ns.template}\` channels${ns.shortName ? ` (also written \`${ns.shortName}\`)` : ''}. */`);
  out.push(`export type ${union} =\n  | ${members.join('\n  | ')};`);
  out.push('');
  const patterns = [templateLiteral(ns.template), ...(ns.shortName ? [JSON.stringify(ns.shortName)] : [])];
  conditional.push({ patterns, union });
}
out.push('/** The event union a channel carries, chosen by its name (any event when the name is not a literal). */');
out.push('export type ChannelEvent<C extends string> =');
for (const { patterns, union } of conditional) {
  out.push(`  C extends ${patterns.join(' | ')} ? ${union} :`);
}
out.push('  HeraldEvent;');
out.push('');

// ---- Herald protocol frames (every schema under frames/client or frames/server with a `type` const) ----

const frames = { client: [], server: [] };
for (const [id, { schema }] of byId) {
  const m = /\/frames\/(client|server)\/([^/]+)\.json$/.exec(id);
  if (!m || !schema.properties?.type?.const) continue;
  const name = pascal(basename(m[2])) + 'Frame';
  frames[m[1]].push({ id, name });
  out.push(`/** \`${schema.properties.type.const}\` frame, ${m[1] === 'client' ? 'client → server' : 'server → client'} (${relPath(id)}). */`);
  out.push(await declare(name, expand(schema, id), schema.description));
  out.push('');
}
out.push('/** Control frames a client sends (the schemas\' client frames). */');
out.push(`export type HeraldSchemaClientFrame = ${frames.client.map((f) => f.name).join(' | ')};`);
out.push('/** Control frames the server sends (the schemas\' server frames; events are sent as the event JSON). */');
out.push(`export type HeraldSchemaServerFrame = ${frames.server.map((f) => f.name).join(' | ')};`);
out.push('');

// ---- the other schemas (envelopes, details, channel name): one type each, for the example checks ----

const others = [];
for (const [id, { schema }] of byId) {
  if (eventTypes.has(id) || frames.client.concat(frames.server).some((f) => f.id === id)) continue;
  const name = 'Schema' + pascal(relPath(id).replace(/\.json$/, ''));
  others.push({ id, name });
  out.push(`/** ${schema.title ?? relPath(id)} (${relPath(id)}). */`);
  out.push(await declare(name, expand(schema, id), schema.description));
  out.push('');
}

mkdirSync(join(root, 'src/generated'), { recursive: true });
writeFileSync(join(root, 'src/generated/events.ts'), out.join('\n'));

// ---- examples and fixtures, each assigned to its type ----

const checks = ["// Generated by scripts/generate-types.mjs. Every schema example and fixture, typed; `tsc --strict` checks them.",
  "import type * as H from '../src/generated/events.js';", ''];
let n = 0;
const literal = (value) => JSON.stringify(value, null, 2);
const eventFrameType = (example) => {
  const type = typeFor(example);
  return `H.${type} & { channel: string; offset: number }`;
};
function typeFor(json) {
  for (const e of eventTypes.values()) {
    if (json[e.discriminator] === e.type && familyFits(e, json)) return e.name;
  }
  return null;
}
function familyFits(e, json) {
  // job.progress exists as an export envelope (`event`) and as a typed message (`type`): the body decides.
  const { schema } = byId.get(e.schema);
  const props = expand(schema, e.schema).properties ?? {};
  return Object.keys(json).every((k) => k in props || k === 'channel' || k === 'offset');
}
for (const [id, { schema }] of byId) {
  for (const example of schema.examples ?? []) {
    let type;
    if (eventTypes.has(id)) type = `H.${eventTypes.get(id).name}`;
    else if (/\/frames\/server\/event\.json$/.test(id)) type = eventFrameType(example);
    else {
      const frame = frames.client.concat(frames.server).find((f) => f.id === id);
      type = `H.${frame ? frame.name : others.find((o) => o.id === id).name}`;
    }
    checks.push(`// ${relPath(id)}`);
    checks.push(`export const example${++n}: ${type} = ${literal(example)};`);
  }
}
const frameByType = new Map();
for (const f of frames.client.concat(frames.server)) {
  frameByType.set(byId.get(f.id).schema.properties.type.const, f.name);
}
for (const file of readdirSync(fixturesDir).filter((f) => f.endsWith('.json')).sort()) {
  const json = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8'));
  const type = typeFor(json) ?? frameByType.get(json.type);
  if (!type) throw new Error(`fixture ${file}: no event type or frame matches it`);
  checks.push(`// fixture ${file}`);
  checks.push(`export const fixture${++n}: H.${type} = ${literal(json)};`);
}
mkdirSync(join(root, 'test-types'), { recursive: true });
writeFileSync(join(root, 'test-types/examples.generated.ts'), checks.join('\n') + '\n');
console.log(`generated ${eventTypes.size} event types, ${conditional.length} namespaces, `
  + `${frames.client.length + frames.server.length} frames, ${n} examples and fixtures`);

#!/usr/bin/env node
/**
 * No import cycle in src/: the layers only hold if imports run one way. Builds the import
 * graph of src/ (static `import … from`, `export … from` and dynamic `import()`, type-only
 * imports included, since a cycle of types still ties two files together) and fails on
 * any cycle, printing it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file) {
  const imports = new Set();
  const code = readFileSync(file, 'utf8');
  for (const [, specifier] of code.matchAll(
    /(?:from\s*|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g,
  )) {
    const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
    const folderIndex = target.replace(/\.ts$/, '/index.ts');
    imports.add(!existsSync(target) && existsSync(folderIndex) ? folderIndex : target);
  }
  return imports;
}

const files = sourceFiles(root);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const cycles = [];
const visiting = new Set();
const visited = new Set();
const path = [];
function visit(file) {
  visiting.add(file);
  path.push(file);
  for (const next of graph.get(file) ?? []) {
    if (visiting.has(next)) cycles.push([...path.slice(path.indexOf(next)), next]);
    else if (!visited.has(next)) visit(next);
  }
  path.pop();
  visiting.delete(file);
  visited.add(file);
}
for (const file of files) if (!visited.has(file)) visit(file);

const imports = [...graph.values()].reduce((sum, targets) => sum + targets.size, 0);
console.log(`${files.length} files, ${imports} imports, ${cycles.length} import cycles`);
for (const cycle of cycles)
  console.log(`  ${cycle.map((file) => relative(root, file)).join(' -> ')}`);
process.exit(cycles.length ? 1 : 0);

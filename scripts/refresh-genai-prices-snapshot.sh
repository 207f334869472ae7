#!/usr/bin/env bash
# Refreshes the committed snapshot of pydantic's genai-prices model list for the four providers
# LLMlab prices (openai, anthropic, google, cohere), which GenaiPricesCoverageTest compares the
# catalog against. Needs node and npm; reads the npm package @pydantic/genai-prices.
#
#   scripts/refresh-genai-prices-snapshot.sh            # the newest published version
#   scripts/refresh-genai-prices-snapshot.sh 0.1.8      # a given version
#   GENAI_PRICES_DIR=/path/to/node_modules/@pydantic/genai-prices scripts/refresh-genai-prices-snapshot.sh
#                                                        # a package already installed
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/llmlab-examples/src/test/resources/genai-prices/models.tsv"
version="${1:-latest}"

pkg="${GENAI_PRICES_DIR:-}"
if [ -z "$pkg" ]; then
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm init -y >/dev/null && npm install --no-save --no-audit --no-fund --ignore-scripts \
        "@pydantic/genai-prices@$version" >/dev/null)
    pkg="$tmp/node_modules/@pydantic/genai-prices"
fi

node --input-type=module - "$pkg" "$out.tmp" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [pkgDir, outFile] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const { findProvider } = await import(pathToFileURL(join(pkgDir, 'dist', 'index.js')).href);

// Every literal name in a match rule; regex rules are kept as they are, for people to read.
function names(match, out, patterns) {
  if (match.or) match.or.forEach((m) => names(m, out, patterns));
  else if (match.and) match.and.forEach((m) => names(m, out, patterns));
  else if (match.equals !== undefined) out.add(match.equals);
  else if (match.starts_with !== undefined) { out.add(match.starts_with); patterns.push('starts_with:' + match.starts_with); }
  else if (match.ends_with !== undefined) { out.add(match.ends_with); patterns.push('ends_with:' + match.ends_with); }
  else if (match.contains !== undefined) { out.add(match.contains); patterns.push('contains:' + match.contains); }
  else if (match.regex !== undefined) patterns.push('regex:' + match.regex);
}

const lines = [
  `# pydantic genai-prices ${pkg.version}: the models of openai, anthropic, google and cohere.`,
  `# Written by scripts/refresh-genai-prices-snapshot.sh on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`,
  '# provider<TAB>model id<TAB>literal names (space-separated)<TAB>match patterns that are not plain names',
  '# "fallback<TAB>P<TAB>Q" lines: genai-prices looks models of provider P up in provider Q too.',
];
for (const id of ['openai', 'anthropic', 'google', 'cohere']) {
  const p = findProvider({ providerId: id });
  if (!p) throw new Error(`genai-prices ${pkg.version} has no provider ${id}`);
  for (const f of p.fallback_model_providers ?? []) lines.push(`fallback\t${id}\t${f}`);
  const rows = [];
  for (const m of p.models) {
    const n = new Set([m.id]);
    const patterns = [];
    names(m.match, n, patterns);
    rows.push([id, m.id, [...n].join(' '), patterns.join(' ')].join('\t'));
  }
  rows.sort();
  lines.push(...rows);
}
writeFileSync(outFile, lines.join('\n') + '\n');
JS
mv "$out.tmp" "$out"
echo "wrote $out ($(grep -vc '^#' "$out") lines)"

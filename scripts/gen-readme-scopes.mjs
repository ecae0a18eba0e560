// Writes the README's table of scopes per job (between <!-- scopes:start --> and
// <!-- scopes:end -->) from the job registry and the spec, through the built code (npm run build
// first). test/cli/readme.test.ts fails when the README's table is not the one this would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { scopeTableMarkdown } from '../dist/pipelines/scope-table.js';

const readmePath = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmePath, 'utf8');
const pattern = /(<!-- scopes:start -->\n)[\s\S]*?(<!-- scopes:end -->)/;
if (!pattern.test(readme)) throw new Error('README.md has no <!-- scopes:start --> … <!-- scopes:end --> block');
writeFileSync(readmePath, readme.replace(pattern, (_, start, end) => `${start}${scopeTableMarkdown()}\n${end}`));
console.log('README.md: scopes per job');

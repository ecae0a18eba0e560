// Writes the README's table of header words in other languages (between
// <!-- header-words:start --> and <!-- header-words:end -->) from src/transforms/header-words.ts,
// through the built code (npm run build first). test/transforms/header-words.test.ts fails when
// the README's table is not the one this would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { headerWordsMarkdown } from '../dist/transforms/header-words.js';

const readmePath = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmePath, 'utf8');
const pattern = /(<!-- header-words:start -->\n)[\s\S]*?(<!-- header-words:end -->)/;
if (!pattern.test(readme)) throw new Error('README.md has no <!-- header-words:start --> … <!-- header-words:end --> block');
writeFileSync(readmePath, readme.replace(pattern, (_, start, end) => `${start}${headerWordsMarkdown()}\n${end}`));
console.log('README.md: header words');

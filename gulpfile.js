// Copies what tsc does not emit next to the compiled JavaScript: node and
// credential icons (n8n loads `file:` icons relative to the .js file) and each
// node's codex (`<Node>.node.json`, read from beside `<Node>.node.js`).
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

const copy = (folder, pattern) => () =>
	src(path.resolve(folder, '**', pattern), { encoding: false }).pipe(dest(path.resolve('dist', folder)));

task('build:icons', parallel(copy('nodes', '*.{png,svg}'), copy('nodes', '*.node.json'), copy('credentials', '*.{png,svg}')));

/** The option checks every command builds its schema from: one voice for the CLI, the library and the page. */
export { choiceOption, intOption, optionalIntOption, parseOptions, shareOption } from '../pipelines/option-values.js';

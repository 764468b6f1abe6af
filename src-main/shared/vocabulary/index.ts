export { EXCLUSIVE_TERMS, PROPER_NAMES, TERM_RULES, VOCABULARY_NAMES, type TermRule } from './terms.ts';
export { translateText } from './translate.ts';
export { leakedTerms } from './leaks.ts';

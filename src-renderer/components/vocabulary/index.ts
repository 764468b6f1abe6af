export { VocabularyMenu } from './VocabularyMenu.tsx';
export { domVocabulary, setDomVocabulary, startDomVocabulary } from './dom-vocabulary.ts';

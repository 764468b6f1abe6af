// Global search: its public face (the masthead shows it).
export { GlobalSearch } from './GlobalSearch.tsx';

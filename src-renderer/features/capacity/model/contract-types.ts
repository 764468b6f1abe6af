// The capacity contract's entities (src-main/contract/capacity-entities.ts and capacity-results.ts), in one place for this feature.
export * from '../../../../src-main/contract/capacity-entities.ts';
export * from '../../../../src-main/contract/capacity-results.ts';

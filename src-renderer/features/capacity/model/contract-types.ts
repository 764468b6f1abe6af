// The capacity contract's entities (src-main/contract/capacity-entities.ts), in one place for this feature.
export * from '../../../../src-main/contract/capacity-entities.ts';

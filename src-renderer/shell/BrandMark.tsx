/** The product mark: a stack of three desktops, drawn with the brand token so it follows the theme. */
export function BrandMark() {
  return (
    <svg className="vdi-brand__mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden>
      <rect x="2" y="4" width="20" height="14" rx="2" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.45" />
      <rect x="6" y="8" width="20" height="14" rx="2" fill="none" stroke="currentColor" strokeWidth="2" opacity="0.7" />
      <rect x="10" y="12" width="20" height="14" rx="2" fill="var(--pf-t--global--color--brand--default)" />
      <rect x="16" y="27" width="8" height="2" rx="1" fill="currentColor" />
    </svg>
  );
}

import { memo, useState } from 'react';
import { MenuToggle, Select, SelectList, SelectOption } from '@patternfly/react-core';
import LanguageIcon from '@patternfly/react-icons/dist/esm/icons/language-icon';
import { VOCABULARIES, type Vocabulary } from '../../../src-main/contract/index.ts';
import { VOCABULARY_NAMES } from '../../../src-main/shared/vocabulary/index.ts';
import { useSettings } from '../../state/settings-store.ts';

const SHORT: Record<Vocabulary, string> = { horizon: 'Horizon', citrix: 'Citrix', avd: 'AVD' };
const DESCRIPTION: Record<Vocabulary, string> = {
  horizon: 'Desktop pools, golden images, push image, entitlements',
  citrix: 'Machine catalogs and delivery groups, master images, update machines, maintenance mode, VDA',
  avd: 'Host pools, session hosts, image versions, drain mode, app group assignments',
};

/**
 * The console's vocabulary (a saved preference; `?vocab=` in the address overrides it for this
 * window). Its own words are vendor names, so it is marked literal for the translator.
 */
export const VocabularyMenu = memo(function VocabularyMenu() {
  const [open, setOpen] = useState(false);
  const saved = useSettings((s) => s.savedVocabulary);
  const fromUrl = useSettings((s) => s.urlVocabulary);
  const setVocabulary = useSettings((s) => s.setVocabulary);
  const current = fromUrl ?? saved;
  return (
    <Select
      data-vocab="literal"
      isOpen={open}
      selected={current}
      onOpenChange={setOpen}
      onSelect={(_e, v) => {
        setOpen(false);
        if (typeof v === 'string' && (VOCABULARIES as readonly string[]).includes(v)) setVocabulary(v as Vocabulary);
      }}
      popperProps={{ position: 'left', direction: 'up' }}
      toggle={(ref) => (
        <MenuToggle
          ref={ref}
          data-vocab="literal"
          data-testid="vocabulary-toggle"
          data-vocabulary={current}
          variant="plainText"
          size="sm"
          className="vdi-vocabulary-toggle"
          icon={<LanguageIcon />}
          isExpanded={open}
          onClick={() => setOpen((o) => !o)}
          title={`${VOCABULARY_NAMES[current]}${fromUrl ? ': from the address (?vocab=), for this window only' : ''}`}
        >
          Terms: {SHORT[current]}
          {fromUrl ? ' (link)' : ''}
        </MenuToggle>
      )}
    >
      <SelectList aria-label="Console vocabulary" data-vocab="literal">
        {VOCABULARIES.map((v) => (
          <SelectOption key={v} value={v} description={DESCRIPTION[v]} data-testid={`vocabulary-${v}`}>
            {VOCABULARY_NAMES[v]}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
});

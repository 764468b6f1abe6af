import { describe, expect, it } from 'vitest';
import { leakedTerms, translateText } from '../../src-main/shared/vocabulary/index.ts';

// Wording that read badly once translated (black-box round 5): a verb phrase used as a noun, and a
// note in parentheses that repeated the sentence it followed.

describe('push image as a noun', () => {
  const cases: [string, { horizon: string; citrix: string; avd: string }][] = [
    [
      'No push image tasks for this pool.',
      {
        horizon: 'No push image tasks for this pool.',
        citrix: 'No machine update tasks for this delivery group.',
        avd: 'No session host update tasks for this host pool.',
      },
    ],
    [
      'Cancel the push image of KW-Floating?',
      {
        horizon: 'Cancel the push image of KW-Floating?',
        citrix: 'Cancel the machine update of KW-Floating?',
        avd: 'Cancel the session host update of KW-Floating?',
      },
    ],
    [
      'A push image (task-5) is already running on KW-Floating',
      {
        horizon: 'A push image (task-5) is already running on KW-Floating',
        citrix: 'A machine update (task-5) is already running on KW-Floating',
        avd: 'A session host update (task-5) is already running on KW-Floating',
      },
    ],
    // The command keeps each vendor's name for it.
    ['Push image…', { horizon: 'Push image…', citrix: 'Update machines…', avd: 'Session host update…' }],
  ];
  it.each(cases)('%s', (text, want) => {
    for (const v of ['horizon', 'citrix', 'avd'] as const) {
      expect(translateText(text, v)).toBe(want[v]);
      expect(leakedTerms(translateText(text, v), v)).toEqual([]);
    }
  });
});

describe('a note that repeats the text before it', () => {
  const users = 'Directory users and groups, and their entitlements to desktop pools (Citrix: delivery group users · AVD: application group assignments).';
  it('is dropped (app group and application group are one word)', () => {
    expect(translateText(users, 'avd')).toBe('Directory users and groups, and their app group assignments to host pools.');
  });
  it('is kept when it says something the text does not', () => {
    expect(translateText(users, 'citrix')).toBe('Directory users and groups, and their user assignments to delivery groups (delivery group users).');
    expect(translateText(users, 'horizon')).toBe('Directory users and groups, and their entitlements to desktop pools.');
    expect(translateText('Sessions (Citrix Director: Sessions)', 'citrix')).toBe('Sessions');
    expect(translateText('Live view (Citrix Director: Sessions)', 'citrix')).toBe('Live view (Sessions)');
  });
});

import { describe, expect, it } from 'vitest';
import { splitRunNames } from '../../src-renderer/features/capacity/model/run-names.ts';

describe('splitRunNames', () => {
  it('parts runs of one example where they differ, at a word boundary', () => {
    const m = splitRunNames(['Branch office over a 30 Mbit/s link: BLAST', 'Branch office over a 30 Mbit/s link: RDP', 'Knowledge workers']);
    expect(m.get('Branch office over a 30 Mbit/s link: BLAST')).toEqual({ head: 'Branch office over a 30 Mbit/s link:', tail: 'BLAST' });
    expect(m.get('Branch office over a 30 Mbit/s link: RDP')).toEqual({ head: 'Branch office over a 30 Mbit/s link:', tail: 'RDP' });
    expect(m.get('Knowledge workers')).toEqual({ head: '', tail: 'Knowledge workers' });
  });
  it('does not cut inside a word, and keeps a name whole when the shared start is short or the name is the shared start', () => {
    const m = splitRunNames(['Rule of five: 16-core host', 'Rule of five: 18-core host', 'Run A', 'Run B', 'Same', 'Same']);
    expect(m.get('Rule of five: 16-core host')).toEqual({ head: 'Rule of five:', tail: '16-core host' });
    expect(m.get('Run A')).toEqual({ head: '', tail: 'Run A' });
    expect(m.get('Same')).toEqual({ head: '', tail: 'Same' });
    const prefix = splitRunNames(['Storage test', 'Storage test with more hosts']);
    expect(prefix.get('Storage test')).toEqual({ head: '', tail: 'Storage test' });
    expect(prefix.get('Storage test with more hosts')).toEqual({ head: 'Storage test', tail: 'with more hosts' });
  });
});

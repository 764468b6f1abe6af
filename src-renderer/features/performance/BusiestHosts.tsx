import { useEffect, useMemo, useRef } from 'react';
import type { Host } from '../../../src-main/contract/index.ts';
import { subscribeMetrics } from '../../state/live-metrics.ts';
import { href } from '../../router/hash-router.ts';
import { HEAT_METRICS, hostIsOff, useHeatMetric } from './heatmap-model.ts';
import '../../styles/heatmap.css';

const SLOTS = 5;

/**
 * The few hosts that are worst off by the heat-map's metric, live: fixed rows
 * whose name, link and figure are rewritten on each push (no React render).
 */
export function BusiestHosts({ hosts }: { hosts: readonly Host[] }) {
  const metric = useHeatMetric((s) => s.metric);
  const byId = useMemo(() => new Map(hosts.map((h) => [h.id, h])), [hosts]);
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const slots = Math.min(SLOTS, hosts.length);

  useEffect(() => {
    const def = HEAT_METRICS[metric];
    return subscribeMetrics((m) => {
      const ranked = m.hosts.filter((h) => !hostIsOff(byId.get(h.id))).sort((a, b) => def.value(b) - def.value(a));
      rows.current.forEach((li, i) => {
        if (!li) return;
        const h = ranked[i];
        li.hidden = !h;
        if (!h) return;
        const host = byId.get(h.id);
        const a = li.querySelector('a');
        const value = li.querySelector<HTMLElement>('.vdi-busiest__value');
        if (a) {
          a.href = href(`/hosts/${h.id}`);
          a.textContent = host?.name ?? h.id;
          a.dataset.testid = `busiest-host-${i + 1}`;
        }
        if (value) {
          value.textContent = def.short(h);
          value.dataset.level = def.level(h);
        }
      });
    });
  }, [metric, byId]);

  if (slots < 2) return null;
  return (
    <div className="vdi-busiest" data-testid="busiest-hosts">
      <div className="vdi-busiest__title">Busiest hosts by {HEAT_METRICS[metric].by}</div>
      <ol>
        {Array.from({ length: slots }, (_, i) => (
          <li
            key={i}
            hidden
            ref={(n) => {
              rows.current[i] = n;
            }}
          >
            <a className="vdi-busiest__name" href="#/performance" />
            <span className="vdi-busiest__value vdi-live" />
          </li>
        ))}
      </ol>
    </div>
  );
}

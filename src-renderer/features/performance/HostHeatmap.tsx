import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { Cluster, Host, MetricsNow } from '../../../src-main/contract/index.ts';
import { latestMetrics, subscribeMetrics } from '../../state/live-metrics.ts';
import { href } from '../../router/hash-router.ts';
import { Segmented } from '../../components/Segmented.tsx';
import { plural } from '../../components/format.ts';
import { HEAT_METRIC_ORDER, HEAT_METRICS, hostIsOff, shortHostName, useHeatMetric, type HeatMetric, type HostNow, type TileLevel } from './heatmap-model.ts';
import { HeatTooltip } from './heatmap-tooltip.ts';
import '../../styles/heatmap.css';

/** large: name and figure; medium: the figure; compact: colour only (250 hosts in a dashboard card). */
export type HeatTileSize = 'large' | 'medium' | 'compact';

interface Group {
  cluster: Cluster | undefined;
  id: string;
  hosts: Host[];
}

function groupHosts(hosts: readonly Host[], clusters: Map<string, Cluster>): Group[] {
  const by = new Map<string, Host[]>();
  for (const h of hosts) {
    const list = by.get(h.clusterId) ?? [];
    list.push(h);
    by.set(h.clusterId, list);
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return [...by.entries()]
    .map(([id, list]) => ({ id, cluster: clusters.get(id), hosts: list.sort((a, b) => collator.compare(a.name, b.name)) }))
    .sort((a, b) => collator.compare(a.cluster?.name ?? a.id, b.cluster?.name ?? b.id));
}

/**
 * One tile per host, grouped by cluster, coloured by CPU, CPU ready, memory state
 * or sessions. Tiles are rendered once per host list; live figures recolour them
 * in place (data-level, --heat-i, the figure text), so a push mounts nothing.
 * A tile is a link to the host's page; hovering or focusing one shows its figures.
 */
export function HostHeatmap({
  hosts,
  clusters,
  size,
  testId = 'heatmap',
}: {
  hosts: readonly Host[];
  clusters: Map<string, Cluster>;
  size: HeatTileSize;
  testId?: string;
}) {
  const metric = useHeatMetric((s) => s.metric);
  const setMetric = useHeatMetric((s) => s.setMetric);
  const groups = useMemo(() => groupHosts(hosts, clusters), [hosts, clusters]);
  const tiles = useRef(new Map<string, HTMLAnchorElement>());
  const summaries = useRef(new Map<string, HTMLSpanElement>());
  const tipRef = useRef<HeatTooltip | null>(null);
  const hostById = useMemo(() => new Map(hosts.map((h) => [h.id, h])), [hosts]);
  const nowById = useRef(new Map<string, HostNow>());

  // Recolour on every push (and at once when the metric or the host list changes).
  useEffect(() => {
    const def = HEAT_METRICS[metric];
    const apply = (m: MetricsNow) => {
      const now = new Map(m.hosts.map((h) => [h.id, h]));
      nowById.current = now;
      let max = 0;
      for (const h of m.hosts) max = Math.max(max, h.sessions);
      const counts = new Map<string, { warning: number; critical: number }>();
      // Hosts off (failed, powered off) and all hosts per cluster: a cluster with every host down is not "all ok" (black-box round 6).
      const offBy = new Map<string, number>();
      const allBy = new Map<string, number>();
      for (const [id, el] of tiles.current) {
        const host = hostById.get(id);
        const n = now.get(id);
        const off = hostIsOff(host) || !n;
        if (host) {
          allBy.set(host.clusterId, (allBy.get(host.clusterId) ?? 0) + 1);
          if (off) offBy.set(host.clusterId, (offBy.get(host.clusterId) ?? 0) + 1);
        }
        const level: TileLevel = off ? 'off' : def.level(n);
        if (el.dataset.level !== level) el.dataset.level = level;
        const intensity = off ? 0 : def.intensity(n, max);
        el.style.setProperty('--heat-i', intensity.toFixed(2));
        el.dataset.strong = intensity >= 0.6 ? '1' : '0';
        const text = off ? 'off' : def.short(n);
        const value = el.querySelector<HTMLElement>('.vdi-heat__value');
        if (value && value.textContent !== text) value.textContent = text;
        // The accessible name is the tile's visible text plus a hidden part (WCAG 2.5.3, label in name).
        const sr = el.querySelector<HTMLElement>('.vdi-visually-hidden');
        const said = `${host?.name ?? id}: ${def.by} ${text}`;
        if (sr && sr.textContent !== said) sr.textContent = said;
        if (host && (level === 'warning' || level === 'critical')) {
          const c = counts.get(host.clusterId) ?? { warning: 0, critical: 0 };
          c[level]++;
          counts.set(host.clusterId, c);
        }
      }
      for (const [clusterId, span] of summaries.current) {
        const c = counts.get(clusterId);
        const off = offBy.get(clusterId) ?? 0;
        const all = allBy.get(clusterId) ?? 0;
        const parts = [
          c?.critical ? `${c.critical} critical` : '',
          c?.warning ? `${c.warning} warning` : '',
          off ? (off === all ? 'all hosts off' : `${off} off`) : '',
        ].filter(Boolean);
        span.textContent = parts.length ? parts.join(' · ') : 'all ok';
        span.dataset.level = c?.critical || (all > 0 && off === all) ? 'critical' : c?.warning || off ? 'warning' : 'ok';
      }
      const tip = tipRef.current;
      if (tip?.hostId) {
        const host = hostById.get(tip.hostId);
        tip.refresh(host, host ? clusters.get(host.clusterId) : undefined, now.get(tip.hostId));
      }
    };
    const m = latestMetrics();
    if (m) apply(m);
    return subscribeMetrics(apply);
  }, [metric, hostById, clusters, groups]);

  useEffect(() => {
    const tip = new HeatTooltip();
    tipRef.current = tip;
    return () => {
      tip.destroy();
      tipRef.current = null;
    };
  }, []);

  const showTip = (target: EventTarget) => {
    const el = (target as HTMLElement).closest?.<HTMLElement>('[data-host]');
    const tip = tipRef.current;
    if (!el || !tip) return;
    const id = el.dataset.host ?? '';
    const host = hostById.get(id);
    tip.show(el, host, host ? clusters.get(host.clusterId) : undefined, nowById.current.get(id));
  };
  const hideTip = () => tipRef.current?.hide();
  const def = HEAT_METRICS[metric];

  return (
    <div className={`vdi-heat vdi-heat--${size}`} data-testid={testId} data-metric={metric}>
      <div className="vdi-heat__bar">
        <Segmented
          options={HEAT_METRIC_ORDER.map((m) => ({
            value: m,
            label: HEAT_METRICS[m].label,
            testId: `heatmap-metric-${m}`,
            title: `Colour the hosts by ${HEAT_METRICS[m].by}`,
          }))}
          value={metric}
          onChange={(m: HeatMetric) => setMetric(m)}
          ariaLabel="Colour hosts by"
          testId="heatmap-metric"
        />
        <ul className="vdi-heat__legend" aria-label="Colour legend">
          {def.legend.map((l) => (
            <li key={l.text} data-level={l.level}>
              <span className={`vdi-heat__swatch${l.level === 'info' ? ' vdi-heat__swatch--ramp' : ''}`} data-level={l.level} aria-hidden />
              {l.text}
            </li>
          ))}
          <li data-level="off">
            <span className="vdi-heat__swatch" data-level="off" aria-hidden />
            off
          </li>
        </ul>
      </div>
      <div
        className="vdi-heat__groups"
        onMouseOver={(e) => showTip(e.target)}
        onMouseLeave={hideTip}
        onFocus={(e) => showTip(e.target)}
        onBlur={hideTip}
        onScroll={hideTip}
      >
        {groups.map((g) => {
          const name = g.cluster?.name ?? g.id;
          return (
            <section className="vdi-heat__group" key={g.id} data-testid={`heatmap-cluster-${name}`}>
              <header className="vdi-heat__group-head">
                <span className="vdi-heat__cluster">{name}</span>
                <span className="vdi-muted">{plural(g.hosts.length, 'host')}</span>
                <span
                  className="vdi-heat__summary"
                  ref={(n) => {
                    if (n) summaries.current.set(g.id, n);
                    else summaries.current.delete(g.id);
                  }}
                />
              </header>
              <div className="vdi-heat__tiles">
                {g.hosts.map((h) => (
                  <a
                    key={h.id}
                    href={href(`/hosts/${h.id}`)}
                    className="vdi-heat__tile"
                    data-host={h.id}
                    data-testid={`heatmap-host-${h.name}`}
                    data-level="off"
                    data-maintenance={h.connectionState === 'maintenance' ? '1' : undefined}
                    style={{ '--heat-i': '0' } as CSSProperties}
                    onMouseLeave={hideTip}
                    ref={(n) => {
                      if (n) tiles.current.set(h.id, n);
                      else tiles.current.delete(h.id);
                    }}
                  >
                    {size === 'large' ? (
                      <span className="vdi-heat__name" aria-hidden="true">
                        {shortHostName(h.name)}
                      </span>
                    ) : null}
                    {size !== 'compact' ? <span className="vdi-heat__value" aria-hidden="true" /> : null}
                    <span className="vdi-visually-hidden">{h.name}</span>
                  </a>
                ))}
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
}

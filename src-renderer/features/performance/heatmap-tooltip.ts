import type { Cluster, Host } from '../../../src-main/contract/index.ts';
import { formatInt, formatNumber } from '../../components/format.ts';
import { cpuLevel, levelOf, memLevel, memStateName, nicLevel, readyLevel, UX_WARN_MS, type Level } from '../../components/thresholds.ts';
import { HOST_STATE_META } from '../../components/machine-states.ts';
import type { HostNow } from './heatmap-model.ts';

/**
 * One floating card for the whole heat-map (250 PatternFly tooltips would be
 * 250 poppers): filled with the hovered or focused host's figures, refreshed
 * when new figures arrive while it is open.
 */
export class HeatTooltip {
  readonly el: HTMLDivElement;
  hostId: string | null = null;
  private anchor: HTMLElement | null = null;

  constructor() {
    this.el = document.createElement('div');
    this.el.className = 'vdi-heat-tip';
    this.el.setAttribute('role', 'tooltip');
    this.el.dataset.testid = 'heatmap-tooltip';
    this.el.hidden = true;
    document.body.appendChild(this.el);
  }

  show(anchor: HTMLElement, host: Host | undefined, cluster: Cluster | undefined, now: HostNow | undefined): void {
    this.anchor = anchor;
    this.hostId = anchor.dataset.host ?? null;
    this.fill(host, cluster, now);
    this.el.hidden = false;
    this.place();
  }

  refresh(host: Host | undefined, cluster: Cluster | undefined, now: HostNow | undefined): void {
    if (!this.el.hidden) this.fill(host, cluster, now);
  }

  hide(): void {
    this.el.hidden = true;
    this.anchor = null;
    this.hostId = null;
  }

  destroy(): void {
    this.el.remove();
  }

  private place(): void {
    if (!this.anchor) return;
    const r = this.anchor.getBoundingClientRect();
    const tip = this.el.getBoundingClientRect();
    const margin = 8;
    let left = r.left + r.width / 2 - tip.width / 2;
    left = Math.max(margin, Math.min(window.innerWidth - tip.width - margin, left));
    let top = r.top - tip.height - margin;
    if (top < margin) top = r.bottom + margin;
    this.el.style.left = `${Math.round(left)}px`;
    this.el.style.top = `${Math.round(top)}px`;
  }

  private fill(host: Host | undefined, cluster: Cluster | undefined, now: HostNow | undefined): void {
    const el = this.el;
    el.replaceChildren();
    const title = document.createElement('div');
    title.className = 'vdi-heat-tip__title';
    title.textContent = host?.name ?? this.hostId ?? '';
    el.appendChild(title);
    const sub = document.createElement('div');
    sub.className = 'vdi-heat-tip__sub';
    sub.textContent = [cluster?.name, host ? HOST_STATE_META[host.connectionState].label : null, host && host.powerState !== 'poweredOn' ? 'powered off' : null]
      .filter(Boolean)
      .join(' · ');
    el.appendChild(sub);
    if (!now) return;
    const dl = document.createElement('dl');
    const row = (term: string, value: string, level: Level | '' = '') => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      if (level) dd.dataset.level = level;
      dl.append(dt, dd);
    };
    row('CPU', `${formatNumber(now.cpuPct, 1)} %`, cpuLevel(now.cpuPct));
    row('CPU ready', `${formatNumber(now.readyPct, 2)} %`, readyLevel(now.readyPct));
    row('Memory state', memStateName(now.memState), memLevel(now.memState));
    row('Ballooned / swapped', `${formatInt(now.balloonMb)} / ${formatInt(now.swapMb)} MB`);
    row('Network (uplinks)', `${formatNumber(now.nicPct, 1)} %`, nicLevel(now.nicPct));
    row('Sessions', formatInt(now.sessions));
    row('Power', `${formatInt(now.watts)} W`);
    row('Action response', now.uxMs > 0 ? `${formatInt(now.uxMs)} ms` : '—', now.uxMs > 0 ? levelOf(now.uxMs, UX_WARN_MS, UX_WARN_MS * 2) : '');
    el.appendChild(dl);
    const hint = document.createElement('div');
    hint.className = 'vdi-heat-tip__hint';
    hint.textContent = 'Click for the host’s charts';
    el.appendChild(hint);
  }
}

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Result } from '../../../shared/contract';
import { useI18n } from '../i18n/i18n';

type ScanDay = Result<'scanStats'>['days'][number];
type ClaimRecord = Result<'listCardClaims'>[number];

const COLOURS = { real: '#07a35a', not_active: '#e0a100', fake: '#c62828', no_code: '#b8c0c6', claims: '#1f6fb2', gifts: '#6aa7d8', consumed: '#07a35a', deleted: '#c62828' };
const AXIS = { fontSize: 12, fill: '#5f6b73' };
/** Legend names in ink: a pale series colour (grey "no code") would be hard to read as text. */
const legendText = (value: string) => <span className="legend-text">{value}</span>;

/**
 * The Anti-fake scans' two charts (recharts, loaded with this file only when the tab opens):
 * scans per day stacked by answer — a scan that carried no code drawn in grey on top, not a
 * verdict — and card claims, gifts, uses and deletions per print run.
 */
export default function ScanCharts({ days, claims }: { days: ScanDay[]; claims: ClaimRecord[] }) {
  const { t } = useI18n();
  const dayData = days.map((d) => ({ ...d, label: d.day.slice(5) }));
  // The service lists the newest run first; a chart reads left to right, oldest first.
  const runData = [...claims].reverse().map((c) => ({ ...c, label: c.batchId === null ? t('log.noBatch') : `${c.batchId} · ${c.batchName ?? c.outerStr}` }));
  const verdictBars = (['real', 'not_active', 'fake', 'no_code'] as const).map((key) => (
    <Bar key={key} dataKey={key} name={t(key === 'no_code' ? 'log.chartNoCode' : `verdict.${key}`)} stackId="scans" fill={COLOURS[key]} isAnimationActive={false} />
  ));
  return (
    <div className="charts">
      <figure className="chart" data-testid="chart-verdicts">
        <figcaption>{t('log.chartPerDay', { days: days.length })}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={dayData} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke="#e6eaed" vertical={false} />
            <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={AXIS} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={legendText} />
            {verdictBars}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="chart-claims">
        <figcaption>{t('log.chartClaims')}</figcaption>
        {runData.length ? (
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={runData} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid stroke="#e6eaed" vertical={false} />
              <XAxis dataKey="label" tick={AXIS} interval={0} />
              <YAxis allowDecimals={false} tick={AXIS} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={legendText} />
              {(['claims', 'gifts', 'consumed', 'deleted'] as const).map((key) => (
                <Bar key={key} dataKey={key} name={t(`log.${key === 'claims' ? 'claimed' : key}`)} fill={COLOURS[key]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        ) : (
          <p className="muted chart-empty">{t('log.noClaims')}</p>
        )}
      </figure>
    </div>
  );
}

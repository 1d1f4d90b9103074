// Line charts of per-epoch metrics, drawn by Apache ECharts. The points are the API's values as they are.
import * as echarts from 'echarts';

const COLORS = {
  train: ['#3b5bdb', '#2b8a3e'],
  val: ['#f76707', '#ae3ec9'],
};

/**
 * A chart in el. update(series, {percent}) replaces its lines: [{name, data: [[epoch, value]], role, job,
 * dashed}]; percent shows a 0–1 axis as percentages.
 */
export function createChart(el, { yName, log = false }) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  const axis = percent => ({
    type: log ? 'log' : 'value', name: yName, scale: !log && !percent, max: percent ? 1 : null,
    nameTextStyle: { align: 'left' },
    axisLabel: { formatter: v => (percent ? `${Math.round(v * 100)}%` : log ? v.toExponential(0) : String(+v.toFixed(4))) },
  });
  const tooltip = percent => ({
    trigger: 'axis',
    valueFormatter: v => (v == null ? '–' : percent ? `${(v * 100).toFixed(1)}%`
      : Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(4)),
  });
  chart.setOption({
    animationDuration: 300,
    grid: { left: 12, right: 18, top: 40, bottom: 30, containLabel: true },
    tooltip: tooltip(false),
    legend: { top: 0, type: 'scroll', textStyle: { fontSize: 11 } },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 1 },
    yAxis: axis(false),
    series: [],
  });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    update(series, { percent = false } = {}) {
      chart.setOption({
        yAxis: axis(percent),
        tooltip: tooltip(percent),
        series: series.map(s => ({
          type: 'line', name: s.name, data: s.data, showSymbol: s.data.length <= 40, symbolSize: 5,
          lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid' },
          itemStyle: { color: COLORS[s.role]?.[s.job ?? 0] },
          emphasis: { focus: 'series' },
        })),
      }, { replaceMerge: ['series'] });
    },
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}

function points(items, key, positiveOnly = false) {
  return items.filter(m => m[key] != null && (!positiveOnly || m[key] > 0)).map(m => [m.epoch, m[key]]);
}

/** Series for one job's metrics; `label` prefixes names when jobs are compared, `job` picks the colours. */
export function lossSeries(items, label = '', job = 0) {
  return [
    { name: `${label}train loss`, data: points(items, 'train_loss'), role: 'train', job, dashed: job > 0 },
    { name: `${label}val loss`, data: points(items, 'val_loss'), role: 'val', job, dashed: job > 0 },
  ];
}

/** Accuracy for classification; regression reports RMSE and MAE instead. */
export function qualitySeries(items, label = '', job = 0) {
  if (items.some(m => m.val_accuracy != null)) {
    return [
      { name: `${label}train accuracy`, data: points(items, 'train_accuracy'), role: 'train', job, dashed: job > 0 },
      { name: `${label}val accuracy`, data: points(items, 'val_accuracy'), role: 'val', job, dashed: job > 0 },
    ];
  }
  return [
    { name: `${label}val RMSE`, data: points(items, 'val_rmse'), role: 'train', job, dashed: job > 0 },
    { name: `${label}val MAE`, data: points(items, 'val_mae'), role: 'val', job, dashed: job > 0 },
  ];
}

/** A log axis cannot show 0 (the last epoch of a cosine schedule), so such points are left out. */
export function learningRateSeries(items, label = '', job = 0) {
  return [{ name: `${label}learning rate`, data: points(items, 'learning_rate', true), role: 'train', job,
    dashed: job > 0 }];
}

/**
 * A scatter in el. update({xName, yName, points: [{name, x, y}]}): numbers on a value axis; anything else
 * (an optimizer's name, a list of layer widths) on a category axis, as text.
 */
export function createScatter(el) {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  chart.setOption({
    animationDuration: 300,
    grid: { left: 12, right: 18, top: 30, bottom: 30, containLabel: true },
    // ECharts puts a formatter's string in as HTML, and run names are the users': encoded.
    tooltip: { trigger: 'item', formatter: p => echarts.format.encodeHTML(
      `${p.data.name}: ${p.data.value[0]} → ${p.data.value[1]}`) },
    xAxis: { type: 'value', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', scale: true },
    series: [],
  });
  return {
    update({ xName, yName, points }) {
      const numeric = points.every(p => typeof p.x === 'number');
      const label = x => (typeof x === 'string' ? x : JSON.stringify(x));
      const data = points.map(p => ({ name: p.name, value: [numeric ? p.x : label(p.x), p.y] }));
      chart.setOption({
        xAxis: { type: numeric ? 'value' : 'category', name: xName, scale: numeric,
          data: numeric ? null : [...new Set(data.map(d => d.value[0]))] },
        yAxis: { name: yName },
        series: [{ type: 'scatter', name: yName, data, symbolSize: 10 }],
      }, { replaceMerge: ['series'] });
    },
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}

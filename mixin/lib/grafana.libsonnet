// Small builders for Grafana's classic dashboard JSON model (schemaVersion 39, Grafana 10.4 and later), core
// panels only. Plain jsonnet: no grafonnet.
//
// Every query filters every metric selector by job=~"$job", instance=~"$instance" (use `sel`) and uses no
// Grafana variables other than $job, $instance, $__range, $__rate_interval and $__interval.
local datasource = { type: 'prometheus', uid: '${datasource}' };
local filter = 'job=~"$job", instance=~"$instance"';

// steps: [color, value] pairs; the first value is the base (null).
local thresholds(steps) = {
  mode: 'absolute',
  steps: [
    { color: steps[i][0], value: if i == 0 then null else steps[i][1] }
    for i in std.range(0, std.length(steps) - 1)
  ],
};

local green = thresholds([['green', null]]);

local reduceLast = { calcs: ['lastNotNull'], fields: '', values: false };
local hideFrom = { legend: false, tooltip: false, viz: false };

local basePanel(type, title, description, grid, targets, unit, thr, mappings) = {
  datasource: datasource,
  description: description,
  fieldConfig: {
    defaults: {
      color: { mode: 'thresholds' },
      mappings: mappings,
      thresholds: thr,
      unit: unit,
    },
    overrides: [],
  },
  gridPos: { x: grid[0], y: grid[1], w: grid[2], h: grid[3] },
  options: {},
  targets: targets,
  title: title,
  type: type,
};

local valueMappings(options) = [{ type: 'value', options: options }];

{
  datasource: datasource,

  // A metric selector filtered by the job and instance variables, with `extra` matchers first.
  sel(metric, extra='')::
    if extra == '' then '%s{%s}' % [metric, filter] else '%s{%s, %s}' % [metric, extra, filter],

  target(ref, expr, legend='__auto', instant=false, format='time_series'):: {
    datasource: datasource,
    editorMode: 'code',
    expr: expr,
    format: format,
    instant: instant,
    legendFormat: legend,
    range: !instant,
    refId: ref,
  },

  thresholds(steps):: thresholds(steps),
  green: green,
  redAbove0: thresholds([['green', null], ['red', 1]]),
  orangeAbove0: thresholds([['green', null], ['orange', 1]]),
  // 0 red, 1 green: up, scan success.
  redGreen: thresholds([['red', null], ['green', 1]]),

  valueMappings(options):: valueMappings(options),
  okFailMappings: valueMappings({
    '0': { color: 'red', index: 0, text: 'FAIL' },
    '1': { color: 'green', index: 1, text: 'OK' },
  }),
  upDownMappings: valueMappings({
    '0': { color: 'red', index: 0, text: 'DOWN' },
    '1': { color: 'green', index: 1, text: 'UP' },
  }),
  statusColors: valueMappings({
    unassigned: { color: 'red', index: 0 },
    reserved: { color: 'orange', index: 1 },
    private: { color: 'blue', index: 2 },
    assigned: { color: 'green', index: 3 },
  }),
  exposureColors: valueMappings({
    wildcard: { color: 'orange', index: 0 },
    specific: { color: 'yellow', index: 1 },
    loopback: { color: 'green', index: 2 },
  }),
  // memfd and deleted page, writable warns, replaced informs (docs/metrics.md).
  executableColors: valueMappings({
    memfd: { color: 'red', index: 0 },
    deleted: { color: 'red', index: 1 },
    writable: { color: 'orange', index: 2 },
    replaced: { color: 'yellow', index: 3 },
  }),
  expectedColors: valueMappings({
    'true': { color: 'green', index: 0 },
    'false': { color: 'text', index: 1 },
  }),

  stat(title, description, grid, targets, unit='short', thr=green, mappings=[], textMode='auto', colorMode='background')::
    basePanel('stat', title, description, grid, targets, unit, thr, mappings) {
      options: {
        colorMode: colorMode,
        graphMode: 'none',
        justifyMode: 'auto',
        orientation: 'auto',
        reduceOptions: reduceLast,
        showPercentChange: false,
        textMode: textMode,
        wideLayout: true,
      },
    },

  timeseries(title, description, grid, targets, unit='short', thr=green, stack=false, legendCalcs=['lastNotNull', 'max'], minZero=true)::
    basePanel('timeseries', title, description, grid, targets, unit, thr, []) {
      fieldConfig+: {
        defaults+: {
          color: { mode: 'palette-classic' },
          custom: {
            axisBorderShow: false,
            axisCenteredZero: false,
            axisColorMode: 'text',
            axisLabel: '',
            axisPlacement: 'auto',
            barAlignment: 0,
            drawStyle: 'line',
            fillOpacity: if stack then 20 else 0,
            gradientMode: 'none',
            hideFrom: hideFrom,
            insertNulls: false,
            lineInterpolation: 'stepAfter',
            lineWidth: 1,
            pointSize: 4,
            scaleDistribution: { type: 'linear' },
            showPoints: 'never',
            spanNulls: false,
            stacking: { group: 'A', mode: if stack then 'normal' else 'none' },
            thresholdsStyle: { mode: 'off' },
          },
        } + (if minZero then { min: 0 } else {}),
      },
      options: {
        legend: { calcs: legendCalcs, displayMode: 'table', placement: 'right', showLegend: true },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },

  stateTimeline(title, description, grid, targets, mappings, unit='none', thr=green, showLegend=false)::
    basePanel('state-timeline', title, description, grid, targets, unit, thr, mappings) {
      fieldConfig+: {
        defaults+: {
          custom: { fillOpacity: 80, hideFrom: hideFrom, insertNulls: false, lineWidth: 0, spanNulls: false },
        },
      },
      options: {
        alignValue: 'left',
        legend: { displayMode: 'list', placement: 'bottom', showLegend: showLegend },
        mergeValues: true,
        rowHeight: 0.9,
        showValue: 'never',
        tooltip: { mode: 'single', sort: 'none' },
      },
    },

  bargauge(title, description, grid, targets, unit='short', thr=green)::
    basePanel('bargauge', title, description, grid, targets, unit, thr, []) {
      fieldConfig+: { defaults+: { min: 0 } },
      options: {
        displayMode: 'gradient',
        maxVizHeight: 300,
        minVizHeight: 16,
        minVizWidth: 8,
        namePlacement: 'left',
        orientation: 'horizontal',
        reduceOptions: reduceLast,
        showUnfilled: true,
        sizing: 'auto',
        valueMode: 'color',
      },
    },

  piechart(title, description, grid, targets, unit='short')::
    basePanel('piechart', title, description, grid, targets, unit, green, []) {
      fieldConfig+: {
        defaults+: { color: { mode: 'palette-classic' }, custom: { hideFrom: hideFrom } },
      },
      options: {
        displayLabels: ['name'],
        legend: { displayMode: 'table', placement: 'right', showLegend: true, values: ['value'] },
        pieType: 'donut',
        reduceOptions: reduceLast,
        tooltip: { mode: 'single', sort: 'none' },
      },
    },

  // Labels are string columns: the default unit stays "string" so that values such as port "8080" or
  // version "1.0" are shown as they are; numeric columns get overrides.
  table(title, description, grid, targets, transformations, overrides, sortBy=[], unit='string')::
    basePanel('table', title, description, grid, targets, unit, green, []) {
      fieldConfig+: {
        defaults+: { custom: { align: 'auto', cellOptions: { type: 'auto' }, filterable: true, inspect: false } },
        overrides: overrides,
      },
      options: {
        cellHeight: 'sm',
        footer: { countRows: false, fields: '', reducer: ['sum'], show: false },
        showHeader: true,
        sortBy: sortBy,
      },
      transformations: transformations,
    },

  // A byName override; props: Grafana property ids ('custom.cellOptions') to values.
  override(name, props):: {
    matcher: { id: 'byName', options: name },
    properties: [{ id: k, value: props[k] } for k in std.objectFields(props)],
  },

  organize(exclude=[], order=[], rename={}):: {
    id: 'organize',
    options: {
      excludeByName: { [k]: true for k in exclude },
      includeByName: {},
      indexByName: { [order[i]]: i for i in std.range(0, std.length(order) - 1) },
      renameByName: rename,
    },
  },

  portAsNumber: {
    id: 'convertFieldType',
    options: {
      conversions: [{ destinationType: 'number', targetField: 'port' }],
      fields: {},
    },
  },

  // Panel ids 1, 2, ... in list order.
  withIds(panels):: [panels[i] { id: i + 1 } for i in std.range(0, std.length(panels) - 1)],

  variables(instanceMulti):: [
    {
      current: {},
      hide: 0,
      includeAll: false,
      label: 'Data source',
      multi: false,
      name: 'datasource',
      options: [],
      query: 'prometheus',
      refresh: 1,
      regex: '',
      skipUrlSync: false,
      type: 'datasource',
    },
    {
      allValue: '.*',
      current: { selected: true, text: ['All'], value: ['$__all'] },
      datasource: datasource,
      definition: 'label_values(portwatch_build_info, job)',
      hide: 0,
      includeAll: true,
      label: 'Job',
      multi: true,
      name: 'job',
      options: [],
      query: 'label_values(portwatch_build_info, job)',
      refresh: 2,
      regex: '',
      skipUrlSync: false,
      sort: 1,
      type: 'query',
    },
    {
      current: {},
      datasource: datasource,
      definition: 'label_values(portwatch_build_info{job=~"$job"}, instance)',
      hide: 0,
      includeAll: instanceMulti,
      label: 'Instance',
      multi: instanceMulti,
      name: 'instance',
      options: [],
      query: 'label_values(portwatch_build_info{job=~"$job"}, instance)',
      refresh: 2,
      regex: '',
      skipUrlSync: false,
      sort: 1,
      type: 'query',
    } + (
      if instanceMulti then { allValue: '.*', current: { selected: true, text: ['All'], value: ['$__all'] } } else {}
    ),
  ],

  // config: the mixin's _config; which: its fleetDashboard or hostDashboard.
  dashboard(config, which, description, panels, instanceMulti):: {
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    description: description,
    editable: false,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [
      {
        asDropdown: false,
        icon: 'external link',
        includeVars: false,
        keepTime: true,
        tags: [config.dashboardLinkTag],
        targetBlank: false,
        title: 'PortWatch',
        type: 'dashboards',
      },
    ],
    panels: $.withIds(panels),
    refresh: config.dashboardRefresh,
    schemaVersion: 39,
    tags: config.dashboardTags,
    templating: { list: $.variables(instanceMulti) },
    time: { from: config.dashboardTimeFrom, to: 'now' },
    timepicker: {},
    timezone: '',
    title: which.title,
    uid: which.uid,
    version: 1,
    weekStart: '',
  },
}

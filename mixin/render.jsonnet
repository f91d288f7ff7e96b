// The files mixin/build.sh writes, as path (relative to the repository root) -> text:
//   jsonnet -S -m OUTDIR mixin/render.jsonnet
// (jsonnet -S -m ends each file with a newline: the texts here have none of their own.)
local json = import 'lib/json.libsonnet';
local text = import 'lib/text.libsonnet';
local mixin = import 'mixin.libsonnet';
local c = mixin._config;

local yaml(v) = std.manifestYamlDoc(v, quote_keys=false);
// The rule groups as YAML, made once: std.manifestYamlDoc takes seconds over them (jsonnet 0.18), and the
// PrometheusRule holds the same text, indented under spec.
local rules = yaml({ groups: mixin.prometheusAlerts.groups + mixin.prometheusRules.groups });
local indent(text, by) = by + std.strReplace(text, '\n', '\n' + by);

local rulesHeader = |||
  # PortWatch alerting rules. Generated from mixin/ (the PortWatch monitoring mixin) by mixin/build.sh:
  # do not edit. Change mixin/alerts/alerts.libsonnet (rules; it explains each expression, `for:` and
  # severity), mixin/rules/rules.libsonnet (recording rules) or mixin/config.libsonnet (settings), then:
  #
  #   mixin/build.sh                  # regenerate this file, the dashboards and the PrometheusRule
  #   mixin/build.sh --check          # the committed files are what mixin/ renders
  #   promtool check rules alerts/portwatch.rules.yml
  #   cd alerts && promtool test rules tests/*.test.yml
  #
  # Metrics: docs/metrics.md. Runbooks: docs/runbooks.md, one section per alert; each runbook_url is the
  # runbook base URL, then # and the alert name in lower case. Severity: critical pages, warning makes a
  # ticket, info is for dashboards and the Alertmanager UI; alerts/alertmanager.example.yml routes them.
  # Listeners labelled expected="true" never raise a listener alert.
  #
  # Settings this file was rendered with (mixin/config.libsonnet; mixin/README.md says how to override them):
  #   exporter-down/absent job selector: up{%(selector)s}
  #   runbook base URL:                  %(runbook)s
  #   (exporter-down/absent alerts:      %(exporterRunbook)s)
  #   listener hold over scrape gaps:    %(hold)s
  # The listener rules need no job selector: they join each series with `up` of its own target.

||| % {
  selector: c.portwatchSelector,
  runbook: c.runbookBaseUrl,
  exporterRunbook: c.exporterRunbookBaseUrl,
  hold: c.scrapeGapHold,
};

local prometheusRuleHeader = |||
  # The PortWatch alerting rules (the same groups as alerts/portwatch.rules.yml) as a Prometheus Operator
  # PrometheusRule. Generated from mixin/ by mixin/build.sh: do not edit; see mixin/README.md.
  # Your Prometheus must select it: with kube-prometheus-stack, either label it with the chart's release
  # (`release: <name>`) or set prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues=false.
|||;

local files = {
  'alerts/portwatch.rules.yml': rulesHeader + rules,

  'deploy/kubernetes/prometheusrule.yaml': prometheusRuleHeader + yaml({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'portwatch',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'portwatch' },
    },
  }) + '\nspec:\n' + indent(rules, '  '),
} + {
  ['dashboards/' + file]: json.manifest(mixin.grafanaDashboards[file])
  for file in std.objectFields(mixin.grafanaDashboards)
};

{ [path]: text.chomp(files[path]) for path in std.objectFields(files) }

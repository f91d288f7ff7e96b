// The PortWatch monitoring mixin: prometheusAlerts, prometheusRules, grafanaDashboards and their _config.
(import 'config.libsonnet') +
(import 'alerts/alerts.libsonnet') +
(import 'rules/rules.libsonnet') +
(import 'dashboards/dashboards.libsonnet')

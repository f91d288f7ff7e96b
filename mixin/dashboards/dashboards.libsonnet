// grafanaDashboards: file name -> dashboard (Grafana's classic JSON model).
(import 'fleet.libsonnet') +
(import 'host.libsonnet')

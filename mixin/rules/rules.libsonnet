// PortWatch recording rules: prometheusRules. There are none today: the alerts and dashboards read the
// exporter's series directly. Add groups here (`groups+: [...]`); mixin/build.sh writes them into
// alerts/portwatch.rules.yml and deploy/kubernetes/prometheusrule.yaml after the alert groups.
{
  prometheusRules+:: {
    groups+: [],
  },
}

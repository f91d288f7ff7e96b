using System.Text.Json;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Every query of a Grafana dashboard, with its template variables replaced as Grafana would.</summary>
internal static class DashboardQueries
{
    /// <summary>Grafana's built-ins get typical values; $job and $instance are given per run.</summary>
    private static readonly (string Name, string Value)[] BuiltIns =
    [
        ("$__rate_interval", "1m"), ("${__rate_interval}", "1m"),
        ("$__interval", "15s"), ("${__interval}", "15s"),
        ("$__range", "1h"), ("${__range}", "1h"),
    ];

    public static IReadOnlyList<Query> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var queries = new List<Query>();
        foreach (var panel in Panels(document.RootElement.GetProperty("panels")))
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                var instant = target.TryGetProperty("instant", out var i) && i.GetBoolean();
                queries.Add(new Query(panel.GetProperty("title").GetString()!, target.GetProperty("refId").GetString()!, expr, instant));
            }
        }

        return queries;
    }

    public static int PanelCount(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return Panels(document.RootElement.GetProperty("panels")).Count(p => p.GetProperty("type").GetString() != "row");
    }

    /// <summary>The expression as Grafana sends it with these values of $job and $instance (regular expressions).</summary>
    public static string Substitute(string expr, string job, string instance) =>
        BuiltIns.Append(("${job}", job)).Append(("$job", job)).Append(("${instance}", instance)).Append(("$instance", instance))
            .Aggregate(expr, (text, variable) => text.Replace(variable.Item1, variable.Item2, StringComparison.Ordinal));

    public static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Panels(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A target of a panel, ready to run.</summary>
    internal sealed record Query(string Panel, string RefId, string Template, bool Instant)
    {
        /// <summary>The expression with every job and instance selected.</summary>
        public string Expr => Substitute(Template, ".*", ".*");

        /// <summary>
        /// Whether the query is about listeners (and so must return data while listeners are open). Queries about the
        /// listeners inside containers or pods only (a container!="none" or pod!="none" selector) are not: they return
        /// data only where a container listens, and the pipeline's listeners are the host's own. Nor are queries about
        /// the listeners of processes run from memory or a deleted binary: the pipeline's run from files.
        /// </summary>
        public bool ConcernsListeners =>
            (Expr.Contains("portwatch_listener", StringComparison.Ordinal) || Expr.Contains("portwatch_listeners{", StringComparison.Ordinal))
            && !Expr.Contains("container!=\"none\"", StringComparison.Ordinal)
            && !Expr.Contains("pod!=\"none\"", StringComparison.Ordinal)
            && !Expr.Contains("executable=~\"memfd|deleted\"", StringComparison.Ordinal);

        public override string ToString() => $"{Panel} ({RefId}): {Expr}";
    }
}

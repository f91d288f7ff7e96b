using System.Globalization;
using PortWatch.Hosting;
using PortWatch.Logging;
using PortWatch.Scanning;
using PortWatch.Sockets;

namespace PortWatch.Configuration;

/// <summary>Every setting (README's "The command line" and "The config file"): its flag, its place in the config file, its parser.</summary>
internal static class SettingTable
{
    private const Commands Scanning = Commands.Run | Commands.List;

    /// <summary>The options classes as constructed: their initial values are the defaults, written nowhere else.</summary>
    private static readonly PortWatchSettings Defaults = new();

    public static IReadOnlyList<Setting> All { get; } =
    [
        new("web.listen-address", ("web", "listen_address"), true, Commands.Run, "ADDRESS", string.Join(",", Defaults.Web.ListenAddresses),
            "Address to serve metrics on; repeat for several, e.g. --web.listen-address=127.0.0.1:10133.", ListenAddresses),
        new("web.telemetry-path", ("web", "telemetry_path"), false, Commands.Run, "PATH", Defaults.Web.TelemetryPath,
            "Path under which to expose metrics.", TelemetryPath),
        new("web.config.file", ("web", "config_file"), false, Commands.Run, "FILE", Defaults.Web.ConfigFile,
            "Web configuration file (exporter-toolkit's format, as node_exporter's): TLS, mutual TLS, bcrypt basic auth and headers for every path but /-/healthy; re-read when it or a certificate it names changes.",
            (s, v) => Set(v, x => s.Web.ConfigFile = x)),
        new("web.max-requests", ("web", "max_requests"), false, Commands.Run, "N", Defaults.Web.MaxRequests.ToString(CultureInfo.InvariantCulture),
            "Most requests to the metrics path and the landing page served at once; beyond it an immediate 503. 0 for no limit. The health checks are never limited.",
            (s, v) => Count(v, n => s.Web.MaxRequests = n)),
        new("scan.interval", ("scan", "interval"), false, Scanning, "DURATION", PrometheusDuration.Format(Defaults.Scan.Interval),
            "How often to scan the host's listeners; scrapes serve the latest scan.",
            (s, v) => Duration(v, d => s.Scan.Interval = d, allowZero: false, max: "1d")),
        new("scan.protocols", ("scan", "protocols"), true, Scanning, "PROTOCOLS", string.Join(",", Defaults.Scan.Protocols.Order().Select(p => p.ToLabel())),
            "Protocols to scan: tcp, udp, or both (comma-separated or repeated).", Protocols),
        new("scan.processes", ("scan", "processes"), false, Scanning, "", Defaults.Scan.AttributeProcesses ? "true" : "false",
            "Attribute listeners to processes by reading /proc/<pid>/fd (--no-scan.processes to skip).",
            (s, v) => Boolean(v, b => s.Scan.AttributeProcesses = b)),
        new("scan.retention", ("scan", "retention"), false, Scanning, "DURATION", PrometheusDuration.Format(Defaults.Scan.Retention),
            "How long a closed listener stays in the metrics (with its last-seen time), so that one opened and closed between scrapes is still seen; 0s drops it at once.",
            (s, v) => Duration(v, d => s.Scan.Retention = d, allowZero: true)),
        new("scan.method", ("scan", "method"), false, Scanning, "METHOD", Defaults.Scan.Method.ToLabel(),
            "How to enumerate sockets: netlink (sock_diag; sees listeners that open and close between scans through the kernel's socket-destroy events) or procfs (the /proc/net tables).",
            Method),
        new("scan.namespaces", ("scan", "namespaces"), false, Scanning, "WHICH", Defaults.Scan.Namespaces.ToLabel(),
            "Network namespaces to scan: all (containers' and ip netns' too, when the exporter may see other processes; through setns with CAP_SYS_ADMIN, else their /proc/<pid>/net tables) or host (the exporter's own).",
            Namespaces),
        new("scan.max-namespaces", ("scan", "max_namespaces"), false, Scanning, "N", Defaults.Scan.MaxNamespaces.ToString(CultureInfo.InvariantCulture),
            "Most network namespaces read each scan, the exporter's own included, so that namespaces made at will (unshare -rn) cannot exhaust the exporter's descriptors: the exporter's own first, then those already read, then the rest by inode; portwatch_network_namespaces_left_out counts the rest. 0 for no limit.",
            (s, v) => Count(v, n => s.Scan.MaxNamespaces = n)),
        new("scan.tracer", ("scan", "tracer"), false, Commands.Run, "MODE", Defaults.Scan.Tracer.ToLabel(), TracerSetting.Help,
            TracerSetting.Parse),
        new("scan.max-listeners", ("scan", "max_listeners"), false, Commands.Run, "N", Defaults.Scan.MaxListeners.ToString(CultureInfo.InvariantCulture),
            "Most listeners that get series and landing-page rows, so that a flood of sockets cannot flood Prometheus: those that would page are kept first, then unexpected ones, oldest first; portwatch_listeners_dropped counts the rest, portwatch list prints them. 0 for no limit.",
            (s, v) => Count(v, n => s.Scan.MaxListeners = n)),
        new("scan.max-closed-listeners", ("scan", "max_closed_listeners"), false, Commands.Run, "N", Defaults.Scan.MaxClosedListeners.ToString(CultureInfo.InvariantCulture),
            "Most closed listeners kept for scan.retention and recorded from socket-destroy events, so that sockets bound and closed at will cannot flood Prometheus or the state file: those that would page are kept first, then unexpected ones, oldest first; portwatch_closed_listeners_dropped_total counts the rest. The first-seen record holds at most scan.max-listeners + this many. 0 for no limit.",
            (s, v) => Count(v, n => s.Scan.MaxClosedListeners = n)),
        new("scan.builtin-expected", ("scan", "builtin_expected"), false, Scanning, "", Defaults.Scan.BuiltInExpected ? "true" : "false",
            "Expect the network daemons that hold packet and raw sockets (DHCP clients, NetworkManager, wpa_supplicant, lldpd) by their executable path (docs/metrics.md); --no-scan.builtin-expected leaves only the expected: list, which can name them instead.",
            (s, v) => Boolean(v, b => s.Scan.BuiltInExpected = b)),
        new("path.procfs", ("path", "procfs"), false, Scanning, "PATH", Defaults.Scan.ProcFsPath,
            "procfs mountpoint; /host/proc when the host's is mounted into a container.",
            (s, v) => NonEmpty(v, x => s.Scan.ProcFsPath = x)),
        new("registry.file", ("registry", "file"), false, Commands.All, "FILE", Defaults.Registry.File,
            "IANA service-names-port-numbers.csv to classify ports with; empty uses the embedded snapshot.",
            (s, v) => Set(v, x => s.Registry.File = x)),
        new("state.file", ("state", "file"), false, Scanning, "FILE", Defaults.State.File,
            "File that keeps each listener's first-seen time across restarts (written atomically); empty keeps it in memory.",
            (s, v) => Set(v, x => s.State.File = x)),
        new("state.forget-after", ("state", "forget_after"), false, Scanning, "DURATION", PrometheusDuration.Format(Defaults.State.ForgetAfter),
            "Forget listeners not seen for this long, so ephemeral ports do not grow the state file; 0s keeps them forever.",
            (s, v) => Duration(v, d => s.State.ForgetAfter = d, allowZero: true)),
        new("log.level", ("log", "level"), false, Commands.All, "LEVEL", LogFormats.LevelName(Defaults.Log.Level),
            "Only log messages with the given severity or above: debug, info, warn, error.", LogLevel),
        new("log.format", ("log", "format"), false, Commands.All, "FORMAT", Defaults.Log.Format,
            "Output format of log messages: logfmt, json.", LogFormat),
    ];

    public static Setting? FindFlag(string name) => All.FirstOrDefault(s => s.Flag == name);

    /// <summary>A path (every setting this sets is one): one no file system can hold is an error here, not when it is opened.</summary>
    private static string? Set(IReadOnlyList<string> values, Action<string> set)
    {
        if (values[^1].Contains('\0', StringComparison.Ordinal))
        {
            return "a path cannot hold a NUL character";
        }

        set(values[^1]);
        return null;
    }

    private static string? NonEmpty(IReadOnlyList<string> values, Action<string> set) =>
        values[^1].Length == 0 ? "must not be empty" : Set(values, set);

    private static string? Duration(IReadOnlyList<string> values, Action<TimeSpan> set, bool allowZero, string? max = null)
    {
        if (!PrometheusDuration.TryParse(values[^1], out var duration))
        {
            return $"\"{values[^1]}\" is not a duration (such as 500ms, 15s, 1m30s, 7d)";
        }

        if (!allowZero && duration < TimeSpan.FromMilliseconds(100))
        {
            return "must be at least 100ms";
        }

        if (max is not null && PrometheusDuration.TryParse(max, out var limit) && duration > limit)
        {
            return $"must be at most {max}";
        }

        set(duration);
        return null;
    }

    private static string? Count(IReadOnlyList<string> values, Action<int> set)
    {
        if (!int.TryParse(values[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return $"\"{values[^1]}\" is not a whole number from 0 (no limit) to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}";
        }

        set(count);
        return null;
    }

    private static string? Boolean(IReadOnlyList<string> values, Action<bool> set)
    {
        switch (values[^1])
        {
            case "true":
                set(true);
                return null;
            case "false":
                set(false);
                return null;
            default:
                return $"\"{values[^1]}\" is not true or false";
        }
    }

    private static string? ListenAddresses(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        var addresses = new List<ListenAddress>();
        foreach (var value in values)
        {
            if (!ListenAddress.TryParse(value, out var address, out var error))
            {
                return error;
            }

            addresses.Add(address);
        }

        if (addresses.Count == 0)
        {
            return "needs at least one address";
        }

        settings.Web.ListenAddresses = addresses;
        return null;
    }

    private static string? TelemetryPath(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        var path = values[^1];
        if (!path.StartsWith('/') || path == "/" || path.StartsWith("/-/", StringComparison.Ordinal)
            || !path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~'))
        {
            return $"\"{path}\" must start with /, hold only letters, digits and / - _ . ~, and not be / or under /-/ (the landing page and health checks)";
        }

        settings.Web.TelemetryPath = path;
        return null;
    }

    private static string? Protocols(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        var protocols = new HashSet<TransportProtocol>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (!SocketLabels.TryParseProtocol(name, out var protocol))
            {
                return $"\"{name}\" is not a protocol: expected tcp or udp";
            }

            protocols.Add(protocol);
        }

        if (protocols.Count == 0)
        {
            return "needs at least one protocol (tcp, udp)";
        }

        settings.Scan.Protocols = protocols;
        return null;
    }

    private static string? Method(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        if (!ScanMethodLabels.TryParse(values[^1], out var method))
        {
            return $"\"{values[^1]}\" is not a scan method: expected {string.Join(" or ", ScanMethodLabels.All.Select(m => m.ToLabel()))}";
        }

        settings.Scan.Method = method;
        return null;
    }

    private static string? Namespaces(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        if (!NamespaceModeLabels.TryParse(values[^1], out var mode))
        {
            return $"\"{values[^1]}\" is not a namespace choice: expected {string.Join(" or ", NamespaceModeLabels.All.Select(m => m.ToLabel()))}";
        }

        settings.Scan.Namespaces = mode;
        return null;
    }

    private static string? LogLevel(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        if (!LogFormats.TryParseLevel(values[^1], out var level))
        {
            return $"\"{values[^1]}\" is not a log level: expected debug, info, warn or error";
        }

        settings.Log.Level = level;
        return null;
    }

    private static string? LogFormat(PortWatchSettings settings, IReadOnlyList<string> values)
    {
        if (values[^1] is not (LogFormats.Logfmt or LogFormats.Json))
        {
            return $"\"{values[^1]}\" is not a log format: expected logfmt or json";
        }

        settings.Log.Format = values[^1];
        return null;
    }
}

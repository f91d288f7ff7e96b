// The scale harness (docs/benchmarks.md): builds a busy host in this process and measures PortWatch beside the
// reference tools in one run. Run as root (it raises its descriptor limit and opens 100,000 sockets):
//
//   ./build.sh publish
//   dotnet run -c Release --project bench/PortWatch.Scale -- --exporter artifacts/publish/portwatch
//
// It needs ss (iproute2), wrk, nginx and prometheus-node-exporter (bench/run-scale.sh installs them).
// With --storm it runs the scrape storm instead (bench/run-storm.sh); with --tracer, the eBPF tracer's figures; with
// --packet [--packet-sockets N], the packet and raw socket stage's cost.
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PortWatch.ProcFs;
using PortWatch.Registry;
using PortWatch.Scale;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using static PortWatch.Scale.Measure;

if (Argument("--hold-connections") is { } hold)
{
    Fixture.HoldConnections(int.Parse(hold, CultureInfo.InvariantCulture));
    return;
}

if (args.Contains("--storm"))
{
    // The scrape storm of bench/run-storm.sh.
    Storm.Run(
        Argument("--exporter") ?? throw new ArgumentException("--exporter PATH: the Native AOT binary of ./build.sh publish"),
        Argument("--script") ?? "bench/storm.lua",
        int.Parse(Argument("--seconds") ?? "30", CultureInfo.InvariantCulture),
        int.Parse(Argument("--connections") ?? "64", CultureInfo.InvariantCulture),
        Argument("--group"));
    return;
}

if (args.Contains("--tracer"))
{
    // The eBPF tracer's latency and cost (bench/run-scale.sh --tracer).
    TracerBench.Run(
        Argument("--exporter") ?? throw new ArgumentException("--exporter PATH: the Native AOT binary of ./build.sh publish"),
        args.Contains("--quick"));
    return;
}

if (args.Contains("--packet"))
{
    // The packet and raw socket stage's cost (bench/run-scale.sh --packet): scans with and without it, 0 and N sockets.
    PacketBench.Run(int.Parse(Argument("--packet-sockets") ?? "300", CultureInfo.InvariantCulture), args.Contains("--quick"));
    return;
}

if (Argument("--profile-first") is { } firstProfile)
{
    // Where a first scan with attribution spends its time (300 extra processes, the listeners held by this process).
    Fixture.RaiseDescriptorLimit();
    using var busy = new Fixture();
    busy.SetProcesses(300);
    busy.SetListeners(int.Parse(firstProfile, CultureInfo.InvariantCulture));
    var tcpOnly = new HashSet<TransportProtocol> { TransportProtocol.Tcp };
    var registryOnce = RegistryLoader.LoadEmbedded(details: false);
    var procFs = ProcFsRoot.Self;
    using var enumerator = new NetlinkSocketSource(new ProcNetSocketSource(procFs));
    var wanted = enumerator.Enumerate(tcpOnly, CancellationToken.None).Sockets.Select(s => s.Inode).ToHashSet();
    var held = new List<ulong>();
    var parts = new List<string>
    {
        $"ss -ltnpH {MedianMs(11, () => Run("ss", "-ltnpH")):F2} ms",
        $"first scan {MedianMs(11, () => { using var s = ScannerFactory.Create(new ScanOptions { Protocols = tcpOnly }, new StateOptions(), registryOnce, new ListenerHistory(), TimeProvider.System); s.Scan(); }):F2} ms",
        $"scanner created, no scan {MedianMs(11, () => ScannerFactory.Create(new ScanOptions { Protocols = tcpOnly }, new StateOptions(), registryOnce, new ListenerHistory(), TimeProvider.System).Dispose()):F2} ms",
        $"pids {MedianMs(51, () => procFs.EnumerateProcessIds()):F3} ms",
        $"fd walk (readlink every fd) {MedianMs(11, () => { foreach (var pid in procFs.EnumerateProcessIds()) { held.Clear(); procFs.ReadSocketInodes(pid, held); } }):F2} ms",
        $"fd walk on 2 threads {MedianMs(11, () => { var ps = procFs.EnumerateProcessIds(); Parallel.For(0, 2, t => { var h = new List<ulong>(); for (var i = t; i < ps.Count; i += 2) { h.Clear(); procFs.ReadSocketInodes(ps[i], h); } }); }):F2} ms",
        $"fd walk of this process alone ({procFs.CountEntries("self/fd")} descriptors) {MedianMs(11, () => { held.Clear(); procFs.ReadSocketInodes(Environment.ProcessId, held); }):F2} ms",
        $"owner walk (fd walk, names, cgroups, start times) {MedianMs(11, () => new PortWatch.Processes.SocketOwnerResolver(procFs).Walk(wanted, CancellationToken.None)):F2} ms",
    };
    Console.WriteLine($"{wanted.Count} TCP listeners, {procFs.EnumerateProcessIds().Count} processes: {string.Join(", ", parts)}");
    return;
}

if (Argument("--profile-steady") is { } profile)
{
    // A loop of steady-state scans to attach a profiler to: perf record -g -p PID (with DOTNET_PerfMapEnabled=1).
    using var busy = new Fixture();
    busy.SetListeners(int.Parse(profile, CultureInfo.InvariantCulture));
    if (Argument("--connections") is { } held)
    {
        // Where a steady-state scan's cost goes when connections are held: each part on its own, namespaces all and host.
        Fixture.RaiseDescriptorLimit();
        busy.SetProcesses(300);
        foreach (var connections in new[] { 0, int.Parse(held, CultureInfo.InvariantCulture) })
        {
            busy.SetConnections(connections);
            using var enumerator = new NetlinkSocketSource(new ProcNetSocketSource(ProcFsRoot.Self));
            var tcpOnly = new HashSet<TransportProtocol> { TransportProtocol.Tcp };
            var parts = new List<string> { $"enumerate {MedianMs(200, () => enumerator.Enumerate(tcpOnly, CancellationToken.None)):F3} ms" };
            foreach (var mode in new[] { NamespaceMode.All, NamespaceMode.Host })
            {
                using var scanner = ScannerFactory.Create(new ScanOptions { Protocols = tcpOnly, Namespaces = mode }, new StateOptions(), RegistryLoader.LoadEmbedded(details: false), new ListenerHistory(), TimeProvider.System);
                scanner.Scan();
                parts.Add($"steady scan, namespaces {mode} {MedianMs(200, () => scanner.Scan()):F3} ms");
            }

            Console.WriteLine($"{connections} connections: {string.Join(", ", parts)}");
        }

        return;
    }

    using var steady = ScannerFactory.Create(new ScanOptions { Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp } }, new StateOptions(), RegistryLoader.LoadEmbedded(details: false), new ListenerHistory(), TimeProvider.System);
    var end = DateTime.UtcNow.AddSeconds(20);
    var count = 0;
    while (DateTime.UtcNow < end)
    {
        steady.Scan();
        count++;
    }

    Console.WriteLine($"{count / 20.0:F0} scans a second");
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var gcs = GC.CollectionCount(0);
    for (var i = 0; i < 100; i++)
    {
        steady.Scan();
    }

    Console.WriteLine($"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 100 / 1024} KiB allocated a scan, {GC.CollectionCount(0) - gcs} gen0 collections in 100 scans");
    var source = new NetlinkSocketSource(new ProcNetSocketSource(ProcFsRoot.Self));
    allocated = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < 100; i++)
    {
        source.Enumerate(new HashSet<TransportProtocol> { TransportProtocol.Tcp }, CancellationToken.None);
    }

    Console.WriteLine($"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 100 / 1024} KiB allocated an enumeration");
    var inventory = source.Enumerate(new HashSet<TransportProtocol> { TransportProtocol.Tcp }, CancellationToken.None);
    var cache = new PortWatch.Processes.OwnerCache(ProcFsRoot.Self, TimeProvider.System);
    var inodes = inventory.Sockets.Select(s => s.Inode).ToArray();
    cache.Resolve(inodes, CancellationToken.None);
    long Allocated(Action work)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        work();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1024;
    }

    var history = new ListenerHistory();
    var owners = cache.Resolve(inodes, CancellationToken.None);
    var groups = ListenerBuilder.Group(inventory.Sockets);
    var sightings = history.Observe(groups.Keys, DateTimeOffset.UtcNow, TimeSpan.FromDays(7));
    var reg = RegistryLoader.LoadEmbedded(details: false);
    var open = new Dictionary<PortWatch.Sockets.ListenerKey, PortWatch.Listeners.Listener>();
    var built = ListenerBuilder.Build(groups, owners, reg, [], sightings, DateTimeOffset.UtcNow, null, null, open);
    Console.WriteLine($"resolve {Allocated(() => cache.Resolve(inodes, CancellationToken.None))} KiB, group {Allocated(() => ListenerBuilder.Group(inventory.Sockets))} KiB, observe {Allocated(() => history.Observe(groups.Keys, DateTimeOffset.UtcNow, TimeSpan.FromDays(7)))} KiB, " +
        $"build (reusing) {Allocated(() => ListenerBuilder.Build(groups, owners, reg, [], sightings, DateTimeOffset.UtcNow, open, null, new Dictionary<PortWatch.Sockets.ListenerKey, PortWatch.Listeners.Listener>()))} KiB, " +
        $"build (new) {Allocated(() => ListenerBuilder.Build(groups, owners, reg, [], sightings, DateTimeOffset.UtcNow, null, null, new Dictionary<PortWatch.Sockets.ListenerKey, PortWatch.Listeners.Listener>()))} KiB, ephemeral {Allocated(() => ProcFsRoot.Self.ReadEphemeralPorts())} KiB, " +
        $"build presized {Allocated(() => ListenerBuilder.Build(groups, owners, reg, [], sightings, DateTimeOffset.UtcNow, open, null, new Dictionary<PortWatch.Sockets.ListenerKey, PortWatch.Listeners.Listener>(groups.Count)))} KiB, sort {Allocated(() => built.Sort(PortWatch.Listeners.Listener.Order))} KiB, address text {Allocated(() => { foreach (var l in built) { _ = l.Key.AddressText; } })} KiB");
    return;
}

var exporter = Argument("--exporter") ?? throw new ArgumentException("--exporter PATH: the Native AOT binary of ./build.sh publish");
var nodeExporter = Argument("--node-exporter") ?? "/usr/bin/prometheus-node-exporter";
var quick = args.Contains("--quick");

Console.WriteLine($"# PortWatch scale run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()}, " +
    $"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; " +
    $"ss {Run("ss", "-V").Trim()}");
Console.WriteLine();

Fixture.RaiseDescriptorLimit();
using var fixture = new Fixture();
fixture.SetProcesses(300);
var registry = RegistryLoader.LoadEmbedded(details: false);
var tcp = new HashSet<TransportProtocol> { TransportProtocol.Tcp };
var both = new HashSet<TransportProtocol> { TransportProtocol.Tcp, TransportProtocol.Udp };

// 1. Enumeration and scans against ss.
Console.WriteLine("## Enumeration and scans (medians; ss includes starting its process)");
Console.WriteLine();
Console.WriteLine("| listeners | connections | `ss -ltn` | netlink, TCP | ratio | netlink, TCP+UDP | procfs, TCP+UDP | `ss -ltnp` | first scan with attribution, TCP | ratio | steady-state scan, TCP | ratio to netlink enumeration |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
var flatness = new Dictionary<int, List<double>>();
foreach (var listeners in new[] { 1000, 10000 })
{
    foreach (var connections in new[] { 0, 50000 })
    {
        fixture.SetListeners(listeners);
        fixture.SetConnections(connections);
        using var netlink = new NetlinkSocketSource(new ProcNetSocketSource(ProcFsRoot.Self));
        var procfs = new ProcNetSocketSource(ProcFsRoot.Self);
        var runs = quick ? 5 : 21;
        var netlinkTcp = MedianMs(runs * 5, () => netlink.Enumerate(tcp, CancellationToken.None));
        var netlinkBoth = MedianMs(runs * 5, () => netlink.Enumerate(both, CancellationToken.None));
        var procfsBoth = MedianMs(quick ? 3 : 7, () => procfs.Enumerate(both, CancellationToken.None));
        var ss = MedianMs(quick ? 3 : 11, () => Run("ss", "-ltnH"));
        var ssProcesses = MedianMs(quick ? 3 : 5, () => Run("ss", "-ltnpH"));
        var options = new ScanOptions { Protocols = tcp };
        var first = MedianMs(quick ? 2 : 5, () => ScannerFactory.Create(options, new StateOptions(), registry, new ListenerHistory(), TimeProvider.System).Scan());
        using var scanner = ScannerFactory.Create(options, new StateOptions(), registry, new ListenerHistory(), TimeProvider.System);
        scanner.Scan();
        var steady = MedianMs(runs * 5, () => scanner.Scan());
        (flatness.TryGetValue(listeners, out var list) ? list : flatness[listeners] = []).Add(netlinkTcp);
        Console.WriteLine($"| {listeners:N0} | {connections:N0} | {F(ss)} ms | {F(netlinkTcp)} ms | {F(netlinkTcp / ss)}x | {F(netlinkBoth)} ms | {F(procfsBoth)} ms | {F(ssProcesses)} ms | {F(first)} ms | {F(first / ssProcesses)}x | {F(steady)} ms | {F(steady / netlinkTcp)}x |");
    }
}

Console.WriteLine();
foreach (var (listeners, times) in flatness)
{
    Console.WriteLine($"Netlink enumeration at {listeners:N0} listeners: {F(times[0])} ms with no connections, {F(times[1])} ms with 50,000 ({F((times[1] / times[0] - 1) * 100, "F0")}%).");
}

fixture.SetConnections(0);
Console.WriteLine();

// 2. /metrics against nginx serving the same bytes.
fixture.SetListeners(1000);
var work = Directory.CreateTempSubdirectory("portwatch-scale-").FullName;
try
{
    using (var portwatch = Server.Start(exporter, port => [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], "/-/ready"))
    {
        using var http = new HttpClient();
        var body = http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult();
        var file = Path.Combine(work, "metrics");
        File.WriteAllText(file, body);
        var config = Path.Combine(work, "nginx.conf");
        using var nginx = Server.Start("nginx", port =>
        {
            File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
                daemon off;
                worker_processes auto;
                pid {{work}}/nginx.pid;
                error_log {{work}}/error.log;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path {{work}}; proxy_temp_path {{work}}; fastcgi_temp_path {{work}}; uwsgi_temp_path {{work}}; scgi_temp_path {{work}};
                    server {
                        listen 127.0.0.1:{{port}};
                        location = /metrics { default_type "text/plain; version=0.0.4; charset=utf-8"; alias {{file}}; }
                    }
                }
                """));
            return ["-c", config, "-p", work];
        }, "/metrics");
        var seconds = quick ? 5 : 10;
        var ours = Server.Wrk(portwatch.Url("/metrics"), seconds);
        var theirs = Server.Wrk(nginx.Url("/metrics"), seconds);
        Console.WriteLine("## /metrics at 1,000 listeners (wrk -t2 -c32, on the same two cores)");
        Console.WriteLine();
        Console.WriteLine("| server | body | requests/s | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| nginx, the same bytes from a file | {body.Length / 1024:N0} KiB | {theirs:N0} | 1.00 |");
        Console.WriteLine($"| portwatch (Native AOT) | {body.Length / 1024:N0} KiB | {ours:N0} | {F(ours / theirs)} |");
        Console.WriteLine();
    }

    // 3. Idle: resident memory and CPU with 1 s scans, this machine's listeners plus 100, 300 extra processes.
    fixture.SetListeners(100);
    using (var portwatch = Server.Start(exporter, port => [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], "/-/ready"))
    using (var node = Server.Start(nodeExporter, port => [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], "/metrics"))
    using (var http = new HttpClient())
    {
        // Ten minutes: resident memory read at two minutes hides a young generation that grows between rare collections.
        var window = TimeSpan.FromSeconds(quick ? 30 : 600);
        var early = TimeSpan.FromSeconds(quick ? 15 : 120);
        double? earlyOurs = null, earlyNode = null;
        Thread.Sleep(TimeSpan.FromSeconds(5));
        var cpuOurs = CpuSeconds(portwatch.Pid);
        var cpuNode = CpuSeconds(node.Pid);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            // Scraped every 15 s, as Prometheus does.
            http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult();
            http.GetStringAsync(node.Url("/metrics")).GetAwaiter().GetResult();
            Thread.Sleep(TimeSpan.FromSeconds(15));
            if (earlyOurs is null && clock.Elapsed >= early)
            {
                (earlyOurs, earlyNode) = (ResidentMiB(portwatch.Pid), ResidentMiB(node.Pid));
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var listeners = Run("ss", "-ltnuH").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Console.WriteLine($"## Idle, {listeners} listeners (this machine's plus 100), 300 extra processes, scraped every 15 s for {elapsed:F0} s");
        Console.WriteLine();
        Console.WriteLine($"| program | resident memory at {early.TotalSeconds:F0} s | at {elapsed:F0} s | CPU (share of one core) |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| prometheus-node-exporter (Debian) | {F(earlyNode ?? 0, "F1")} MiB | {F(ResidentMiB(node.Pid), "F1")} MiB | {F((CpuSeconds(node.Pid) - cpuNode) / elapsed * 100)}% |");
        Console.WriteLine($"| portwatch (Native AOT), scans every 1 s | {F(earlyOurs ?? 0, "F1")} MiB | {F(ResidentMiB(portwatch.Pid), "F1")} MiB | {F((CpuSeconds(portwatch.Pid) - cpuOurs) / elapsed * 100)}% |");
        Console.WriteLine();
    }

    // 4. The destroy-event stream under a churn of client sockets.
    using (var portwatch = Server.Start(exporter, port => [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], "/-/ready"))
    using (var http = new HttpClient())
    {
        double Received() => double.Parse(
            http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult().Split('\n')
                .First(l => l.StartsWith("portwatch_destroy_events_received_total ", StringComparison.Ordinal)).Split(' ')[1],
            CultureInfo.InvariantCulture);
        var before = Received();
        var cpu = CpuSeconds(portwatch.Pid);
        var (connections, seconds) = Churn.Run(TimeSpan.FromSeconds(quick ? 5 : 15));
        var used = CpuSeconds(portwatch.Pid) - cpu;
        Thread.Sleep(2000);
        Console.WriteLine("## Destroy events under churn");
        Console.WriteLine();
        Console.WriteLine($"{F(connections / seconds, "N0")} TCP connections and as many UDP senders a second for {F(seconds, "F0")} s: the exporter used " +
            $"{F(used / seconds * 100)}% of a core (scans every second included) and read {Received() - before:N0} destroy messages: the kernel's filter dropped the rest.");
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

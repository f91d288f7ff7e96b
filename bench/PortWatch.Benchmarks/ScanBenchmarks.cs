using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PortWatch.ProcFs;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Benchmarks;

/// <summary>
/// One scan of this host against <c>ss -ltnup</c>, the reference tool, doing the same job (listening TCP and UDP
/// sockets with their processes) in one run, with 1,000 extra listeners open. The ss figure includes starting
/// the process, which is what a user or a cron job pays for it.
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private Listeners? listeners;
    private Scanner? scanner;
    private Scanner? scannerWithoutProcesses;
    private ProcNetSocketSource? source;

    [Params(1000)]
    public int ExtraListeners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        listeners = new Listeners(ExtraListeners);
        var registry = RegistryLoader.LoadEmbedded();
        scanner = ScannerFactory.Create(new ScanOptions(), new StateOptions(), registry, new ListenerHistory(), TimeProvider.System);
        scannerWithoutProcesses = ScannerFactory.Create(new ScanOptions { AttributeProcesses = false }, new StateOptions(), registry, new ListenerHistory(), TimeProvider.System);
        source = new ProcNetSocketSource(new ProcFsRoot("/proc"));
    }

    [GlobalCleanup]
    public void Cleanup() => listeners?.Dispose();

    [Benchmark(Baseline = true, Description = "ss -ltnupH (process)")]
    public int Ss()
    {
        using var process = Process.Start(new ProcessStartInfo("ss", "-ltnupH") { RedirectStandardOutput = true })!;
        var lines = process.StandardOutput.ReadToEnd().Count(c => c == '\n');
        process.WaitForExit();
        return lines;
    }

    [Benchmark(Description = "scan: enumerate+attribute+classify")]
    public int Scan() => scanner!.Scan(CancellationToken.None).Listeners.Count;

    [Benchmark(Description = "scan without process attribution")]
    public int ScanWithoutProcesses() => scannerWithoutProcesses!.Scan(CancellationToken.None).Listeners.Count;

    [Benchmark(Description = "enumerate only (/proc/net parse)")]
    public int Enumerate() => source!.Enumerate(new HashSet<TransportProtocol> { TransportProtocol.Tcp, TransportProtocol.Udp }, CancellationToken.None).Sockets.Count;
}

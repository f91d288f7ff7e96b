using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>Puts a scanner together over the proc filesystem at <see cref="ScanOptions.ProcFsPath"/>.</summary>
internal static class ScannerFactory
{
    public static Scanner Create(ScanOptions options, StateOptions stateOptions, PortRegistry registry, ListenerHistory history, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var procFs = new ProcFsRoot(options.ProcFsPath);
        return new Scanner(new ProcNetSocketSource(procFs), new SocketOwnerResolver(procFs), registry, options, stateOptions, history, time);
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using static PortWatch.Scale.Measure;

namespace PortWatch.Scale;

/// <summary>
/// What the packet and raw socket stage (issue 17) costs a scan, side by side in one run (bench/run-scale.sh --packet):
/// 1,000 listeners held by this process, 300 extra processes, and 0 or N packet and raw sockets held by this process
/// (0, 12 as a busy real host might hold, and N: a third AF_PACKET with a classic BPF filter, a third AF_PACKET ARP, a third
/// raw ICMP), each scanned by the scanner
/// as it ships and by the same scanner without the packet stage. First scan: a new scanner, one scan with attribution
/// (median of 11). Steady state: one scanner of each, scanned again in turn, one scan of each a round (median of 200).
/// </summary>
internal static class PacketBench
{
    private static readonly bool[] Stages = [false, true];

    public static void Run(int packetSockets, bool quick)
    {
        Fixture.RaiseDescriptorLimit();
        using var fixture = new Fixture();
        fixture.SetProcesses(300);
        fixture.SetListeners(1000);
        var registry = RegistryLoader.LoadEmbedded(details: false);
        var options = new ScanOptions { Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp, TransportProtocol.Udp } };
        var (firstRuns, steadyRuns) = quick ? (5, 50) : (11, 200);
        Console.WriteLine($"# Packet and raw sockets: scan cost, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}, {RuntimeInformation.FrameworkDescription}; " +
            $"1,000 listeners (TCP and UDP, 127.0.0.1 and ::1), 300 extra processes, scans of TCP and UDP in every namespace; first scan median of {firstRuns}, steady state median of {steadyRuns}");
        Console.WriteLine();
        Console.WriteLine("| packet + raw sockets held | packet stage | first scan | steady-state scan | series of portwatch_packet_sockets |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var count in new[] { 0, 12, packetSockets })
        {
            using var held = new HeldPacketSockets(count);
            // The two scanners' steady-state scans alternate, one of each a round, so that whatever else the machine
            // does in the run weighs on both alike.
            var scanners = Stages.Select(stage => ScannerFactory.Create(options, new StateOptions(), registry, new ListenerHistory(), TimeProvider.System, packetSockets: stage)).ToArray();
            var seriesOf = scanners.Select(s => s.Scan().PacketSockets.Count).ToArray();
            var steadyTimes = new[] { new List<double>(), new List<double>() };
            for (var round = 0; round < steadyRuns; round++)
            {
                for (var i = 0; i < 2; i++)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    scanners[i].Scan();
                    steadyTimes[i].Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            foreach (var scanner in scanners)
            {
                scanner.Dispose();
            }

            var rows = new List<(string Stage, double First, double Steady, int Series)>();
            foreach (var stage in Stages)
            {
                var first = MedianMs(firstRuns, () =>
                {
                    using var scanner = ScannerFactory.Create(options, new StateOptions(), registry, new ListenerHistory(), TimeProvider.System, packetSockets: stage);
                    scanner.Scan();
                });
                var times = steadyTimes[stage ? 1 : 0].Order().ToList();
                rows.Add((stage ? "on (as shipped)" : "off (before)", first, times[times.Count / 2], seriesOf[stage ? 1 : 0]));
            }

            foreach (var (stage, first, steady, series) in rows)
            {
                Console.WriteLine($"| {count.ToString("N0", CultureInfo.InvariantCulture)} | {stage} | {F(first)} ms | {F(steady, "F3")} ms | {series} |");
            }

            Console.WriteLine($"| {count.ToString("N0", CultureInfo.InvariantCulture)} | on against off | {Percent(rows[1].First / rows[0].First)}% | {Percent(rows[1].Steady / rows[0].Steady)}% | |");
        }
    }

    // +10.1, -4.3, 0.0: rounded before the sign is chosen, so that -0.04 prints 0.0 and not "-+0.0".
    private static string Percent(double ratio) => F(Math.Round((ratio - 1) * 100, 1), "+0.0;-0.0;0.0");

    /// <summary>Packet and raw sockets in this process: AF_PACKET ETH_P_ALL with a one-instruction classic BPF filter, AF_PACKET ARP, raw ICMP, in turn.</summary>
    private sealed class HeldPacketSockets : IDisposable
    {
        private readonly List<Socket> sockets = [];
        private readonly nint program = Marshal.AllocHGlobal(8);

        public HeldPacketSockets(int count)
        {
            // struct sock_filter "ret #0xffff" (accept every frame), and struct sock_fprog { u16 len; struct sock_filter *filter; }.
            Marshal.WriteInt16(program, 0, 0x06);
            Marshal.WriteInt16(program, 2, 0);
            Marshal.WriteInt32(program, 4, 0xffff);
            var fprog = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(fprog, 1);
            BinaryPrimitives.WriteInt64LittleEndian(fprog.AsSpan(8), program);
            for (var i = 0; i < count; i++)
            {
                var socket = (i % 3) switch
                {
                    0 => new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)BinaryPrimitives.ReverseEndianness((ushort)0x0003)),
                    1 => new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)BinaryPrimitives.ReverseEndianness((ushort)0x0806)),
                    _ => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp),
                };
                if (i % 3 == 0)
                {
                    socket.SetRawSocketOption(1, 26, fprog); // SOL_SOCKET, SO_ATTACH_FILTER
                }

                sockets.Add(socket);
            }
        }

        public void Dispose()
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            Marshal.FreeHGlobal(program);
        }
    }
}

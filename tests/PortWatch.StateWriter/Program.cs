// A process for the kill -9 test of the state file (tests/PortWatch.IntegrationTests/Hosting/StateFileKillTests.cs):
// it opens the state file as the exporter does (StateFile.Open: leftovers of killed saves removed, a file that
// cannot be read moved aside), then saves a growing record in a loop with the exporter's own StateFile.Save, one
// listener more each time, and says so before and after each save. Listener i is tcp 10.x.y.z:port, first seen
// at the Unix epoch + i seconds, so that the test can check every listener of a save it was told of.
//
// usage: portwatch-state-writer --file PATH [--base N] [--saves N]
//   --base N:  listeners of a record that does not exist yet (default 20000), so that a save takes a while
//   --saves N: stop after N saves (default: until killed)
// prints: opened LISTENERS LEFTOVERS_REMOVED   (or "reset ERROR" when the file could not be read, and exits 3)
//         begin LISTENERS                      (a save of that many listeners starts)
//         saved LISTENERS MICROSECONDS         (the save returned: it is on disk)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using PortWatch.Sockets;
using PortWatch.State;

var file = "";
var baseCount = 20000;
var saves = long.MaxValue;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--file":
            file = args[++i];
            break;
        case "--base":
            baseCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--saves":
            saves = long.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"portwatch-state-writer: unknown argument {args[i]}");
            return 2;
    }
}

var opened = StateFile.Open(file, DateTimeOffset.UtcNow);
if (opened.Reset is { } reset)
{
    Console.WriteLine($"reset {reset.Error}");
    return 3;
}

var history = opened.History;
var count = history.Sightings.Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"opened {count} {opened.LeftoversRemoved}"));
if (count == 0)
{
    history = new ListenerHistory(DateTimeOffset.UnixEpoch, Enumerable.Range(0, baseCount).Select(i => new KeyValuePair<ListenerKey, ListenerSighting>(Key(i), Sighting(i))));
    count = baseCount;
}

for (long done = 0; done < saves; done++)
{
    history.RecordClosed(Key(count), Sighting(count).FirstSeen);
    count++;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"begin {count}"));
    var started = Stopwatch.GetTimestamp();
    StateFile.Save(file, history);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saved {count} {(long)Stopwatch.GetElapsedTime(started).TotalMicroseconds}"));
}

return 0;

static ListenerKey Key(int i) =>
    new(TransportProtocol.Tcp, IpFamily.IPv4, new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), 1024 + (i % 60000));

static ListenerSighting Sighting(int i) => new(DateTimeOffset.UnixEpoch.AddSeconds(i), DateTimeOffset.UnixEpoch.AddSeconds(i));

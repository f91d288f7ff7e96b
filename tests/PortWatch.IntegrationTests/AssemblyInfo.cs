using System.Runtime.Versioning;
using Xunit;

// The tests open fixed ports (12, 13, 10133) and compare the whole host's listeners with ss: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// PortWatch reads Linux's /proc and sockets: so do its integration tests.
[assembly: SupportedOSPlatform("linux")]

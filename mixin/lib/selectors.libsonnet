// Label matchers that the alerts and the dashboards share, written once: what
// PortwatchListenerFromHiddenExecutable and PortwatchFilteredPacketSocket page on, and what the dashboards
// count as such.
{
  // A process run from memory or from a binary deleted after it started, not expected (listeners, packet sockets).
  hiddenExecutable: 'executable=~"memfd|deleted", expected="false"',
  // A packet socket with a classic BPF filter attached, not expected.
  filteredPacketSocket: 'filter="bpf", expected="false"',
}

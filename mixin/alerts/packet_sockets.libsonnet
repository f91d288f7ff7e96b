// The alerts about sockets that need no port and processes that hide (issue 17): a group of
// prometheusAlerts, made by alerts.libsonnet with its helpers (rule, held, heldPackets, where, netns, owners).
//
// portwatch_packet_sockets (docs/metrics.md) counts packet (AF_PACKET) and raw IP sockets that share every
// label; its value is that count, not 1. Its identity (the labels of
// portwatch_packet_socket_first_seen_timestamp_seconds) is kind, netns, protocol, interface, filter, process.
// The `executable` label, on it and on portwatch_listener_info, is the worst class over the socket's owners:
// memfd, deleted, writable, replaced, file, unknown, none. Only memfd and deleted page; writable makes a
// ticket; replaced (an upgraded daemon not restarted yet) is info and never pages.
local selectors = import '../lib/selectors.libsonnet';
local text = import '../lib/text.libsonnet';

function(h)
  local c = h.config;
  // What a packet socket series is, for a description: "2 packet sockets (protocol all, interface any,
  // filter bpf) owned by process ..., executable memfd". The value is how many share the labels.
  local packetSubject = '{{ $value }} {{ $labels.kind }} socket(s) (protocol {{ $labels.protocol }}, interface {{ $labels.interface }}, filter {{ $labels.filter }}%s) owned by %s, executable {{ $labels.executable }}' % [h.netns, h.owners];
  local listenerSubject = 'a {{ $labels.protocol }} listener on {{ $labels.address }} port {{ $labels.port }} ({{ $labels.family }}, exposure {{ $labels.exposure }}%s) owned by %s' % [h.netns, h.owners];
  // An executable alert: one name, two rules (listeners, packet and raw sockets), as the same fault can
  // hold either, told apart by the `socket` label (listener or packet). `matchers` select the executable
  // class (and expected="false" where it applies).
  local executableRules(name, matchers, forDuration, severity, summary, why) = [
    h.rule(
      name,
      h.held(matchers),
      forDuration,
      severity,
      'Listener {{ $labels.protocol }}/{{ $labels.port }} on {{ $labels.instance }} %s' % summary + h.where,
      '{{ $labels.instance }} has %s. %s' % [listenerSubject, why],
      labels={ socket: 'listener' },
    ),
    h.rule(
      name,
      h.heldPackets(matchers),
      forDuration,
      severity,
      '{{ $labels.kind }} socket of {{ $labels.process }} on {{ $labels.instance }} %s' % summary + h.where,
      '{{ $labels.instance }} has %s. %s' % [packetSubject, why],
      labels={ socket: 'packet' },
    ),
  ];
  {
    name: 'portwatch-packet-sockets',
    rules: [
      // A packet or raw socket with a classic BPF filter attached (SO_ATTACH_FILTER) that nobody expects:
      // the shape of a BPFDoor-style implant, which reads every frame before the firewall and wakes on a
      // magic packet, with no port for a scanner to find. The DHCP clients and network daemons that do this
      // for a living are expected out of the box by the path of their executable (never by their name,
      // which a process chooses). Critical, for: 0s, as the unassigned well-known port is. The kernel
      // reports filters only to an exporter with CAP_NET_ADMIN: without it filter is "unknown", this does
      // not fire, and PortwatchNewPacketSocket is what remains.
      h.rule(
        'PortwatchFilteredPacketSocket',
        h.heldPackets(selectors.filteredPacketSocket),
        c.filteredPacketSocketFor,
        'critical',
        'Filtered {{ $labels.kind }} socket of {{ $labels.process }} on {{ $labels.instance }}' + h.where,
        "{{ $labels.instance }} has %s. A classic BPF filter is attached: the socket sees the packets the filter picks on the wire, before any firewall, and needs no port, which is how BPFDoor-style implants wait for a magic packet. It is not in PortWatch's expected list nor among the network daemons it expects by executable path." % packetSubject,
      ),

      // A packet or raw socket identity first seen after the baseline, as PortwatchNewListener for
      // listeners: the same strict `>`, the same 24h window, the same 1m `for:`. Shape: the packet sockets
      // (held over scrape gaps, expected="false") times 0, plus, on the identity, the first-seen time when it
      // is new: the alert carries every label of the packet-socket series, and its value is the first-seen
      // Unix time. Several series can share an identity (another executable or owner): group_left.
      h.rule(
        'PortwatchNewPacketSocket',
        |||
          (
            %(held)s
          ) * 0
          + on(job, instance, kind, netns, protocol, interface, filter, process) group_left()
          (
            (
              last_over_time(portwatch_packet_socket_first_seen_timestamp_seconds[%(hold)s])
              > on(job, instance) group_left()
              last_over_time(portwatch_baseline_timestamp_seconds[%(hold)s])
            )
            > time() - %(window)d
          )
        ||| % { held: std.strReplace(text.chomp(h.heldPackets('expected="false"')), '\n', '\n  '), hold: c.scrapeGapHold, window: c.newListenerWindowSeconds },
        c.newPacketSocketFor,
        'warning',
        'New {{ $labels.kind }} socket of {{ $labels.process }} on {{ $labels.instance }}' + h.where,
        "{{ $labels.instance }} has a new {{ $labels.kind }} socket (protocol {{ $labels.protocol }}, interface {{ $labels.interface }}, filter {{ $labels.filter }}%s) owned by %s, executable {{ $labels.executable }}, first seen {{ $value | humanizeTimestamp }}. Packet and raw sockets see traffic without a port. It is not in PortWatch's expected list." % [h.netns, h.owners],
      ),
    ]
    // memfd: run from memory (memfd_create + fexecve), no file holds its code; deleted: its binary was
    // unlinked after it started and nothing stands at the path. What implants do to leave nothing on disk.
    // Critical, for: 0s. A package upgrade replaces a binary (dpkg renames the new file over it): that is
    // "replaced", never "deleted".
    + executableRules(
      'PortwatchListenerFromHiddenExecutable',
      selectors.hiddenExecutable,
      c.hiddenExecutableFor,
      'critical',
      'runs from {{ if eq $labels.executable "memfd" }}memory{{ else }}a deleted binary{{ end }}',
      "Its process runs {{ if eq $labels.executable \"memfd\" }}from memory (memfd_create and fexecve): no file on disk holds its code{{ else }}a binary that was deleted after it started: nothing stands at its path now{{ end }}. Implants do this to leave nothing to find; copy /proc/<pid>/exe before anything else. It is not in PortWatch's expected list.",
    )
    // writable: the binary, or a directory above it, can be written by someone other than root (/tmp,
    // /dev/shm, a home directory). Developers run such listeners every day: a ticket, after 10 minutes.
    + executableRules(
      'PortwatchListenerFromWritableExecutable',
      'executable="writable", expected="false"',
      c.writableExecutableFor,
      'warning',
      'runs from a binary others can change',
      "Its process's binary, or a directory above it, can be written by someone other than root (a non-root owner, or a group or other write bit, as in /tmp, /dev/shm or a home directory): whoever can write there decides what runs with this process's rights. It has been so for %s. It is not in PortWatch's expected list." % text.duration(c.writableExecutableFor),
    )
    // replaced: the link says deleted but a file stands at the path again, as after a package upgrade. The
    // daemon still runs the old code until it restarts. Info (never pages), expected or not.
    + executableRules(
      'PortwatchListenerBinaryReplaced',
      'executable="replaced"',
      c.binaryReplacedFor,
      'info',
      'runs a binary replaced since it started',
      'Its binary was replaced on disk after the process started, as a package upgrade does: it still runs the old code, without the fixes of the new one, until it is restarted. It has been so for %s.' % text.duration(c.binaryReplacedFor),
    ),
  }

using System.Net;
using PortWatch.Registry;
using PortWatch.Listeners;
using PortWatch.Sockets;
using PortWatch.Yaml;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Configuration;

/// <summary>
/// Reads the config's <c>expected:</c> list: mappings with any of <c>protocol</c>, <c>port</c> (a number or a
/// range such as <c>8000-8099</c>), <c>address</c>, <c>process</c>, <c>unit</c>, <c>container</c>, <c>pod</c>,
/// <c>k8s_namespace</c>, <c>netns</c> (<c>host</c> or a namespace inode), <c>exe</c> (the target of
/// <c>/proc/&lt;pid&gt;/exe</c>) and <c>kind</c> (<c>packet</c> or <c>raw</c>: an entry about sockets without a port); at least one is required.
/// </summary>
internal static class ExpectedListParser
{
    private static readonly string[] Keys = ["protocol", "port", "address", "process", "unit", "container", "pod", "k8s_namespace", "netns", "exe", "kind"];

    public static IReadOnlyList<ExpectedListener> Parse(YamlReader reader, YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (YamlReader.IsNull(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw reader.At(node, "expected: must be a list of listeners, such as - {protocol: tcp, port: 22, process: sshd}");
        }

        return [.. sequence.Children.Select(entry => ParseEntry(reader, entry))];
    }

    private static ExpectedListener ParseEntry(YamlReader reader, YamlNode node)
    {
        var mapping = reader.Mapping(node, "an expected: entry");
        TransportProtocol? protocol = null;
        int? first = null, last = null;
        IPAddress? address = null;
        string? process = null, unit = null, container = null, pod = null, k8sNamespace = null, exe = null, kind = null;
        ulong? netns = null;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = reader.Key(keyNode);
            var value = valueNode is YamlScalarNode { Value: { } text } && !YamlReader.IsNull(valueNode)
                ? text
                : throw reader.At(valueNode, $"expected: {key}: must be a single value");
            Exception Bad(string what) => reader.At(valueNode, $"expected: {key}: \"{value}\" {what}");
            switch (key)
            {
                case "protocol":
                    protocol = SocketLabels.TryParseProtocol(value, out var p) ? p : throw Bad("is not tcp or udp");
                    break;
                case "port":
                    (first, last) = PortNumbers.TryParseRange(value, out var f, out var l) ? (f, l) : throw Bad("is not a port (0-65535) or a range such as 8000-8099");
                    break;
                case "address":
                    address = IPAddress.TryParse(value, out var a) ? a : throw Bad("is not an IP address");
                    break;
                case "process":
                    process = value;
                    break;
                case "unit":
                    unit = value;
                    break;
                case "container":
                    container = value;
                    break;
                case "pod":
                    pod = value;
                    break;
                case "k8s_namespace":
                    k8sNamespace = value;
                    break;
                case "exe":
                    exe = value.StartsWith('/') ? value : throw Bad("is not an absolute path (the target of /proc/<pid>/exe, such as /usr/sbin/sshd)");
                    break;
                case "kind":
                    kind = PacketSocketKeyLabels.TryParseKind(value, out _) ? value : throw Bad("is not packet or raw");
                    break;
                case "netns":
                    netns = ListenerKey.ParseNetns(value) ?? throw Bad("is not host or a network namespace inode");
                    break;
                default:
                    throw reader.At(keyNode,
                        $"unknown key \"{key}\" in an expected: entry (allowed: {string.Join(", ", Keys)})");
            }
        }

        if (mapping.Children.Count == 0)
        {
            throw reader.At(node, $"an expected: entry needs at least one of {string.Join(", ", Keys)}");
        }

        if (kind is not null && (protocol is not null || first is not null || address is not null))
        {
            throw reader.At(node, $"an expected: entry with kind: {kind} is about sockets without a port: protocol, port and address do not apply (use process, exe, unit, container, pod, k8s_namespace, netns)");
        }

        return new ExpectedListener(protocol, first, last, process, address)
        {
            Exe = exe,
            Kind = kind,
            Unit = unit,
            Container = container,
            Pod = pod,
            K8sNamespace = k8sNamespace,
            Netns = netns,
        };
    }
}

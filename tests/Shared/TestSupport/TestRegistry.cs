using PortWatch.Registry;

namespace PortWatch.TestSupport;

/// <summary>Registries for tests: small ones from CSV text, and the embedded snapshot loaded once.</summary>
internal static class TestRegistry
{
    public const string Header = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Known Unauthorized Uses,Assignment Notes";

    private static readonly Lazy<PortRegistry> EmbeddedRegistry = new(() => RegistryLoader.LoadEmbedded());

    public static PortRegistry Embedded => EmbeddedRegistry.Value;

    /// <summary>A registry from rows in IANA's column order (the header is added).</summary>
    public static PortRegistry FromRows(params string[] rows) =>
        new(Parse(rows).Records, new RegistryInfo(RegistryInfo.Embedded, new DateOnly(2026, 1, 2)));

    public static IanaCsvDocument Parse(params string[] rows) =>
        IanaCsvParser.Parse(new StringReader(string.Join('\n', [Header, .. rows]) + "\n"));

    /// <summary>A small registry that still has every status: 22 ssh, 24 private, 0 reserved, 12 unassigned, x11 range.</summary>
    public static PortRegistry Small() => FromRows(
        ",0,tcp,Reserved,,,,,,,,",
        ",0,udp,Reserved,,,,,,,,",
        ",12,tcp,Unassigned,,,,,,,,",
        "ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,",
        "ssh,22,udp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,",
        ",24,,any private mail system,,,,,,,,",
        "domain,53,tcp,Domain Name Server,,,,,,,,",
        "domain,53,udp,Domain Name Server,,,,,,,,",
        "http,80,tcp,World Wide Web HTTP,,,,,,,,",
        "x11,6000-6063,tcp,X Window System,,,,,,,Known Unauthorized Use on port 6003,");
}

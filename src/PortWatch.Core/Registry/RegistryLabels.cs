namespace PortWatch.Registry;

/// <summary>The label values of classifications, as metrics, JSON and tables spell them.</summary>
internal static class RegistryLabels
{
    public const string NoService = "none";

    public static IReadOnlyList<PortRange> Ranges { get; } = [PortRange.System, PortRange.User, PortRange.Dynamic];

    public static IReadOnlyList<IanaStatus> Statuses { get; } =
        [IanaStatus.Assigned, IanaStatus.Reserved, IanaStatus.Private, IanaStatus.Unassigned];

    public static PortRange RangeOf(int port) => port switch
    {
        <= 1023 => PortRange.System,
        <= 49151 => PortRange.User,
        _ => PortRange.Dynamic,
    };

    public static string ToLabel(this PortRange range) => range switch
    {
        PortRange.System => "system",
        PortRange.User => "user",
        _ => "dynamic",
    };

    public static string ToLabel(this IanaStatus status) => status switch
    {
        IanaStatus.Assigned => "assigned",
        IanaStatus.Reserved => "reserved",
        IanaStatus.Private => "private",
        _ => "unassigned",
    };
}
